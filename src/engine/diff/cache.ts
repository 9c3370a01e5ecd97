/** A bounded least-recently-used cache of comparisons, keyed by what makes a comparison valid. */

/** LRU cache: a hit refreshes an entry; the least recently used entry goes when the bound is reached. */
export class DiffCache<V> {
  private readonly entries = new Map<string, V>();
  /** Lookups answered from the cache. */
  hits = 0;
  /** Lookups that were not. */
  misses = 0;

  constructor(readonly maxEntries = 10_000) {}

  /** The cached value, refreshed as most recently used. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map keeps insertion order: re-inserting moves the entry to the young end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores a value, evicting the oldest entries beyond the bound. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything (a hard refresh, or a change that alters dry-run results, such as a new CRD schema). */
  clear(): void {
    this.entries.clear();
  }
}

/** The cache key of one comparison: the same desired object against the same live version, under the same
 * rules, always compares the same way. */
export function comparisonKey(parts: {
  app: string;
  identity: string;
  desiredHash: string;
  liveUid: string;
  liveResourceVersion: string;
  rules: string;
}): string {
  return [
    parts.app,
    parts.identity,
    parts.desiredHash,
    parts.liveUid,
    parts.liveResourceVersion,
    parts.rules,
  ].join('\u0000');
}
