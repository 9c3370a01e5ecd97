/** Waiting on a sync's objects without sleeping: one watch per kind of the app's objects, and a wait that
 * re-checks its condition on every change they see (and now and then by reading, in case a watch lags). */
import type { AppKindWatch, Clock, KindRef, ObjectChange } from '../cluster/index.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';

/** What the waiter needs from the cluster client. */
export interface WaiterCluster {
  watchApp(app: string, kind: KindRef, onChange: (change?: ObjectChange) => void): AppKindWatch;
  get(id: ObjectIdentity, signal?: AbortSignal): Promise<KubeObject | undefined>;
}

/** The outcome of a condition check: a value ends the wait, undefined waits for the next change. */
export type Check<T> = (reason: { reread: boolean }) => Promise<T | undefined> | T | undefined;

/** Why a wait stopped early: the signal's reason, as the executor set it. */
export class WaitStopped extends Error {
  constructor(readonly reason: unknown) {
    super('the wait was stopped');
    this.name = 'WaitStopped';
  }
}

/** Watches the kinds a sync touches and wakes waits when any of their objects changes. */
export class SyncWaiter {
  private readonly watches = new Map<string, AppKindWatch>();
  /** uids seen deleted, so a deletion that arrived before the wait began still counts. */
  private readonly deletedUids = new Set<string>();
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly cluster: WaiterCluster,
    private readonly app: string,
    private readonly clock: Clock,
    /** How often a wait re-reads its objects even without watch news; default 10 s. */
    private readonly rereadMs = 10_000,
  ) {}

  /** Starts watching the kind of `id` (once per kind). */
  watch(id: Pick<ObjectIdentity, 'group' | 'version' | 'kind'>): void {
    const key = `${id.group}/${id.kind}`;
    if (this.watches.has(key)) return;
    const kind = { group: id.group, version: id.version, kind: id.kind };
    this.watches.set(
      key,
      this.cluster.watchApp(this.app, kind, (change) => this.changed(change)),
    );
  }

  /** The newest copy of an object the watches hold, or undefined. */
  latest(id: ObjectIdentity): KubeObject | undefined {
    return this.watches.get(`${id.group}/${id.kind}`)?.get(id.namespace, id.name);
  }

  /** True when this incarnation of an object was seen deleted. */
  deleted(uid: unknown): boolean {
    return typeof uid === 'string' && this.deletedUids.has(uid);
  }

  /** Reads an object now (the fallback when a watch may lag). */
  read(id: ObjectIdentity, signal?: AbortSignal): Promise<KubeObject | undefined> {
    return this.cluster.get(id, signal);
  }

  /** Re-runs `check` on every change and every `rereadMs` until it answers, or `signal` stops it. */
  async until<T>(check: Check<T>, signal: AbortSignal): Promise<T> {
    let reread = false;
    for (;;) {
      if (signal.aborted) throw new WaitStopped(signal.reason);
      const woken = this.nextWake(signal);
      const answer = await check({ reread });
      if (answer !== undefined) {
        woken.cancel();
        return answer;
      }
      reread = (await woken.promise) === 'timer';
    }
  }

  /** Stops every watch. */
  async stop(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
    this.watches.clear();
  }

  private changed(change?: ObjectChange): void {
    const uid = change?.object.metadata.uid;
    if (change?.type === 'deleted' && typeof uid === 'string') this.deletedUids.add(uid);
    for (const wake of [...this.wakers]) wake();
  }

  /** A promise that settles on the next change, the re-read timer or the signal; cancel releases it. */
  private nextWake(signal: AbortSignal): {
    promise: Promise<'change' | 'timer' | 'stop'>;
    cancel: () => void;
  } {
    let cancel = () => {};
    const promise = new Promise<'change' | 'timer' | 'stop'>((resolve) => {
      const timer = this.clock.setTimeout(() => done('timer'), this.rereadMs);
      const onAbort = () => done('stop');
      const done = (why: 'change' | 'timer' | 'stop') => {
        this.clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.wakers.delete(wake);
        resolve(why);
      };
      const wake = () => done('change');
      this.wakers.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
      cancel = () => done('stop');
    });
    return { promise, cancel };
  }
}
