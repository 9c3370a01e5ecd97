import { describe, expect, it } from 'vitest';
import { chooseRollbackTarget, type HistoryEntry } from '../../../../src/engine/history/index.js';

const place = { app: 'web', cluster: 'prod' };
const sha = (c: string): string => c.repeat(40);

/** Entry `id` at revision `c…c`; succeeded and full unless told otherwise. */
const entry = (id: number, c: string, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  operationId: `op-${id}`,
  kind: 'sync',
  revision: sha(c),
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: '2026-12-03T10:00:05.000Z',
  initiator: { user: 'alice', host: 'ops-1' },
  result: 'Succeeded',
  partial: false,
  prune: false,
  manifestDigest: 'sha256:00',
  applied: 1,
  pruned: 0,
  attempts: 1,
  ...over,
});

const chosen = (history: HistoryEntry[], id?: number) => {
  const r = chooseRollbackTarget(history, place, id);
  return r.ok ? [r.value.current.id, r.value.target.id] : r.problems.map((p) => `${p.message} | ${p.hint}`);
};

describe('chooseRollbackTarget without an id', () => {
  it('restores the successful full sync before the current one', () => {
    expect(chosen([entry(3, 'c'), entry(2, 'b'), entry(1, 'a')])).toEqual([3, 2]);
  });

  it('takes failed and partial entries for neither the current nor the target', () => {
    const history = [
      entry(5, 'e', { result: 'Failed' }),
      entry(4, 'd'),
      entry(3, 'c', { partial: true }),
      entry(2, 'b', { result: 'Failed' }),
      entry(1, 'a'),
    ];
    expect(chosen(history)).toEqual([4, 1]);
  });

  it('skips older entries at the current revision, so it never restores what is already live', () => {
    expect(chosen([entry(4, 'b', { kind: 'auto-sync' }), entry(3, 'b'), entry(2, 'a')])).toEqual([4, 2]);
  });

  it('reads the history by id, whatever order it comes in', () => {
    expect(chosen([entry(1, 'a'), entry(3, 'c'), entry(2, 'b')])).toEqual([3, 2]);
  });

  it('refuses when every restorable entry has the current revision, naming the entries that could be used', () => {
    const [message] = chosen([entry(2, 'b'), entry(1, 'b')]);
    expect(message).toContain(
      'no earlier successful full sync at a revision other than the current #2 (bbbbbbb)',
    );
    expect(message).toContain('Entries that can be restored: #2 (bbbbbbb), #1 (bbbbbbb)');
  });

  it('refuses an empty history, and a history without a success', () => {
    expect(chosen([])).toEqual([expect.stringContaining('App web has no sync history on cluster prod')]);
    expect(chosen([entry(1, 'a', { result: 'Failed' })])).toEqual([
      expect.stringContaining('no successful full sync in its history'),
    ]);
  });
});

describe('chooseRollbackTarget with an id', () => {
  const history = [
    entry(4, 'd', { partial: true }),
    entry(3, 'c', { result: 'Failed' }),
    entry(2, 'b'),
    entry(1, 'a'),
  ];

  it('restores that entry, against the current one', () => {
    expect(chosen(history, 1)).toEqual([2, 1]);
  });

  it('restores the current entry itself when asked (a redeploy)', () => {
    expect(chosen(history, 2)).toEqual([2, 2]);
  });

  it('refuses a failed entry, a partial one and one that does not exist, listing usable ids', () => {
    const usable = 'Entries that can be restored: #2 (bbbbbbb), #1 (aaaaaaa)';
    expect(chosen(history, 3)).toEqual([
      expect.stringMatching(new RegExp(`^Entry #3 \\(ccccccc\\) of app web failed.*${escape(usable)}`)),
    ]);
    expect(chosen(history, 4)).toEqual([
      expect.stringMatching(new RegExp(`synced only some resources.*${escape(usable)}`)),
    ]);
    expect(chosen(history, 9)).toEqual([
      expect.stringMatching(new RegExp(`App web has no history entry #9.*${escape(usable)}`)),
    ]);
  });

  it('says so when no entry at all can be restored', () => {
    expect(chosen([entry(1, 'a', { result: 'Failed' })], 1)).toEqual([
      expect.stringContaining('No entry of app web can be restored'),
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
