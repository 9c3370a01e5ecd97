import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditLog, type AuditEntry } from '../../../src/engine/audit.js';
import { parseEntry, readActionLog } from '../../../src/engine/audit-read.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flotilla-audit-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (minute: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  time: `2026-12-03T12:${String(minute).padStart(2, '0')}:00.000Z`,
  user: 'alice',
  cluster: 'one',
  app: 'web',
  verb: 'PATCH',
  object: 'configmaps web/settings',
  result: 'ok',
  status: 200,
  ...over,
});

describe('readActionLog', () => {
  it('reads what the audit log wrote, newest first, in the words the action log shows', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = openAuditLog({ FLOTILLA_AUDIT_LOG: path });
    log.append(entry(1));
    log.append(
      entry(2, { verb: 'DELETE', object: 'pods web/x', result: 'error', status: 409, message: 'conflict' }),
    );
    log.append(
      entry(3, { verb: 'POST', app: undefined, object: 'leases.coordination.k8s.io flotilla-system/l' }),
    );
    const read = await readActionLog(path);
    expect(read.map((e) => e.verb)).toEqual(['create', 'delete', 'patch']);
    expect(read[1]).toEqual({
      time: Date.parse('2026-12-03T12:02:00.000Z'),
      user: 'alice',
      cluster: 'one',
      app: 'web',
      verb: 'delete',
      object: 'pods web/x',
      result: 'failed 409',
      message: 'conflict',
    });
    expect(read[0]?.app).toBeUndefined();
  });

  it('an absent log is empty; a torn or foreign line is left out; the limit keeps the newest', async () => {
    expect(await readActionLog(join(dir, 'none.jsonl'))).toEqual([]);
    const path = join(dir, 'audit.jsonl');
    const lines = [1, 2, 3, 4].map((m) => JSON.stringify(entry(m)));
    writeFileSync(
      path,
      `${lines.slice(0, 2).join('\n')}\nnot json\n{"time":"x"}\n${lines.slice(2).join('\n')}\n{"time":"2026`,
    );
    const read = await readActionLog(path, 3);
    expect(read.map((e) => new Date(e.time).getUTCMinutes())).toEqual([4, 3, 2]);
  });

  it('calls a write read-only mode kept back "refused", and one with no answer "failed"', () => {
    const refused = parseEntry(
      JSON.stringify(
        entry(1, {
          result: 'error',
          status: undefined,
          message: 'Cluster one is read-only in this fleet: flotilla refused to send PATCH',
        }),
      ),
    );
    expect(refused?.result).toBe('refused');
    const lost = parseEntry(
      JSON.stringify(entry(1, { result: 'error', status: undefined, message: 'ECONNRESET' })),
    );
    expect(lost?.result).toBe('failed');
  });
});
