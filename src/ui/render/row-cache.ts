/**
 * Rows cached by their inputs. A row keeps its identity while nothing it is drawn from changes, so
 * the memoised <Row> skips it: a cursor move redraws two rows, not fifty, and an engine update only
 * the rows it touched.
 */

/** A bounded cache of row values (cells) by row key. */
export interface RowCache<V> {
  /**
   * The row for `key`. `inputs` are everything the row is drawn from (the app, the columns, the clock,
   * its operation, any pause or selection mark…), compared element by element with `===`: while they
   * are the same, the cached row; else `build()`'s row, or the cached one if that draws the same (so
   * a clock tick that changes no text keeps the row).
   */
  get(key: string, inputs: readonly unknown[], build: () => V): V;
  /** Rows held. */
  readonly size: number;
}

/** Creates a row cache; `same` says whether two rows draw the same, `max` bounds it (least recently used go). */
export function createRowCache<V>(options: { same: (a: V, b: V) => boolean; max?: number }): RowCache<V> {
  const max = options.max ?? 500;
  const rows = new Map<string, { inputs: readonly unknown[]; value: V }>();
  return {
    get(key, inputs, build) {
      const hit = rows.get(key);
      rows.delete(key);
      let value: V;
      if (hit !== undefined && sameInputs(hit.inputs, inputs)) value = hit.value;
      else {
        const built = build();
        value = hit !== undefined && options.same(hit.value, built) ? hit.value : built;
      }
      rows.set(key, { inputs, value });
      if (rows.size > max) rows.delete(rows.keys().next().value as string);
      return value;
    },
    get size() {
      return rows.size;
    },
  };
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
