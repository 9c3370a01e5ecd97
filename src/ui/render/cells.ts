/** Rows as data: a row is a list of styled cells, rendered by <Row>. Pure, so renderers test without Ink. */
import { padEnd, padStart } from '../format.js';
import type { RoleName } from '../themes/roles.js';
import type { PlacedColumn } from './columns.js';

/** A run of text in a role. */
export interface Cell {
  text: string;
  role: RoleName;
}

/** A cell. */
export const cell = (text: string, role: RoleName = 'text'): Cell => ({ text, role });

/** Lays cells out in columns: each padded or cut to its column width, one space between. */
export function layoutCells<Id extends string>(
  columns: readonly PlacedColumn<Id>[],
  cells: Partial<Record<Id, Cell | Cell[]>>,
  ellipsis: string,
): Cell[] {
  const out: Cell[] = [];
  columns.forEach((col, i) => {
    if (i > 0) out.push(cell(' '));
    const value = cells[col.id];
    const parts = value === undefined ? [] : Array.isArray(value) ? value : [value];
    out.push(...fitParts(parts, col.width, col.align ?? 'left', ellipsis));
  });
  return out;
}

/** Fits several styled parts into `width` columns. */
function fitParts(parts: readonly Cell[], width: number, align: 'left' | 'right', ellipsis: string): Cell[] {
  const full = parts.map((p) => p.text).join('');
  const len = [...full].length;
  if (parts.length <= 1) {
    const text = align === 'right' ? padStart(full, width, ellipsis) : padEnd(full, width, ellipsis);
    return [cell(text, parts[0]?.role ?? 'text')];
  }
  if (len > width) return [cell(padEnd(full, width, ellipsis), parts[0]?.role ?? 'text')];
  const pad = cell(' '.repeat(width - len));
  return align === 'right' ? [pad, ...parts] : [...parts, pad];
}

/** Header cells for columns. */
export function headerCells<Id extends string>(
  columns: readonly PlacedColumn<Id>[],
  ellipsis: string,
): Cell[] {
  return layoutCells(
    columns,
    Object.fromEntries(columns.map((c) => [c.id, cell(c.title, 'header')])) as Partial<Record<Id, Cell>>,
    ellipsis,
  );
}

/** The plain text of cells. */
export function cellsText(cells: readonly Cell[]): string {
  return cells.map((c) => c.text).join('');
}

/**
 * Adjacent cells merged into runs: one run per role, and blanks folded into the run before them when
 * `plain(role)` says that role draws a blank like plain text (no background, inverse or underline).
 * A row of twenty cells becomes five or six runs, which is what Ink lays out and styles each frame.
 */
export function mergeCells(cells: readonly Cell[], plain: (role: RoleName) => boolean): Cell[] {
  const blank = (c: Cell): boolean => c.text.trim() === '' && plain(c.role);
  const out: Cell[] = [];
  for (const c of cells) {
    if (c.text === '') continue;
    const last = out.at(-1);
    if (last === undefined) out.push(c);
    else if (last.role === c.role || (blank(c) && plain(last.role)))
      out[out.length - 1] = cell(last.text + c.text, last.role);
    else if (blank(last) && plain(c.role)) out[out.length - 1] = cell(last.text + c.text, c.role);
    else out.push(c);
  }
  return out;
}

/** Whether two rows of cells draw the same. */
export function sameCells(a: readonly Cell[], b: readonly Cell[]): boolean {
  return a.length === b.length && a.every((c, i) => c.text === b[i]?.text && c.role === b[i]?.role);
}
