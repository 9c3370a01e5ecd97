/**
 * Cursor and window arithmetic for every list: only `height` rows are ever mounted, and the cursor
 * is kept by row key so live updates that reorder rows never move it to another app.
 */
import type { ListState } from './types.js';

/** The rows of a list as the cursor sees them: keys, and which rows can hold the cursor. */
export interface ListModel {
  keys: readonly string[];
  /** Group headers are not selectable; undefined means every row is. */
  selectable?: readonly boolean[];
}

/** A cursor or scroll movement. */
export type Move = { by: number } | 'first' | 'last' | 'pageDown' | 'pageUp';

/** The visible slice of a list. */
interface ListWindow {
  start: number;
  end: number;
  /** Cursor index, -1 when the list is empty or has no cursor. */
  index: number;
}

const EMPTY_STATE: ListState = { top: 0 };

/** Index of the cursor row; falls back to the last known index when its row disappeared. */
export function cursorIndex(model: ListModel, state: ListState = EMPTY_STATE): number {
  const n = model.keys.length;
  if (n === 0) return -1;
  const found = state.cursor === undefined ? -1 : model.keys.indexOf(state.cursor);
  if (found >= 0) return found;
  const hint = Math.min(Math.max(state.index ?? 0, 0), n - 1);
  return nearestSelectable(model, hint, 1);
}

/** First visible row so that `index` is on screen and no empty space is left at the bottom. */
export function windowStart(total: number, index: number, top: number, height: number): number {
  const h = Math.max(1, height);
  let start = Math.min(Math.max(top, 0), Math.max(0, total - h));
  if (index >= 0 && index < start) start = index;
  if (index >= 0 && index >= start + h) start = index - h + 1;
  return start;
}

/** The window of a cursor list. */
export function cursorWindow(model: ListModel, state: ListState | undefined, height: number): ListWindow {
  const index = cursorIndex(model, state);
  const start = windowStart(model.keys.length, index, state?.top ?? 0, height);
  return { start, end: Math.min(model.keys.length, start + Math.max(0, height)), index };
}

/** The window of a scroll-only list (diff, events, help). */
export function scrollWindow(total: number, state: ListState | undefined, height: number): ListWindow {
  const start = windowStart(total, -1, state?.top ?? 0, height);
  return { start, end: Math.min(total, start + Math.max(0, height)), index: -1 };
}

/** Moves the cursor; the window follows it. */
export function moveCursor(
  model: ListModel,
  state: ListState | undefined,
  move: Move,
  height: number,
): ListState {
  const n = model.keys.length;
  if (n === 0) return { top: 0 };
  const from = cursorIndex(model, state);
  const h = Math.max(1, height);
  let target: number;
  let direction: 1 | -1;
  if (move === 'first') [target, direction] = [0, 1];
  else if (move === 'last') [target, direction] = [n - 1, -1];
  else if (move === 'pageDown') [target, direction] = [from + h, 1];
  else if (move === 'pageUp') [target, direction] = [from - h, -1];
  else [target, direction] = [from + move.by, move.by < 0 ? -1 : 1];
  target = Math.min(Math.max(target, 0), n - 1);
  const index = nearestSelectable(model, target, direction);
  let top = state?.top ?? 0;
  if (move === 'pageDown') top += h;
  if (move === 'pageUp') top -= h;
  return { cursor: model.keys[index], index, top: windowStart(n, index, top, h) };
}

/** Scrolls a list without a cursor. */
export function scrollList(
  total: number,
  state: ListState | undefined,
  move: Move,
  height: number,
): ListState {
  const h = Math.max(1, height);
  const max = Math.max(0, total - h);
  const top = Math.min(state?.top ?? 0, max);
  let next: number;
  if (move === 'first') next = 0;
  else if (move === 'last') next = max;
  else if (move === 'pageDown') next = top + h;
  else if (move === 'pageUp') next = top - h;
  else next = top + move.by;
  return { top: Math.min(Math.max(next, 0), max) };
}

/** The nearest selectable row from `index` in `direction`, else in the other direction. */
function nearestSelectable(model: ListModel, index: number, direction: 1 | -1): number {
  const sel = model.selectable;
  if (!sel || sel[index] !== false) return index;
  for (let i = index; i >= 0 && i < model.keys.length; i += direction) if (sel[i] !== false) return i;
  for (let i = index; i >= 0 && i < model.keys.length; i -= direction) if (sel[i] !== false) return i;
  return index;
}
