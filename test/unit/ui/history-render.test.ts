/** Pure parts of the history screen and the app pane's split: columns, the rollback target, wrapping, widths. */
import { describe, expect, it } from 'vitest';
import { previousGoodEntry } from '../../../src/state/selectors/history.js';
import type { HistoryEntryView } from '../../../src/state/types.js';
import { wrapText } from '../../../src/ui/render/detail-rows.js';
import { appSplit, computeGeometry } from '../../../src/ui/render/geometry.js';
import { historyColumns } from '../../../src/ui/render/history-rows.js';

const entry = (id: number, sha: string, over: Partial<HistoryEntryView> = {}): HistoryEntryView => ({
  id,
  sha,
  deployedAt: id,
  initiator: 'a@h',
  kind: 'sync',
  result: 'Succeeded',
  partial: false,
  attempts: 1,
  ...over,
});

describe('history columns', () => {
  it('keep every field the issue asks for at 80 columns (the operation kind goes first)', () => {
    const ids = historyColumns(80 - 1 - 4).map((c) => c.id);
    expect(ids).toEqual(['id', 'sha', 'subject', 'author', 'deployed', 'initiator', 'result', 'partial']);
    const wide = historyColumns(160 - 1 - 4);
    expect(wide.map((c) => c.id)).toContain('kind');
    expect(wide.find((c) => c.id === 'subject')!.width).toBeGreaterThan(60);
  });
});

describe('previous good entry', () => {
  it('skips the live revision, failed and partial entries', () => {
    const entries = [
      entry(5, 'live'),
      entry(4, 'bad', { result: 'Failed' }),
      entry(3, 'part', { partial: true }),
      entry(2, 'live'),
      entry(1, 'good'),
    ];
    expect(previousGoodEntry(entries, 'live')?.id).toBe(1);
    expect(previousGoodEntry([entry(1, 'live')], 'live')).toBeUndefined();
  });
});

describe('wrapText', () => {
  it('wraps at spaces and cuts words longer than the width', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    for (const l of wrapText('x'.repeat(30) + ' y z '.repeat(10), 9)) expect(l.length).toBeLessThanOrEqual(9);
  });
});

describe('app pane split', () => {
  it('gives the tree what its rows need, within a third and 45%, and the events the rest', () => {
    expect(appSplit(159, 50)).toEqual({ treeWidth: 54, eventsWidth: 105 });
    expect(appSplit(159, 20).treeWidth).toBe(53);
    expect(appSplit(159, 120).treeWidth).toBe(71);
  });

  it('fits the history boxes in the body at 80x24 and 160x50', () => {
    for (const size of [
      { columns: 80, rows: 24 },
      { columns: 160, rows: 50 },
    ]) {
      const g = computeGeometry(size, { attention: false, clusterCount: 3 });
      // The summary line, then the entries' box over the diff's box.
      expect(1 + g.history.listHeight + g.history.diffHeight).toBeLessThanOrEqual(g.bodyRows);
      expect(g.history.listRows).toBeGreaterThanOrEqual(3);
      expect(g.history.diffRows).toBeGreaterThanOrEqual(3);
    }
  });
});
