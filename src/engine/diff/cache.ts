/** The comparison cache: one entry per (app, object), valid for one version of both sides, bounded by size. */
import type { KubeObject } from '../objects.js';
import { contentHash } from './json.js';
import type { DesiredObject, ResourceDiff } from './types.js';

interface Entry<V> {
  version: string;
  value: V;
  bytes: number;
}

/** Default bound: 64 MB of JSON, a few thousand large resources. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Least recently used, bounded by the total size of its values. Each slot holds one value and the version it is
 * valid for: a new version replaces the old value instead of adding beside it, so an object whose status keeps
 * changing (a new resourceVersion each time) never holds more than one entry.
 */
export class DiffCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private total = 0;
  /** Lookups answered from the cache. */
  hits = 0;
  /** Lookups that were not. */
  misses = 0;

  /** `sizeOf` estimates a value's size in bytes; `maxBytes` bounds their sum. */
  constructor(
    private readonly sizeOf: (value: V) => number,
    readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  /** The slot's value when it is for `version` (refreshed as most recently used), else undefined. */
  get(slot: string, version: string): V | undefined {
    const entry = this.entries.get(slot);
    if (entry === undefined || entry.version !== version) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map keeps insertion order: re-inserting moves the entry to the young end.
    this.entries.delete(slot);
    this.entries.set(slot, entry);
    return entry.value;
  }

  /** Stores the slot's value for `version`, replacing any older one, then evicts the least recently used
   * entries until the total fits. A value larger than the whole bound is not kept. */
  set(slot: string, version: string, value: V): void {
    this.delete(slot);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    this.entries.set(slot, { version, value, bytes });
    this.total += bytes;
    while (this.total > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  /** Forgets one slot. */
  delete(slot: string): void {
    const entry = this.entries.get(slot);
    if (entry === undefined) return;
    this.entries.delete(slot);
    this.total -= entry.bytes;
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.total;
  }

  /** Forgets everything (a hard refresh, or a change that alters dry-run results, such as a new CRD schema). */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}

/** The slot of one comparison: one object of one app. */
export function comparisonSlot(app: string, identity: string): string {
  return `${app}\u0000${identity}`;
}

/** What a comparison is valid for: the desired object, the live object's uid and resourceVersion, and the ignore
 * rules. Undefined when live has no resourceVersion, so nothing could tell a changed object from an old one. */
export function comparisonVersion(
  desired: DesiredObject,
  live: KubeObject,
  rulesFingerprint: string,
): string | undefined {
  const resourceVersion = live.metadata?.resourceVersion;
  if (typeof resourceVersion !== 'string' || resourceVersion === '') return undefined;
  const uid = live.metadata?.uid;
  return [
    desired.hash ?? contentHash(desired.object),
    typeof uid === 'string' ? uid : '',
    resourceVersion,
    rulesFingerprint,
  ].join('\u0000');
}

/** A comparison's size for the cache bound: the length of its JSON, which counts both sides it keeps. */
export function resourceDiffBytes(diff: ResourceDiff): number {
  return JSON.stringify(diff).length;
}
