/** Bounded concurrency for the engine's fan-outs (file reads, dry runs, event lists). */

/** Runs `fn` over the items with at most `limit` in flight, keeping the order of the items; with a
 * `signal`, stops starting new calls once it is aborted (the calls in flight finish). */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
