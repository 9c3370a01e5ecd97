/**
 * Coalesces engine patches so the store (and React) updates at most once per interval, whatever the
 * watch-event rate (500 setStates make 500 React commits; one flush per 100 ms makes 1).
 *
 * Rows are merged by key (the last version of an app wins), so a burst of 1,000 updates to 50 apps
 * flushes as one patch of 50 rows.
 */
import { applyPatch } from './patch.js';
import type { AppDetailPatch, Patch, StalePatch } from './patch.js';
import type { FlotillaStore } from './store.js';
import type { AppView, ClusterView } from './types.js';

/** Options for the coalescer. */
interface CoalescerOptions {
  /** Minimum time between two flushes, ms (default 100). */
  intervalMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** Buffers patches and flushes them in one store update per interval. */
interface PatchCoalescer {
  /** Queues patches; schedules a flush if none is scheduled. */
  push(patches: Patch | readonly Patch[]): void;
  /** Applies everything queued now (e.g. before exit or in tests). */
  flush(): void;
  /** Cancels the scheduled flush; queued patches are dropped. */
  dispose(): void;
  /** Number of distinct queued changes (for diagnostics). */
  readonly size: number;
}

/** Creates a coalescer in front of `store`. */
export function createPatchCoalescer(store: FlotillaStore, options: CoalescerOptions = {}): PatchCoalescer {
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let buffer = new PatchBuffer();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = Number.NEGATIVE_INFINITY;

  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (buffer.size === 0) return;
    const patches = buffer.drain();
    buffer = new PatchBuffer();
    lastFlush = now();
    applyPatch(store, patches, { now: lastFlush });
  };

  return {
    push(patches) {
      const list = Array.isArray(patches) ? (patches as readonly Patch[]) : [patches as Patch];
      for (const p of list) {
        if (p.kind !== 'stale') {
          buffer.add(p);
          continue;
        }
        // A stale mark is a barrier: it covers what came before it, never rows that arrive after it.
        flush();
        applyPatch(store, p, { now: now() });
      }
      if (timer === undefined && buffer.size > 0) {
        // Leading edge after a quiet period, trailing edge during a burst.
        const wait = Math.max(0, lastFlush + intervalMs - now());
        timer = setTimeout(flush, wait);
      }
    },
    flush,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      buffer = new PatchBuffer();
    },
    get size() {
      return buffer.size;
    },
  };
}

/** Keyed merge of queued patches; `drain` returns them as a short list in a safe order. */
class PatchBuffer {
  private clusters = new Map<string, ClusterView | null>();
  private clustersReplace = false;
  private apps = new Map<string, AppView | null>();
  private appsReplace = false;
  /** Other patches keyed so that a newer one replaces (or merges into) an older one. */
  private others = new Map<string, Patch>();
  private alertSeq = 0;

  get size(): number {
    return (
      this.clusters.size +
      this.apps.size +
      this.others.size +
      (this.clustersReplace ? 1 : 0) +
      (this.appsReplace ? 1 : 0)
    );
  }

  add(patch: Exclude<Patch, StalePatch>): void {
    switch (patch.kind) {
      case 'clusters':
        if (patch.replace) {
          this.clusters.clear();
          this.clustersReplace = true;
        }
        for (const name of patch.remove ?? []) this.clusters.set(name, null);
        for (const row of patch.upsert ?? []) this.clusters.set(row.name, row);
        return;
      case 'apps':
        if (patch.replace) {
          this.apps.clear();
          this.appsReplace = true;
        }
        for (const id of patch.remove ?? []) this.apps.set(id, null);
        for (const row of patch.upsert ?? []) this.apps.set(row.id, row);
        return;
      case 'repos':
        // One patch per repo, so a newer summary of a repo replaces the queued one.
        for (const row of patch.upsert) this.put(`repo:${row.name}`, { kind: 'repos', upsert: [row] });
        return;
      case 'appDetail':
        this.put(`detail:${patch.app}`, mergeDetail(this.others.get(`detail:${patch.app}`), patch));
        return;
      case 'resourceChildren':
        this.put(`children:${patch.app}:${patch.resource}`, patch);
        return;
      case 'commits':
      case 'diff':
        this.put(`${patch.kind}:${patch.app}`, patch);
        return;
      case 'alert':
        this.put(`alert:${this.alertSeq++}`, patch);
        return;
      case 'readOnly':
        this.put('readOnly', patch);
        return;
      // The acting side's answers: the newest of each wins (a running operation's progress comes fast).
      case 'plan':
        this.put(`plan:${patch.plan.appId}`, patch);
        return;
      case 'operation':
        this.put(`operation:${patch.operation.appId}`, patch);
        return;
      case 'history':
        this.put('history', patch);
        return;
      case 'historyDiff':
        this.put(`historyDiff:${patch.app}`, patch);
        return;
      case 'actionLog':
        this.put('actionLog', patch);
        return;
      case 'rollout':
        this.put('rollout', patch);
        return;
      default:
        // A new patch kind must be queued here, or the coalescer would drop it without a word.
        return assertNever(patch);
    }
  }

  /** Clusters first (alerts about apps may name them), then apps, then the rest in arrival order. */
  drain(): Patch[] {
    const out: Patch[] = [];
    if (this.clusters.size > 0 || this.clustersReplace)
      out.push({ kind: 'clusters', ...split(this.clusters), replace: this.clustersReplace });
    if (this.apps.size > 0 || this.appsReplace)
      out.push({ kind: 'apps', ...split(this.apps), replace: this.appsReplace });
    out.push(...this.others.values());
    return out;
  }

  /** Re-inserting moves the key to the end, keeping relative order with later patches. */
  private put(key: string, patch: Patch): void {
    this.others.delete(key);
    this.others.set(key, patch);
  }
}

function assertNever(patch: never): never {
  throw new Error(`the coalescer does not know patch kind ${(patch as { kind?: unknown }).kind as string}`);
}

function split<T>(map: Map<string, T | null>): { upsert: T[]; remove: string[] } {
  const upsert: T[] = [];
  const remove: string[] = [];
  for (const [key, row] of map) {
    if (row === null) remove.push(key);
    else upsert.push(row);
  }
  return { upsert, remove };
}

function mergeDetail(old: Patch | undefined, patch: AppDetailPatch): AppDetailPatch {
  if (old?.kind !== 'appDetail') return patch;
  const merged: AppDetailPatch = { ...old };
  if (patch.status !== undefined) merged.status = patch.status;
  if (patch.error !== undefined) merged.error = patch.error;
  if (patch.resources !== undefined) merged.resources = patch.resources;
  if (patch.events !== undefined) merged.events = patch.events;
  return merged;
}
