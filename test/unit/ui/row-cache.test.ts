import { describe, expect, it, vi } from 'vitest';
import { cell, cellsText, mergeCells, sameCells } from '../../../src/ui/render/cells.js';
import type { Cell } from '../../../src/ui/render/cells.js';
import { createRowCache } from '../../../src/ui/render/row-cache.js';

describe('row cache', () => {
  const app = { name: 'billing', sync: 'Synced' };
  const operation = { phase: 'Running' };

  it('keeps a row while its inputs are the same, and builds it anew when any input changes', () => {
    const cache = createRowCache<Cell[]>({ same: sameCells });
    const build = vi.fn((text: string) => [cell(text)]);
    const first = cache.get('app:1', [app, undefined, 80], () => build('a'));
    expect(cache.get('app:1', [app, undefined, 80], () => build('never'))).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);

    // An operation starting (or a pause mark, a new width, a changed app) is an input change.
    const withOperation = cache.get('app:1', [app, operation, 80], () => build('op'));
    expect(cellsText(withOperation)).toBe('op');
    const newer = cache.get('app:1', [{ ...app, sync: 'OutOfSync' }, operation, 80], () => build('oos'));
    expect(cellsText(newer)).toBe('oos');
    expect(build).toHaveBeenCalledTimes(3);
  });

  it('keeps the same row object when the rebuilt row draws the same (a clock tick that changes no text)', () => {
    const cache = createRowCache<Cell[]>({ same: sameCells });
    const first = cache.get('app:1', [app, 1000], () => [cell('billing'), cell(' 5m', 'muted')]);
    const tick = cache.get('app:1', [app, 2000], () => [cell('billing'), cell(' 5m', 'muted')]);
    expect(tick).toBe(first);
    const later = cache.get('app:1', [app, 61_000], () => [cell('billing'), cell(' 6m', 'muted')]);
    expect(later).not.toBe(first);
  });

  it('keeps rows apart by key and forgets the least recently used beyond its bound', () => {
    const cache = createRowCache<Cell[]>({ same: sameCells, max: 2 });
    const a = cache.get('a', [1], () => [cell('a')]);
    cache.get('b', [1], () => [cell('b')]);
    cache.get('a', [1], () => [cell('never')]);
    cache.get('c', [1], () => [cell('c')]);
    expect(cache.size).toBe(2);
    expect(cache.get('a', [1], () => [cell('rebuilt')])).toBe(a);
    expect(cellsText(cache.get('b', [1], () => [cell('b again')]))).toBe('b again');
  });
});

describe('merged cells', () => {
  const plain = (role: string) => role !== 'selection';

  it('merges same-role neighbours and folds blanks into a neighbouring run, keeping the text', () => {
    const cells = [
      cell('billing'),
      cell(' '),
      cell('prod', 'text'),
      cell(' '),
      cell('ns', 'muted'),
      cell(' '),
      cell('✓ Synced', 'sync.synced'),
      cell(' '),
      cell('abc1234', 'accent'),
      cell(' main', 'muted'),
      cell(' '),
      cell('5m', 'muted'),
    ];
    const runs = mergeCells(cells, plain);
    expect(cellsText(runs)).toBe(cellsText(cells));
    expect(runs.map((r) => r.role)).toEqual(['text', 'muted', 'sync.synced', 'accent', 'muted']);
  });

  it('keeps a blank apart where its role draws a background', () => {
    const runs = mergeCells([cell('a'), cell('  ', 'selection'), cell('b')], plain);
    expect(runs).toEqual([cell('a'), cell('  ', 'selection'), cell('b')]);
  });

  it('says whether two rows draw the same', () => {
    expect(sameCells([cell('a', 'muted')], [cell('a', 'muted')])).toBe(true);
    expect(sameCells([cell('a', 'muted')], [cell('a', 'text')])).toBe(false);
    expect(sameCells([cell('a')], [cell('a'), cell('b')])).toBe(false);
  });
});
