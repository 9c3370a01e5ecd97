/** `flotilla history` and the history lines of `flotilla status`: the table, the pause and a failed last sync
 * in plain words, text from the cluster made safe, and the command's exit codes against a scripted engine. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { showHistory } from '../../../src/cli/history.js';
import { formatHistory, formatHistoryDiff } from '../../../src/cli/history-output.js';
import { historyJson, historyNotes } from '../../../src/cli/status-history.js';
import type { AppRecord, AutoSyncPause, HistoryEntry } from '../../../src/engine/history/index.js';
import { fail, ok } from '../../../src/engine/problem.js';
import { CLEAR, OSC52, UNSAFE_CHAR } from '../../support/hostile-text.js';

const now = Date.parse('2026-12-03T12:10:00Z');

const entry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: 1,
  operationId: 'op',
  kind: 'sync',
  revision: '0123456789abcdef0123456789abcdef01234567',
  commit: { subject: 'Raise replicas', author: 'Bob <bob@example.com>', date: '2026-12-03T11:00:00Z' },
  startedAt: '2026-12-03T12:00:00.000Z',
  finishedAt: '2026-12-03T12:05:00.000Z',
  initiator: { user: 'alice', host: 'ops-1' },
  result: 'Succeeded',
  partial: false,
  prune: false,
  manifestDigest: 'sha256:00',
  applied: 3,
  pruned: 0,
  attempts: 1,
  ...over,
});

const pause: AutoSyncPause = {
  by: 'alice',
  host: 'ops-1',
  at: '2026-12-03T12:06:00Z',
  reason: 'rollback to #1 (0123456)',
  revision: '0123456789abcdef0123456789abcdef01234567',
  source: 'rollback',
};

describe('formatHistory', () => {
  it('shows one row per entry, newest first, with who ran it, the result, scope, counts and commit', () => {
    const record: AppRecord = {
      history: [
        entry({
          id: 3,
          kind: 'auto-sync',
          initiator: { user: 'agent', host: 'ops-2' },
          finishedAt: '2026-12-03T12:09:00Z',
        }),
        entry({ id: 2, kind: 'rollback', rollbackOf: 1, partial: true, prune: true, pruned: 2 }),
        entry({ id: 1, result: 'Failed', attempts: 3, message: 'boom' }),
      ],
    };
    const lines = formatHistory('web', record, now).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +FINISHED +RUN +RESULT +SCOPE +OBJECTS +REVISION$/);
    expect(lines[1]).toMatch(
      /^#3 +1m ago \(2026-12-03 12:09:00Z\) +auto-sync on ops-2 +Succeeded +full +3 applied, 0 pruned +0123456 Raise replicas$/,
    );
    expect(lines[2]).toMatch(/rollback of #1 by alice@ops-1 +Succeeded +partial, prune +3 applied, 2 pruned/);
    expect(lines[3]).toMatch(/^#1 +5m ago .* sync by alice@ops-1 +Failed ×3 attempts/);
  });

  it('puts the pause and a failed last sync above the table', () => {
    const text = formatHistory(
      'web',
      { history: [entry({ result: 'Failed', message: 'Job pre-check failed' })], pause },
      now,
    );
    const [first, second] = text.split('\n');
    expect(first).toBe(
      'Auto-sync is paused: by alice on ops-1 at 2026-12-03T12:06:00Z: rollback to #1 (0123456) (pinned 0123456). Resume with `flotilla autosync web resume`.',
    );
    expect(second).toBe('The last sync failed: Job pre-check failed');
  });

  it('says when there is no history yet', () => {
    expect(formatHistory('web', { history: [] }, now)).toBe(
      'App web has no sync history on its cluster yet.\n',
    );
  });

  it('makes text from the cluster and Git safe for the terminal', () => {
    const hostile = `x${OSC52}y${CLEAR}\nz`;
    const record: AppRecord = {
      history: [
        entry({
          result: 'Failed',
          message: hostile,
          initiator: { user: hostile, host: hostile },
          commit: { subject: hostile, author: hostile, date: hostile },
          revision: hostile,
          finishedAt: hostile,
        }),
      ],
      pause: { ...pause, by: hostile, host: hostile, reason: hostile, at: hostile, revision: hostile },
    };
    const text = formatHistory('web', record, now);
    for (const line of text.split('\n')) expect(line).not.toMatch(UNSAFE_CHAR);
    expect(text).toContain('\\x1b]52');
  });
});

describe('formatHistoryDiff', () => {
  it('names both entries, then each changed object with its diff', () => {
    const text = formatHistoryDiff({
      app: 'web',
      entry: entry({ id: 2 }),
      previous: entry({ id: 1, revision: 'f'.repeat(40), commit: undefined }),
      changes: [
        {
          identity: { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'cfg' },
          change: 'changed',
          diff: `--- #1/core/ConfigMap/web/cfg\n+++ #2/core/ConfigMap/web/cfg\n-  MODE: a${CLEAR}\n+  MODE: b\n`,
        },
      ],
      warnings: [],
    });
    expect(text.split('\n').slice(0, 4)).toEqual([
      '#2 sync by alice@ops-1, 0123456 Raise replicas',
      '  against #1 sync by alice@ops-1, fffffff',
      '',
      '# ConfigMap web/cfg (changed)',
    ]);
    expect(text).toContain('-  MODE: a\\x1b[2J\n+  MODE: b');
  });
});

describe('status history lines', () => {
  it('tell the pause and a failed last sync, or why the history is unreadable', () => {
    const failed: AppRecord = {
      history: [entry({ id: 4, result: 'Failed', message: 'Job pre-check failed', attempts: 2 })],
      pause,
    };
    expect(historyNotes('web', ok(failed))).toEqual([
      expect.stringMatching(/^web: Auto-sync is paused: by alice on ops-1 /),
      'web: The last sync failed (2 attempts): Job pre-check failed',
    ]);
    expect(historyNotes('web', ok({ history: [entry()] }))).toEqual([]);
    const forbidden = fail<AppRecord>({ code: 'history.forbidden', message: `may not\nread ${CLEAR}` });
    expect(historyNotes('web', forbidden)).toEqual(['web: history unreadable: may not read \\x1b[2J']);
    const down = fail<AppRecord>({ code: 'history.unreachable', message: 'cluster prod cannot be reached' });
    expect(historyNotes('web', down)).toEqual([]);
  });

  it('give JSON the pause and the last sync in short', () => {
    const failed: AppRecord = {
      history: [entry({ id: 4, result: 'Failed', message: 'boom' }), entry()],
      pause,
    };
    expect(historyJson(ok(failed))).toEqual({
      autoSyncPause: pause,
      lastSync: {
        id: 4,
        kind: 'sync',
        result: 'Failed',
        message: 'boom',
        finishedAt: '2026-12-03T12:05:00.000Z',
        attempts: 1,
      },
      historyProblems: [],
    });
    expect(historyJson(ok({ history: [] }))).toMatchObject({ autoSyncPause: null, lastSync: null });
  });
});

function capture() {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdout, stderr, env: {}, cwd: '/' };
  return { io, out: () => out, err: () => err };
}

describe('showHistory', () => {
  const record: AppRecord = { history: [entry()], pause };
  const engine = {
    history: () => Promise.resolve(ok(record)),
    historyDiff: () =>
      Promise.resolve(fail({ code: 'history.unknown-entry', message: 'App web has no history entry #9.' })),
  };

  it('prints the entries and the pause as stored with -o json', async () => {
    const c = capture();
    const code = await showHistory(engine, { app: 'web', diff: undefined, json: true }, c.io, now);
    expect(code).toBe(ExitCode.Ok);
    expect(JSON.parse(c.out())).toEqual({ app: 'web', pause, history: record.history });
  });

  it('exits 1 when the history cannot be read, 2 for an unknown entry', async () => {
    const c = capture();
    const unreadable = {
      ...engine,
      history: () => Promise.resolve(fail<AppRecord>({ code: 'history.forbidden', message: 'no access' })),
    };
    expect(await showHistory(unreadable, { app: 'web', diff: undefined, json: false }, c.io, now)).toBe(
      ExitCode.Negative,
    );
    expect(c.err()).toContain('no access');
    expect(await showHistory(engine, { app: 'web', diff: 9, json: false }, c.io, now)).toBe(
      ExitCode.UsageOrConfig,
    );
  });
});
