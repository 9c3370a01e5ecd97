/**
 * Column layout for tables: fixed columns are dropped lowest-priority first until the row fits,
 * and the one flexible column takes what is left. This is what keeps the app table usable at 80 columns.
 */

/** A column of a table. */
export interface ColumnSpec<Id extends string = string> {
  id: Id;
  title: string;
  width: number;
  /** Higher stays longer when space is short. */
  priority: number;
  /** The column that absorbs spare width (at most one). */
  flex?: boolean;
  /** Minimum width of the flexible column. */
  min?: number;
  align?: 'left' | 'right';
}

/** A column with its final width. */
export interface PlacedColumn<Id extends string = string> extends ColumnSpec<Id> {
  width: number;
}

/** Columns that fit `total` columns (one space between columns), in their original order. */
export function fitColumns<Id extends string>(
  specs: readonly ColumnSpec<Id>[],
  total: number,
): PlacedColumn<Id>[] {
  const kept = [...specs];
  const need = (cols: readonly ColumnSpec<Id>[]): number =>
    cols.reduce((sum, c) => sum + (c.flex ? (c.min ?? c.width) : c.width), 0) + Math.max(0, cols.length - 1);
  while (need(kept) > total && kept.length > 1) {
    const victims = kept.filter((c) => !c.flex);
    if (victims.length === 0) break;
    const lowest = victims.reduce((a, b) => (b.priority < a.priority ? b : a));
    kept.splice(kept.indexOf(lowest), 1);
  }
  const fixed = kept.reduce((sum, c) => sum + (c.flex ? 0 : c.width), 0) + Math.max(0, kept.length - 1);
  return kept.map((c) => (c.flex ? { ...c, width: Math.max(c.min ?? 1, total - fixed) } : { ...c }));
}
