/** One client per kubeconfig context: raw JSON requests, discovery, get/list/apply, tracked watches, status. */
import { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfigFile } from '../kubeconfig.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { splitApiVersion } from '../objects.js';
import { ProblemError } from '../problem.js';
import { TRACKING_LABEL } from '../tracking.js';
import type { BudgetOptions } from './budget.js';
import { RequestBudget } from './budget.js';
import type { Clock, Logger } from './deps.js';
import { silentLogger, systemClock } from './deps.js';
import { Discovery } from './discovery.js';
import { ClusterRequestError, isClusterError } from './errors.js';
import type { ResourceInfo } from './paths.js';
import type { RetryOptions } from './retry.js';
import { collectionPath, objectPath } from './paths.js';
import type { ClusterStatus, WriteCheck } from './status.js';
import { StatusTracker } from './status.js';
import { TrackedObjects } from './tracked.js';
import type { Query, RawRequest, RawResponse } from './transport.js';
import { KubeTransport } from './transport.js';
import type { KindRef, KindWatchDeps, KindWatchStatus, ObjectChange, WatchTimings } from './watch.js';
import { KindWatch, defaultWatchTimings } from './watch.js';

/** Field manager of every apply flotilla sends. */
const fieldManager = 'flotilla';

/** Everything a cluster client can be given; only `context` is required. */
export interface ClusterClientOptions {
  /** Kubeconfig context whose cluster and credentials to use. */
  context: string;
  /** Name of the cluster in the fleet, for messages and events; default the context name. */
  name?: string;
  /** A loaded kubeconfig (not modified: the client copies it and selects its context in the copy). */
  kubeConfig?: KubeConfig;
  /** Path of a kubeconfig file, when no `kubeConfig` is given; default: $KUBECONFIG or ~/.kube/config. */
  kubeconfigPath?: string;
  /** Refuse every mutating request that is not a dry-run (`--readonly`, or `readOnly: true`). */
  readOnly?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Random numbers for jitter; tests pin them. */
  random?: () => number;
  budget?: Partial<BudgetOptions>;
  /** Default time limit of one request; default 30 s. */
  requestTimeoutMs?: number;
  /** Bounds of the automatic retries of reads and dry runs (429, 502, 503, 504, reset connections). */
  retry?: Partial<RetryOptions>;
  discovery?: { ttlMs?: number; minRefreshIntervalMs?: number };
  status?: {
    probeIntervalMs?: number;
    probeTimeoutMs?: number;
    writeCheck?: WriteCheck;
    writeCheckTtlMs?: number;
  };
  watch?: Partial<WatchTimings>;
  /** Told of every mutating request that is not a dry run, after it ended (the audit log's hook). */
  onMutation?: (m: MutationRecord) => void;
}

/** One mutating request that was sent (or refused before sending), for the audit log. */
export interface MutationRecord {
  cluster: string;
  /** The kubeconfig user the request was sent as. */
  user: string;
  method: string;
  path: string;
  /** The app on whose behalf it was sent, when the caller said. */
  app?: string;
  result: 'ok' | 'error';
  status?: number;
  message?: string;
}

/** Options every write shares. */
interface WriteOptions {
  /** `true`: the server validates and returns the result without persisting it. */
  dryRun: boolean;
  /** `false` (`Validate=false`): the server drops unknown fields instead of refusing them. */
  validate?: boolean;
  /** The app on whose behalf the request is sent (for the audit log). */
  app?: string;
  signal?: AbortSignal;
}

/** Options of a server-side apply. */
interface ApplyOptions extends WriteOptions {
  /** Take over fields owned by other managers; default true (Git is the source of truth). */
  force?: boolean;
  /** Default `flotilla`. */
  fieldManager?: string;
}

/** Options of a delete. */
export interface DeleteOptions {
  /** How dependants go; default the server's for the kind. */
  propagationPolicy?: 'foreground' | 'background' | 'orphan';
  /** Delete only this incarnation of the object (guards against deleting a re-created one). */
  uid?: string;
  app?: string;
  signal?: AbortSignal;
}

/** A watch of one kind's objects of one app, for a sync that waits on them. */
export interface AppKindWatch {
  /** The object as last seen, or undefined (not seen, or deleted). */
  get(namespace: string, name: string): KubeObject | undefined;
  /** True once the first list completed. */
  synced(): boolean;
  stop(): Promise<void>;
}

/** Loads a kubeconfig file (or the default one) once, so many clients can share it. */
function loadKubeConfig(path?: string): KubeConfig {
  if (path) return loadKubeConfigFile(path);
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

/** A KubeConfig of its own whose current context is `context`: never switch the context of a shared one
 * (client-node resolves credentials from the current context at request time). */
function kubeConfigForContext(source: KubeConfig, context: string): KubeConfig {
  if (!source.getContextObject(context)) {
    const known = source.getContexts().map((c) => c.name);
    throw new ProblemError([
      {
        code: 'cluster.config',
        message: `The kubeconfig has no context "${context}".`,
        hint: known.length ? `Known contexts: ${known.join(', ')}.` : 'The kubeconfig defines no contexts.',
      },
    ]);
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: source.clusters,
    users: source.users,
    contexts: source.contexts,
    currentContext: context,
  });
  return kc;
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Questions about the identity itself (may I? who am I?): POSTs that change nothing, so read-only allows them.
const selfReviews =
  /^\/apis\/(?:authorization\.k8s\.io\/v1\/self(?:subjectaccess|subjectrules)reviews|authentication\.k8s\.io\/v1\/selfsubjectreviews)$/;

/** The client of one cluster (one kubeconfig context). */
export class ClusterClient {
  /** Fleet name of the cluster. */
  readonly name: string;
  readonly context: string;
  /** API server URL. */
  readonly server: string;
  /** Name of the kubeconfig user of the context (not necessarily the name the API server knows it by). */
  readonly kubeconfigUser: string | undefined;
  readonly discovery: Discovery;
  private readonly transport: KubeTransport;
  private readonly budget: RequestBudget;
  private readonly statusTracker: StatusTracker;
  private readonly tracked: TrackedObjects;
  private readonly readOnly: boolean;
  private readonly onMutation: ((m: MutationRecord) => void) | undefined;
  private readonly watchDeps: Omit<
    KindWatchDeps,
    'kind' | 'labelSelector' | 'resolve' | 'onChange' | 'onStatus'
  >;

  constructor(options: ClusterClientOptions) {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const random = options.random ?? Math.random;
    this.context = options.context;
    this.name = options.name ?? options.context;
    this.readOnly = options.readOnly ?? false;
    this.onMutation = options.onMutation;
    const kc = kubeConfigForContext(
      options.kubeConfig ?? loadKubeConfig(options.kubeconfigPath),
      options.context,
    );
    this.kubeconfigUser = kc.getContextObject(options.context)?.user || undefined;
    this.budget = new RequestBudget(options.budget, clock);
    this.transport = new KubeTransport(kc, {
      cluster: this.name,
      context: this.context,
      clock,
      logger,
      budget: this.budget,
      ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      onContact: (outcome) => this.statusTracker.recordContact(outcome),
    });
    this.server = this.transport.server;
    this.discovery = new Discovery((req) => this.request(req), {
      cluster: this.name,
      clock,
      logger,
      ...options.discovery,
    });
    this.statusTracker = new StatusTracker({
      cluster: this.name,
      context: this.context,
      server: this.server,
      clock,
      logger,
      ...options.status,
      request: (req) => this.request(req),
      onRecovered: () => this.tracked.wakeAll(),
    });
    const timings: WatchTimings = { ...defaultWatchTimings, ...options.watch };
    this.watchDeps = {
      cluster: this.name,
      request: (req) => this.request(req),
      stream: (req, onLine) => this.transport.streamLines(req, onLine),
      clock,
      logger,
      random,
      timings,
    };
    this.tracked = new TrackedObjects(
      (kind, hooks) =>
        new KindWatch({
          ...this.watchDeps,
          kind,
          labelSelector: TRACKING_LABEL,
          resolve: () => this.discovery.resolve(kind.group, kind.version, kind.kind),
          ...hooks,
        }),
    );
  }

  /** Starts the periodic health probe (watches start with `watchKinds`). */
  start(): void {
    this.statusTracker.start();
  }

  /** Stops probe and watches, and closes the connections. */
  async stop(): Promise<void> {
    this.statusTracker.stop();
    await this.tracked.stop();
    this.budget.close();
    this.transport.close();
  }

  /** Sends a raw request (budgeted; JSON in and out, no typed serialiser); rejects with a ClusterRequestError. */
  request<T = unknown>(req: RawRequest & { app?: string }): Promise<RawResponse<T>> {
    const writes =
      mutating.has(req.method.toUpperCase()) && req.query?.dryRun !== 'All' && !selfReviews.test(req.path);
    if (!writes) return this.transport.request<T>(req);
    return this.audited(req, () => this.sendWrite<T>(req));
  }

  /** Sends a write, or refuses it on a read-only cluster. */
  private sendWrite<T>(req: RawRequest): Promise<RawResponse<T>> {
    if (this.readOnly) {
      return Promise.reject(
        new ClusterRequestError({
          code: 'cluster.read-only',
          message: `Cluster ${this.name} is read-only in this fleet: flotilla refused to send ${req.method.toUpperCase()} ${req.path}.`,
          hint: 'Remove readOnly from the cluster (or --readonly) to allow changes.',
        }),
      );
    }
    return this.transport.request<T>(req);
  }

  /** Runs a write and tells `onMutation` how it ended. */
  private async audited<T>(req: RawRequest & { app?: string }, send: () => Promise<T>): Promise<T> {
    const base = {
      cluster: this.name,
      user: this.kubeconfigUser ?? '',
      method: req.method.toUpperCase(),
      path: req.path,
    };
    const app = req.app !== undefined ? { app: req.app } : {};
    try {
      const res = await send();
      this.onMutation?.({ ...base, ...app, result: 'ok' });
      return res;
    } catch (e) {
      const status = e instanceof ClusterRequestError ? e.status : undefined;
      const message = e instanceof ClusterRequestError ? e.problem.message : String(e);
      this.onMutation?.({
        ...base,
        ...app,
        result: 'error',
        ...(status !== undefined ? { status } : {}),
        message,
      });
      throw e;
    }
  }

  /** The raw JSON request function: answers the parsed body. */
  async requestJson<T = unknown>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown; contentType?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    return (await this.request<T>({ method, path, ...options })).body;
  }

  /** From the discovery snapshot, synchronously: is (group, kind) namespaced? undefined when unknown. */
  isNamespaced = (group: string, kind: string): boolean | undefined =>
    this.discovery.isNamespaced(group, kind);

  /** Where a kind lives (plural, scope); an empty version means the preferred one. */
  resolve(group: string, version: string, kind: string): Promise<ResourceInfo> {
    return this.discovery.resolve(group, version, kind);
  }

  /** One live object as raw JSON, or undefined when it does not exist. */
  async get(
    id: Omit<ObjectIdentity, 'version'> & { version?: string },
    signal?: AbortSignal,
  ): Promise<KubeObject | undefined> {
    try {
      return await this.withResource(id.group, id.version ?? '', id.kind, async (info) => {
        const res = await this.request<KubeObject>({
          method: 'GET',
          path: objectPath(info, requireNamespace(info, id, this.name)),
          ...(signal ? { signal } : {}),
        });
        return res.body;
      });
    } catch (e) {
      if (isClusterError(e, 'cluster.not-found') && e.detailsName !== undefined) return undefined;
      throw e;
    }
  }

  /** Objects of one kind by label (and field) selector, in one namespace or all; items get their apiVersion and
   * kind back. */
  async list(
    kind: KindRef,
    options: {
      labelSelector?: string;
      fieldSelector?: string;
      namespace?: string;
      signal?: AbortSignal;
    } = {},
  ): Promise<KubeObject[]> {
    return this.withResource(kind.group, kind.version, kind.kind, async (info) => {
      const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
      const out: KubeObject[] = [];
      let continueToken: string | undefined;
      do {
        const res = await this.request<{ items?: KubeObject[]; metadata?: { continue?: string } }>({
          method: 'GET',
          path: collectionPath(info, options.namespace ?? ''),
          query: {
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
            limit: 500,
            continue: continueToken,
          },
          ...(options.signal ? { signal: options.signal } : {}),
        });
        for (const item of res.body?.items ?? []) out.push({ ...item, apiVersion, kind: info.kind });
        continueToken = res.body?.metadata?.continue || undefined;
      } while (continueToken);
      return out;
    });
  }

  /**
   * Server-side apply of one object, sent as raw JSON (`application/apply-patch+yaml`: JSON is YAML), so
   * no field is dropped. With `dryRun` the server answers what the object would become and stores nothing.
   */
  async applyServerSide(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const { group, version } = splitApiVersion(obj.apiVersion);
    const name = obj.metadata.name;
    if (!name)
      throw new ProblemError([
        {
          code: 'cluster.invalid',
          message: `Cluster ${this.name}: cannot apply a ${obj.kind} without metadata.name.`,
        },
      ]);
    return this.withResource(group, version, obj.kind, async (info) => {
      const id = requireNamespace(
        info,
        { kind: obj.kind, name, namespace: obj.metadata.namespace ?? '' },
        this.name,
      );
      const res = await this.request<KubeObject>({
        method: 'PATCH',
        path: objectPath(info, id),
        query: {
          fieldManager: options.fieldManager ?? fieldManager,
          force: options.force ?? true,
          ...writeQuery(options),
        },
        contentType: 'application/apply-patch+yaml',
        body: obj,
        ...requestExtras(options),
      });
      return res.body;
    });
  }

  /** Creates an object (POST); fails with `cluster.conflict` when it exists. */
  async create(obj: KubeObject, options: WriteOptions): Promise<KubeObject> {
    return this.withObject(obj, async (info, id) => {
      const res = await this.request<KubeObject>({
        method: 'POST',
        path: collectionPath(info, id.namespace),
        query: { fieldManager, ...writeQuery(options) },
        body: obj,
        ...requestExtras(options),
      });
      return res.body;
    });
  }

  /** Replaces an object whole (PUT, unconditional unless the object carries a resourceVersion). */
  async replace(obj: KubeObject, options: WriteOptions): Promise<KubeObject> {
    return this.withObject(obj, async (info, id) => {
      const res = await this.request<KubeObject>({
        method: 'PUT',
        path: objectPath(info, id),
        query: { fieldManager, ...writeQuery(options) },
        body: obj,
        ...requestExtras(options),
      });
      return res.body;
    });
  }

  /** Deletes an object; false when it was already gone. */
  async delete(id: ObjectIdentity, options: DeleteOptions = {}): Promise<boolean> {
    try {
      await this.withResource(id.group, id.version, id.kind, async (info) => {
        await this.request({
          method: 'DELETE',
          path: objectPath(info, requireNamespace(info, id, this.name)),
          body: {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            ...(options.propagationPolicy
              ? { propagationPolicy: capitalise(options.propagationPolicy) }
              : {}),
            ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
          },
          ...requestExtras(options),
        });
      });
      return true;
    } catch (e) {
      if (isClusterError(e, 'cluster.not-found') && e.detailsName !== undefined) return false;
      throw e;
    }
  }

  /** Watches one kind's objects of one app (label `flotilla.dev/app=APP`), cluster-wide; `onChange` is
   * called for every change and once (without one) when the first list is complete. Separate from the tracked watches, so a sync never changes what the monitor watches. */
  watchApp(app: string, kind: KindRef, onChange: (change?: ObjectChange) => void): AppKindWatch {
    let synced = false;
    const watch = new KindWatch({
      ...this.watchDeps,
      kind,
      labelSelector: `${TRACKING_LABEL}=${app}`,
      resolve: () => this.discovery.resolve(kind.group, kind.version, kind.kind),
      onChange,
      onStatus: (status) => {
        // The first complete list is news too: objects missing from it are known to be absent.
        if (status.synced && !synced) {
          synced = true;
          onChange();
        }
      },
    });
    watch.start();
    return {
      get: (namespace, name) => watch.get(namespace, name),
      synced: () => synced,
      stop: () => watch.stop(),
    };
  }

  /** Watches exactly these kinds (tracked objects only); call again whenever the set changes. */
  watchKinds(kinds: readonly KindRef[]): Promise<void> {
    return this.tracked.setKinds(kinds);
  }

  /** The cached tracked object, or undefined (not tracked, or its kind not watched). */
  cached(id: Pick<ObjectIdentity, 'group' | 'kind' | 'namespace' | 'name'>): KubeObject | undefined {
    return this.tracked.get(id);
  }

  /** Cached tracked objects, all or one app's. */
  cachedObjects(filter: { app?: string; group?: string; kind?: string } = {}): KubeObject[] {
    return this.tracked.list(filter);
  }

  /** Progress of each kind's watch. */
  watchStatuses(): KindWatchStatus[] {
    return this.tracked.statuses();
  }

  /** True when every watched kind finished its first list. */
  watchesSynced(): boolean {
    return this.tracked.synced();
  }

  /** The cluster's status now. */
  get status(): ClusterStatus {
    return this.statusTracker.current;
  }

  /** Probes the cluster now and resolves with the new status. */
  probe(): Promise<ClusterStatus> {
    return this.statusTracker.probe();
  }

  /** Re-asks whether the identity may write (normally cached for 10 minutes). */
  checkWriteAccess(): Promise<boolean> {
    return this.statusTracker.checkWriteAccess();
  }

  /** Subscribes to tracked-object changes; returns the unsubscribe function. */
  onChange(fn: (change: ObjectChange) => void): () => void {
    return this.tracked.changes.on(fn);
  }

  /** Subscribes to cluster status changes; returns the unsubscribe function. */
  onStatus(fn: (status: ClusterStatus) => void): () => void {
    return this.statusTracker.changes.on(fn);
  }

  /** Subscribes to watch progress changes; returns the unsubscribe function. */
  onWatchStatus(fn: (status: KindWatchStatus) => void): () => void {
    return this.tracked.watchStatus.on(fn);
  }

  /** Resolves an object's kind and runs `fn` with its namespace and name checked against the kind's scope. */
  private withObject<T>(
    obj: KubeObject,
    fn: (info: ResourceInfo, id: { namespace: string; name: string }) => Promise<T>,
  ): Promise<T> {
    const { group, version } = splitApiVersion(obj.apiVersion);
    const name = obj.metadata.name;
    if (!name)
      throw new ProblemError([
        {
          code: 'cluster.invalid',
          message: `Cluster ${this.name}: cannot write a ${obj.kind} without metadata.name.`,
        },
      ]);
    return this.withResource(group, version, obj.kind, (info) =>
      fn(
        info,
        requireNamespace(info, { kind: obj.kind, name, namespace: obj.metadata.namespace ?? '' }, this.name),
      ),
    );
  }

  /** Resolves the kind and runs `fn`; when the server says the resource type is gone (a 404 naming no
   * object: a CRD was removed or changed), refreshes discovery once and retries. */
  private async withResource<T>(
    group: string,
    version: string,
    kind: string,
    fn: (info: ResourceInfo) => Promise<T>,
  ): Promise<T> {
    const info = await this.discovery.resolve(group, version, kind);
    try {
      return await fn(info);
    } catch (e) {
      if (!isClusterError(e, 'cluster.not-found') || e.detailsName !== undefined) throw e;
      this.discovery.invalidate();
      return fn(await this.discovery.resolve(group, version, kind));
    }
  }
}

function requireNamespace(
  info: ResourceInfo,
  id: { kind: string; namespace: string; name: string },
  cluster: string,
): { namespace: string; name: string } {
  if (!info.namespaced) return { namespace: '', name: id.name };
  if (!id.namespace)
    throw new ProblemError([
      {
        code: 'cluster.invalid',
        message: `Cluster ${cluster}: ${id.kind} ${id.name} is namespaced but names no namespace.`,
      },
    ]);
  return { namespace: id.namespace, name: id.name };
}

/** Query parameters every write shares: dry run and field validation. */
function writeQuery(options: WriteOptions): Query {
  return {
    dryRun: options.dryRun ? 'All' : undefined,
    fieldValidation: options.validate === false ? 'Ignore' : undefined,
  };
}

/** The request's signal and the app it acts for, when given. */
function requestExtras(options: { signal?: AbortSignal; app?: string }): {
  signal?: AbortSignal;
  app?: string;
} {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.app !== undefined ? { app: options.app } : {}),
  };
}

/** `foreground` → `Foreground`, as DeleteOptions spells propagation policies. */
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Creates the client of one context. */
export function createClusterClient(options: ClusterClientOptions): ClusterClient {
  return new ClusterClient(options);
}
