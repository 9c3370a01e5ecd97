/**
 * One watch of one kind of tracked object (label `flotilla.dev/app`), cluster-wide, with a local cache.
 *
 * Why our own loop on a streaming raw request rather than client-node's `Watch` or informer: the
 * 1.4 informer stops for good on any error other than 410, requests no bookmarks, has no client-side
 * timeout (a half-open connection hangs until TCP keepalive notices), types its list results through the
 * lossy ObjectSerializer while watch events stay raw JSON, and its `Watch` opens a new agent (TLS
 * handshake) per reconnect. Here: list then watch from the list's
 * resourceVersion, bookmarks, relist on 410, back-off on other errors, a stall watchdog, and events
 * deduplicated by resourceVersion, all through the cluster's budgeted keep-alive transport.
 */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { splitApiVersion } from '../objects.js';
import type { Problem } from '../problem.js';
import type { BackoffOptions } from './backoff.js';
import { Backoff } from './backoff.js';
import type { Clock, Logger, TimerHandle } from './deps.js';
import { sleep } from './deps.js';
import { ClusterRequestError, isClusterError } from './errors.js';
import type { ResourceInfo } from './paths.js';
import { collectionPath } from './paths.js';
import type { LineStream, RawRequest, RawResponse } from './transport.js';

/** A kind to watch. An empty version means the server's preferred version. */
export interface KindRef {
  group: string;
  version: string;
  kind: string;
}

/** What happened to one tracked object. */
export type ChangeType = 'added' | 'modified' | 'deleted';

/** One change of a tracked live object; for `deleted`, `object` is its last known state. */
export interface ObjectChange {
  cluster: string;
  type: ChangeType;
  identity: ObjectIdentity;
  object: KubeObject;
}

/** Where a kind's watch loop is. */
export type WatchState = 'starting' | 'listing' | 'watching' | 'backing-off' | 'stopped';

/** Progress of one kind's watch. */
export interface KindWatchStatus {
  kind: KindRef;
  state: WatchState;
  /** True once the first list completed: the cache then holds every tracked object of the kind. */
  synced: boolean;
  resourceVersion?: string;
  /** Restarts after errors or stalls (not counting the server's normal timeouts). */
  restarts: number;
  lastError?: Problem;
}

/** Timings of a watch; defaults suit production, tests shorten them. */
export interface WatchTimings {
  /** Restart a watch that saw no event and no bookmark for this long; default 150 s (the server bookmarks about every minute). */
  stallTimeoutMs: number;
  /** Server-side watch duration, randomised ±10 % so a fleet's watches do not renew in step; default 300 s. */
  watchTimeoutSeconds: number;
  /** Page size of lists; default 500. */
  pageSize: number;
  backoff: Partial<BackoffOptions>;
}

/** Default watch timings. */
export const defaultWatchTimings: WatchTimings = {
  stallTimeoutMs: 150_000,
  watchTimeoutSeconds: 300,
  pageSize: 500,
  backoff: {},
};

/** What one kind's watch needs from its cluster client. */
export interface KindWatchDeps {
  cluster: string;
  kind: KindRef;
  labelSelector: string;
  resolve: () => Promise<ResourceInfo>;
  request: (req: RawRequest) => Promise<RawResponse>;
  stream: (req: RawRequest, onLine: (line: string) => void) => Promise<LineStream>;
  clock: Clock;
  logger: Logger;
  random: () => number;
  timings: WatchTimings;
  onChange: (change: ObjectChange) => void;
  onStatus: (status: KindWatchStatus) => void;
}

interface ListDoc {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

interface WatchEvent {
  type?: string;
  object?: KubeObject & { code?: number; message?: string; reason?: string };
}

/** Identity of an object as the watch sees it. */
function identityOf(obj: KubeObject): ObjectIdentity {
  const { group, version } = splitApiVersion(obj.apiVersion);
  return {
    group,
    version,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
  };
}

function resourceVersionOf(obj: KubeObject | undefined): string | undefined {
  const rv = obj?.metadata.resourceVersion;
  return typeof rv === 'string' ? rv : undefined;
}

const objectKey = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;

class StallError extends Error {}

/** Lists and watches one kind, keeping its tracked objects in memory. */
export class KindWatch {
  private readonly store = new Map<string, KubeObject>();
  private readonly backoff: Backoff;
  private readonly stopper = new AbortController();
  private stream: LineStream | undefined;
  private loop: Promise<void> | undefined;
  private status: KindWatchStatus;
  /** Last resourceVersion seen (list, event or bookmark); kept out of `status` to avoid an event per line. */
  private resourceVersion: string | undefined;
  private wakeUp: AbortController | undefined;

  constructor(private readonly deps: KindWatchDeps) {
    this.backoff = new Backoff(deps.timings.backoff, deps.random);
    this.status = { kind: deps.kind, state: 'starting', synced: false, restarts: 0 };
  }

  /** The current progress of this watch. */
  get current(): KindWatchStatus {
    return this.snapshot();
  }

  /** Tracked objects of this kind, as last seen. */
  objects(): KubeObject[] {
    return [...this.store.values()];
  }

  /** One cached object by namespace and name. */
  get(namespace: string, name: string): KubeObject | undefined {
    return this.store.get(`${namespace}/${name}`);
  }

  /** Starts the loop (once). */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stops the loop and closes the stream; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.stream?.close();
    await this.loop;
    this.update({ state: 'stopped' });
  }

  /** Ends a back-off wait early, e.g. when the health probe sees the server answer again. */
  wake(): void {
    this.wakeUp?.abort();
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private snapshot(): KindWatchStatus {
    return this.resourceVersion === undefined
      ? { ...this.status }
      : { ...this.status, resourceVersion: this.resourceVersion };
  }

  private update(patch: Partial<KindWatchStatus>): void {
    this.status = { ...this.status, ...patch };
    this.deps.onStatus(this.snapshot());
  }

  private async run(): Promise<void> {
    let goneInARow = 0;
    while (!this.stopped) {
      try {
        const info = await this.deps.resolve();
        if (this.resourceVersion === undefined) await this.list(info);
        const sawEvents = await this.watch(info);
        if (sawEvents) goneInARow = 0;
      } catch (e) {
        if (this.stopped) break;
        const gone = isClusterError(e, 'cluster.gone');
        if (gone) {
          // The resourceVersion is too old: relist. A second 410 in a row without progress backs off,
          // because some servers refuse a fresh resourceVersion for some resources (a relist loop).
          this.resourceVersion = undefined;
          if (++goneInARow < 2) continue;
        }
        const problem: Problem =
          e instanceof ClusterRequestError
            ? e.problem
            : e instanceof StallError
              ? stallProblem(this.deps)
              : {
                  code: 'cluster.watch',
                  message: `Cluster ${this.deps.cluster}: watch of ${this.deps.kind.kind} failed: ${e instanceof Error ? e.message : String(e)}`,
                };
        const delay = this.backoff.next();
        this.deps.logger.warn('watch restarting', {
          cluster: this.deps.cluster,
          kind: this.deps.kind.kind,
          code: problem.code,
          delayMs: delay,
        });
        this.update({ state: 'backing-off', restarts: this.status.restarts + 1, lastError: problem });
        this.wakeUp = new AbortController();
        try {
          await sleep(this.deps.clock, delay, AbortSignal.any([this.stopper.signal, this.wakeUp.signal]));
        } catch {
          // Woken early or stopped; the loop condition tells which.
        }
        this.wakeUp = undefined;
      }
    }
  }

  /** Lists every tracked object (paginated) and reconciles the store with it, emitting the differences. */
  private async list(info: ResourceInfo): Promise<void> {
    this.update({ state: 'listing' });
    const seen = new Map<string, KubeObject>();
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const res = await this.deps.request({
        method: 'GET',
        path: collectionPath(info),
        query: {
          labelSelector: this.deps.labelSelector,
          limit: this.deps.timings.pageSize,
          continue: continueToken,
        },
        signal: this.stopper.signal,
      });
      const doc = (res.body ?? {}) as ListDoc;
      // List items come without apiVersion and kind; restore them so they look like watch objects.
      for (const item of doc.items ?? []) seen.set(objectKey(item), { ...item, apiVersion, kind: info.kind });
      continueToken = doc.metadata?.continue || undefined;
      resourceVersion = doc.metadata?.resourceVersion;
    } while (continueToken);
    if (this.stopped) return;
    for (const [key, old] of this.store) {
      if (!seen.has(key)) {
        this.store.delete(key);
        this.emit('deleted', old);
      }
    }
    for (const [key, obj] of seen) {
      const old = this.store.get(key);
      if (resourceVersionOf(old) === resourceVersionOf(obj)) continue;
      this.store.set(key, obj);
      this.emit(old ? 'modified' : 'added', obj);
    }
    this.backoff.reset();
    this.resourceVersion = resourceVersion;
    this.update({ synced: true });
  }

  /** Watches from the stored resourceVersion until the stream ends; true when any line arrived. */
  private async watch(info: ResourceInfo): Promise<boolean> {
    const { clock, timings } = this.deps;
    const timeoutSeconds = Math.round(timings.watchTimeoutSeconds * (0.9 + 0.2 * this.deps.random()));
    let watchdog: TimerHandle | undefined;
    let stalled = false;
    let failure: unknown;
    let sawEvents = false;
    const arm = () => {
      if (watchdog !== undefined) clock.clearTimeout(watchdog);
      watchdog = clock.setTimeout(() => {
        stalled = true;
        this.stream?.close();
      }, timings.stallTimeoutMs);
    };
    const onLine = (line: string) => {
      if (failure !== undefined || stalled) return;
      sawEvents = true;
      arm();
      try {
        this.handle(JSON.parse(line) as WatchEvent);
      } catch (e) {
        failure = e;
        this.stream?.close();
      }
    };
    this.stream = await this.deps.stream(
      {
        method: 'GET',
        path: collectionPath(info),
        query: {
          watch: 1,
          labelSelector: this.deps.labelSelector,
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds,
        },
        signal: this.stopper.signal,
      },
      onLine,
    );
    this.update({ state: 'watching' });
    const openedAt = clock.now();
    arm();
    try {
      const ended = await this.stream.done;
      if (failure !== undefined) throw failure;
      if (stalled) throw new StallError('stalled');
      if (ended) throw ended;
      // A stream the server ends at once and empty, again and again, would spin: treat it as an error.
      if (!sawEvents && clock.now() - openedAt < 1_000)
        throw new Error('the server ended the watch immediately');
      if (sawEvents) {
        this.backoff.reset();
        if (this.status.lastError) this.update({ lastError: undefined });
      }
      return sawEvents;
    } finally {
      if (watchdog !== undefined) clock.clearTimeout(watchdog);
      this.stream = undefined;
    }
  }

  private handle(event: WatchEvent): void {
    const obj = event.object;
    switch (event.type) {
      case 'BOOKMARK':
        this.resourceVersion = resourceVersionOf(obj) ?? this.resourceVersion;
        return;
      case 'ERROR': {
        const code = typeof obj?.code === 'number' ? obj.code : 0;
        if (code === 410)
          throw new ClusterRequestError(
            {
              code: 'cluster.gone',
              message: `Cluster ${this.deps.cluster}: watch of ${this.deps.kind.kind} expired (410 Gone).`,
            },
            410,
            'Expired',
          );
        throw new ClusterRequestError(
          {
            code: 'cluster.server-error',
            message: `Cluster ${this.deps.cluster}: the watch of ${this.deps.kind.kind} failed: ${obj?.message ?? 'unknown error'}`,
          },
          code || undefined,
          obj?.reason,
        );
      }
      case 'ADDED':
      case 'MODIFIED': {
        if (!obj?.metadata) return;
        const key = objectKey(obj);
        const old = this.store.get(key);
        const rv = resourceVersionOf(obj);
        this.resourceVersion = rv ?? this.resourceVersion;
        // A re-delivered event (same resourceVersion) changes nothing downstream.
        if (old && resourceVersionOf(old) === rv) return;
        this.store.set(key, obj);
        this.emit(old ? 'modified' : 'added', obj);
        return;
      }
      case 'DELETED': {
        if (!obj?.metadata) return;
        const key = objectKey(obj);
        this.resourceVersion = resourceVersionOf(obj) ?? this.resourceVersion;
        if (!this.store.delete(key)) return;
        this.emit('deleted', obj);
        return;
      }
      default:
        return;
    }
  }

  private emit(type: ChangeType, object: KubeObject): void {
    this.deps.onChange({ cluster: this.deps.cluster, type, identity: identityOf(object), object });
  }
}

function stallProblem(deps: KindWatchDeps): Problem {
  return {
    code: 'cluster.watch-stalled',
    message: `Cluster ${deps.cluster}: the watch of ${deps.kind.kind} was silent for ${Math.round(deps.timings.stallTimeoutMs / 1000)} s (no event, no bookmark); restarting it.`,
  };
}
