import { describe, expect, it } from 'vitest';
import {
  parseHistory,
  parsePause,
  withEntry,
  type AppRecord,
  type NewHistoryEntry,
} from '../../../../src/engine/history/index.js';

const entry = (over: Partial<NewHistoryEntry> = {}): NewHistoryEntry => ({
  operationId: 'op',
  kind: 'sync',
  revision: 'a'.repeat(40),
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: '2026-12-03T10:00:05.000Z',
  initiator: { user: 'alice', host: 'ops-1' },
  result: 'Succeeded',
  partial: false,
  prune: false,
  manifestDigest: 'sha256:00',
  applied: 2,
  pruned: 0,
  ...over,
});

describe('withEntry', () => {
  it('numbers entries 1, 2, 3 and keeps the newest first', () => {
    let record: AppRecord = { history: [] };
    for (const revision of ['a', 'b', 'c']) record = withEntry(record, entry({ revision }), 10);
    expect(record.history.map((e) => [e.id, e.revision])).toEqual([
      [3, 'c'],
      [2, 'b'],
      [1, 'a'],
    ]);
  });

  it('keeps only the newest `limit` entries, and numbers on from the highest id', () => {
    let record: AppRecord = { history: [] };
    for (const revision of ['a', 'b', 'c', 'd']) record = withEntry(record, entry({ revision }), 2);
    expect(record.history.map((e) => e.id)).toEqual([4, 3]);
  });

  it('folds a repeated failure of the same kind and revision into one entry counting attempts', () => {
    let record = withEntry({ history: [] }, entry({ revision: 'a' }), 10);
    const failure = entry({ revision: 'b', kind: 'auto-sync', result: 'Failed', message: 'boom' });
    record = withEntry(record, failure, 10);
    record = withEntry(record, { ...failure, message: 'boom again' }, 10);
    expect(record.history).toHaveLength(2);
    expect(record.history[0]).toMatchObject({ id: 2, attempts: 2, message: 'boom again' });
  });

  it('does not fold a failure into a success, nor failures of another kind or revision', () => {
    let record = withEntry({ history: [] }, entry({ result: 'Succeeded' }), 10);
    record = withEntry(record, entry({ result: 'Failed' }), 10);
    record = withEntry(record, entry({ result: 'Failed', kind: 'self-heal' }), 10);
    record = withEntry(record, entry({ result: 'Failed', kind: 'self-heal', revision: 'b' }), 10);
    expect(record.history.map((e) => e.attempts)).toEqual([1, 1, 1, 1]);
  });

  it('keeps the pause', () => {
    const pause = { by: 'bob', host: 'h', at: 'now', reason: 'r', source: 'manual' as const };
    expect(withEntry({ history: [], pause }, entry(), 10).pause).toEqual(pause);
  });
});

describe('parsing the stored record', () => {
  it('reads entries back newest first and drops malformed ones', () => {
    const good = { ...entry(), id: 1, attempts: 1 };
    const newer = { ...entry({ revision: 'b' }), id: 2, attempts: 1 };
    const text = JSON.stringify([good, { id: 'x' }, newer, null, 7]);
    expect(parseHistory(text).map((e) => e.id)).toEqual([2, 1]);
  });

  it('answers an empty history for text that is not a JSON array', () => {
    expect(parseHistory('{')).toEqual([]);
    expect(parseHistory('{"a":1}')).toEqual([]);
    expect(parseHistory(undefined)).toEqual([]);
  });

  it('reads a pause, and ignores one with a bad source', () => {
    const pause = { by: 'bob', host: 'h', at: 'now', reason: 'r', revision: 'abc', source: 'rollback' };
    expect(parsePause(JSON.stringify(pause))).toEqual(pause);
    expect(parsePause(JSON.stringify({ ...pause, source: 'x' }))).toBeUndefined();
    expect(parsePause('[]')).toBeUndefined();
  });
});
