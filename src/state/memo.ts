/** Memoisation for derived data, so selectors return stable references (zustand v5 requires it). */

/**
 * Wraps `compute` so that it recomputes only when one of its arguments changed (Object.is).
 * One cache entry: a selector is called with the same inputs over and over from one store.
 */
export function memoizeLast<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | undefined;
  let lastResult: R;
  return (...args: A): R => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((a, i) => Object.is(a, args[i])))
      return lastResult;
    lastResult = compute(...args);
    lastArgs = args;
    return lastResult;
  };
}
