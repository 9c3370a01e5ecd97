/** The render cache: least recently used entries leave first, bounded by count and by size. */

/** A bounded LRU map whose entries have a weight (here: bytes of canonical JSON). */
interface LruCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, weight: number): void;
  clear(): void;
  readonly size: number;
  readonly weight: number;
}

/** Creates an LRU holding at most `maxEntries` entries and `maxWeight` total weight. */
export function createLruCache<V>(maxEntries: number, maxWeight: number): LruCache<V> {
  // A Map iterates in insertion order, so re-inserting on use keeps the oldest entry first.
  const entries = new Map<string, { value: V; weight: number }>();
  let total = 0;
  const evict = (key: string) => {
    total -= entries.get(key)?.weight ?? 0;
    entries.delete(key);
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, weight) {
      evict(key);
      if (weight > maxWeight || maxEntries < 1) return; // larger than the whole cache: not worth evicting everything
      entries.set(key, { value, weight });
      total += weight;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && total <= maxWeight) break;
        evict(oldest);
      }
    },
    clear() {
      entries.clear();
      total = 0;
    },
    get size() {
      return entries.size;
    },
    get weight() {
      return total;
    },
  };
}
