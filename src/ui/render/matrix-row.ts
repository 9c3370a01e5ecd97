/** The app × cluster matrix: which revision and status runs where (the promotion picture). */
import type { MatrixRow } from '../../state/selectors/fleet.js';
import type { AppView } from '../../state/types.js';
import { padEnd, shortSha } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { healthRole } from '../themes/roles.js';
import { cell } from './cells.js';
import type { Cell } from './cells.js';

/** Width of one cluster column: `a1b2c3d ✓≠↓`. */
export const MATRIX_CELL_WIDTH = 12;

/** Column layout of the matrix for an inner width and the cursor column. */
interface MatrixLayout {
  nameWidth: number;
  /** Index of the first visible cluster column. */
  first: number;
  /** Number of visible cluster columns. */
  count: number;
}

/** Fits as many cluster columns as the width allows, keeping `cursor` visible. */
export function matrixLayout(width: number, columns: number, cursor: number): MatrixLayout {
  const nameWidth = Math.min(24, Math.max(12, Math.floor(width * 0.3)));
  const count = Math.max(1, Math.min(columns, Math.floor((width - nameWidth) / (MATRIX_CELL_WIDTH + 1))));
  const first = Math.min(Math.max(0, cursor - count + 1), Math.max(0, columns - count));
  return { nameWidth, first: Math.max(0, Math.min(first, cursor)), count };
}

/** One cell: short SHA, health and sync glyphs, and a mark when behind the row's newest revision. */
function matrixCell(
  app: AppView | undefined,
  newestSha: string | undefined,
  glyphs: Glyphs,
  selected: boolean,
): Cell[] {
  const w = MATRIX_CELL_WIDTH;
  if (!app) return [cell(padEnd(`  ${glyphs.leaf}`, w), selected ? 'selection' : 'muted')];
  const behind = newestSha !== undefined && app.revision.sha !== newestSha;
  const text = `${shortSha(app.revision.sha)} ${glyphs.health[app.health]}${glyphs.sync[app.sync]}`;
  if (selected) return [cell(padEnd(`${text}${behind ? glyphs.behind : ''}`, w), 'selection')];
  return [
    cell(text, healthRole(app.health)),
    cell(padEnd(behind ? glyphs.behind : '', w - [...text].length), 'warning'),
  ];
}

/** Cells of a matrix row (after the gutter). */
export function matrixRowCells(
  row: MatrixRow,
  layout: MatrixLayout,
  glyphs: Glyphs,
  selectedColumn: number | undefined,
): Cell[] {
  const out: Cell[] = [
    cell(padEnd(row.label, layout.nameWidth, glyphs.ellipsis), row.isAppSet ? 'title' : 'text'),
  ];
  for (let i = layout.first; i < layout.first + layout.count && i < row.cells.length; i++) {
    out.push(cell(' '), ...matrixCell(row.cells[i], row.newestSha, glyphs, selectedColumn === i));
  }
  return out;
}
