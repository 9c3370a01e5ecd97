/** The tracked live objects of one cluster: one KindWatch per kind in use, and lookups across them. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { Listeners } from './deps.js';
import type { KindRef, KindWatchDeps, KindWatchStatus, ObjectChange } from './watch.js';
import type { KindWatch } from './watch.js';
import { TRACKING_LABEL } from '../tracking.js';

/** Builds the watch of one kind (the cluster client wires it to its transport and discovery). */
type KindWatchFactory = (kind: KindRef, hooks: Pick<KindWatchDeps, 'onChange' | 'onStatus'>) => KindWatch;

const kindKey = (k: { group: string; kind: string }) => `${k.group}/${k.kind}`;

/** Keeps the set of watches equal to the kinds the fleet uses, and the union of their caches. */
export class TrackedObjects {
  private readonly watches = new Map<string, { ref: KindRef; watch: KindWatch }>();
  /** Object changes of every watched kind. */
  readonly changes = new Listeners<ObjectChange>();
  /** State changes of the watches (listing, watching, backing off, errors). */
  readonly watchStatus = new Listeners<KindWatchStatus>();

  constructor(private readonly makeWatch: KindWatchFactory) {}

  /**
   * Watches exactly these kinds: starts the new ones, stops those no longer named (their objects leave
   * the cache without `deleted` events: nothing was deleted, the fleet just stopped caring). A kind named
   * with a different version is restarted.
   */
  async setKinds(kinds: readonly KindRef[]): Promise<void> {
    const wanted = new Map(kinds.map((k) => [kindKey(k), k]));
    const stopping: Promise<void>[] = [];
    for (const [key, { ref, watch }] of this.watches) {
      const next = wanted.get(key);
      if (!next || next.version !== ref.version) {
        this.watches.delete(key);
        stopping.push(watch.stop());
      }
    }
    await Promise.all(stopping);
    for (const [key, ref] of wanted) {
      if (this.watches.has(key)) continue;
      const watch = this.makeWatch(ref, {
        onChange: (c) => this.changes.emit(c),
        onStatus: (s) => this.watchStatus.emit(s),
      });
      this.watches.set(key, { ref, watch });
      watch.start();
    }
  }

  /** Kinds being watched. */
  kinds(): KindRef[] {
    return [...this.watches.values()].map((w) => w.ref);
  }

  /** Progress of every watch. */
  statuses(): KindWatchStatus[] {
    return [...this.watches.values()].map((w) => w.watch.current);
  }

  /** True when every watch has completed its first list. */
  synced(): boolean {
    return [...this.watches.values()].every((w) => w.watch.current.synced);
  }

  /** The cached live object, or undefined when not tracked (or its kind is not watched). */
  get(id: Pick<ObjectIdentity, 'group' | 'kind' | 'namespace' | 'name'>): KubeObject | undefined {
    return this.watches.get(kindKey(id))?.watch.get(id.namespace, id.name);
  }

  /** Cached objects, all or those of one app (by the tracking label's value). */
  list(filter: { app?: string; group?: string; kind?: string } = {}): KubeObject[] {
    const out: KubeObject[] = [];
    for (const [key, { watch }] of this.watches) {
      if (filter.kind !== undefined && key !== kindKey({ group: filter.group ?? '', kind: filter.kind }))
        continue;
      for (const obj of watch.objects())
        if (filter.app === undefined || obj.metadata.labels?.[TRACKING_LABEL] === filter.app) out.push(obj);
    }
    return out;
  }

  /** Cuts every back-off wait short (the server is back). */
  wakeAll(): void {
    for (const { watch } of this.watches.values()) watch.wake();
  }

  /** Stops every watch. */
  async stop(): Promise<void> {
    const all = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(all.map((w) => w.watch.stop()));
  }
}
