import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/engine/audit.js';
import { auditLogPath, openAuditLog } from '../../../src/engine/audit.js';
import { ProblemError } from '../../../src/engine/problem.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flotilla-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  time: '2026-12-03T12:00:00.000Z',
  user: 'alice',
  cluster: 'prod-eu',
  app: 'web',
  verb: 'PATCH',
  object: 'apps/Deployment/web/api',
  result: 'ok',
  status: 200,
  ...over,
});

const mode = (path: string) => statSync(path).mode & 0o777;
const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);

describe('auditLogPath', () => {
  it('prefers FLOTILLA_AUDIT_LOG, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(auditLogPath({ FLOTILLA_AUDIT_LOG: '/x/a.jsonl', XDG_STATE_HOME: '/s', HOME: '/h' })).toBe(
      '/x/a.jsonl',
    );
    expect(auditLogPath({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/flotilla/audit.jsonl');
    expect(auditLogPath({ HOME: '/h' })).toBe('/h/.local/state/flotilla/audit.jsonl');
  });
});

describe('openAuditLog', () => {
  it('touches nothing until the first entry, then creates the directory 0700 and the file 0600', () => {
    const log = openAuditLog({ XDG_STATE_HOME: join(dir, 'state') });
    expect(() => statSync(join(dir, 'state'))).toThrow();
    log.append(entry());
    expect(log.path).toBe(join(dir, 'state', 'flotilla', 'audit.jsonl'));
    expect(mode(join(dir, 'state', 'flotilla'))).toBe(0o700);
    expect(mode(log.path)).toBe(0o600);
  });

  it('appends one JSON line per entry, keeping earlier lines', () => {
    const log = openAuditLog({ FLOTILLA_AUDIT_LOG: join(dir, 'a.jsonl') });
    log.append(entry());
    log.append(entry({ verb: 'DELETE', result: 'error', status: 403, message: 'forbidden\nsecond line' }));
    expect(lines(log.path)).toEqual([
      entry(),
      entry({ verb: 'DELETE', result: 'error', status: 403, message: 'forbidden\nsecond line' }),
    ]);
    expect(readFileSync(log.path, 'utf8').split('\n')).toHaveLength(3); // two lines and the final newline
  });

  it('writes only the entry fields and masks credentials in messages', () => {
    const log = openAuditLog({ FLOTILLA_AUDIT_LOG: join(dir, 'a.jsonl') });
    const withBody = {
      ...entry({ message: 'failed: Authorization: Bearer abc.def' }),
      body: { data: { password: 'hunter2' } },
    };
    log.append(withBody as AuditEntry);
    const text = readFileSync(log.path, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc.def');
    expect(Object.keys(lines(log.path)[0] as object)).not.toContain('body');
  });

  it('narrows an existing file others can read, and never widens one', () => {
    const wide = join(dir, 'wide.jsonl');
    writeFileSync(wide, '');
    chmodSync(wide, 0o644);
    openAuditLog({ FLOTILLA_AUDIT_LOG: wide }).append(entry());
    expect(mode(wide)).toBe(0o600);

    const narrow = join(dir, 'narrow.jsonl');
    writeFileSync(narrow, '');
    chmodSync(narrow, 0o400 | 0o200);
    openAuditLog({ FLOTILLA_AUDIT_LOG: narrow }).append(entry());
    expect(mode(narrow)).toBe(0o600);
    chmodSync(narrow, 0o200);
    openAuditLog({ FLOTILLA_AUDIT_LOG: narrow }).append(entry());
    expect(mode(narrow)).toBe(0o200);
  });

  it("narrows flotilla's own directory but leaves a directory named by FLOTILLA_AUDIT_LOG alone", () => {
    mkdirSync(join(dir, 'state', 'flotilla'), { recursive: true, mode: 0o755 });
    chmodSync(join(dir, 'state', 'flotilla'), 0o755);
    openAuditLog({ XDG_STATE_HOME: join(dir, 'state') }).append(entry());
    expect(mode(join(dir, 'state', 'flotilla'))).toBe(0o700);

    mkdirSync(join(dir, 'shared'), { mode: 0o755 });
    chmodSync(join(dir, 'shared'), 0o755);
    openAuditLog({ FLOTILLA_AUDIT_LOG: join(dir, 'shared', 'a.jsonl') }).append(entry());
    expect(mode(join(dir, 'shared'))).toBe(0o755);
  });

  it('reports an unwritable log as a problem naming the path', () => {
    writeFileSync(join(dir, 'file'), '');
    const log = openAuditLog({ FLOTILLA_AUDIT_LOG: join(dir, 'file', 'a.jsonl') });
    let error: unknown;
    try {
      log.append(entry());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problems[0]).toMatchObject({ code: 'audit.unwritable' });
    expect((error as ProblemError).problems[0]?.message).toContain(join(dir, 'file', 'a.jsonl'));
  });
});
