import { describe, expect, it } from 'vitest';
import {
  compileFilter,
  cursorIndex,
  cursorWindow,
  moveCursor,
  scrollList,
  windowStart,
} from '../../../src/state/index.js';

const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);

describe('list arithmetic', () => {
  it('keeps the cursor visible and never leaves empty space at the bottom', () => {
    expect(windowStart(100, 50, 0, 10)).toBe(41);
    expect(windowStart(100, 5, 20, 10)).toBe(5);
    expect(windowStart(100, 99, 95, 10)).toBe(90);
    expect(windowStart(5, 0, 3, 10)).toBe(0);
  });

  it('moves by rows, pages, and to the ends', () => {
    const model = { keys };
    let s = moveCursor(model, undefined, { by: 1 }, 10);
    expect(s).toMatchObject({ cursor: 'k1', top: 0 });
    s = moveCursor(model, s, 'pageDown', 10);
    expect(s).toMatchObject({ cursor: 'k11', top: 10 });
    s = moveCursor(model, s, 'last', 10);
    expect(s).toMatchObject({ cursor: 'k99', top: 90 });
    s = moveCursor(model, s, 'pageUp', 10);
    expect(s).toMatchObject({ cursor: 'k89', top: 80 });
    s = moveCursor(model, s, 'first', 10);
    expect(s).toMatchObject({ cursor: 'k0', top: 0 });
    expect(moveCursor(model, s, { by: -1 }, 10).cursor).toBe('k0');
  });

  it('skips rows that cannot hold the cursor', () => {
    const model = { keys: ['h1', 'a', 'h2', 'b'], selectable: [false, true, false, true] };
    expect(cursorIndex(model, undefined)).toBe(1);
    expect(moveCursor(model, { cursor: 'a', top: 0 }, { by: 1 }, 10).cursor).toBe('b');
    expect(moveCursor(model, { cursor: 'b', top: 0 }, { by: -1 }, 10).cursor).toBe('a');
    expect(moveCursor(model, { cursor: 'b', top: 0 }, 'first', 10).cursor).toBe('a');
  });

  it('follows the cursor row by key, and falls back to its old index when it disappears', () => {
    expect(cursorIndex({ keys: ['x', 'k5', 'y'] }, { cursor: 'k5', index: 5, top: 0 })).toBe(1);
    expect(cursorIndex({ keys: ['x', 'y', 'z'] }, { cursor: 'gone', index: 7, top: 0 })).toBe(2);
    expect(cursorWindow({ keys: [] }, undefined, 10)).toEqual({ start: 0, end: 0, index: -1 });
  });

  it('scrolls lists without a cursor within bounds', () => {
    expect(scrollList(100, { top: 0 }, { by: 5 }, 10)).toEqual({ top: 5 });
    expect(scrollList(100, { top: 85 }, 'pageDown', 10)).toEqual({ top: 90 });
    expect(scrollList(8, { top: 0 }, 'last', 10)).toEqual({ top: 0 });
  });
});

describe('compileFilter', () => {
  it('matches case-insensitively, inverts with !, and reports bad regex', () => {
    const f = compileFilter('Guest');
    expect(f.test('guestbook')).toBe(true);
    expect(compileFilter('!guest').test('guestbook')).toBe(false);
    const empty = compileFilter('');
    expect(empty.ok && empty.active).toBe(false);
    const bad = compileFilter('[a-');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error).toMatch(/^invalid regex: /);
    expect(bad.test('anything')).toBe(true);
  });
});
