/**
 * The fleet monitor: the engine's long-running observe loop. It polls each repo at its interval,
 * probes each cluster, watches the objects the fleet tracks, and recomputes an app's status when its
 * commit or one of its live objects changes. It only observes; the acting side plugs in later.
 */
import type { ClusterClient, ObjectChange } from '../cluster/index.js';
import type { App, Fleet } from '../config/index.js';
import type { DesiredStates } from '../desired/index.js';
import { createDiffer, TRACKING_LABEL, type Differ, type ResourceDiff } from '../diff/index.js';
import {
  computeAppStatus,
  liveAccess,
  trackedKinds,
  unknownStatus,
  unreachableProblem,
  type AppStatus,
} from '../status/index.js';
import type { CommitInfo } from '../git/index.js';
import { appEvents, childNodes, resourceNodes, type EventSummary, type TreeNode } from './detail.js';
import {
  appIdentity,
  summariseApp,
  summariseCluster,
  type AppSummary,
  type ClusterSummary,
} from './summaries.js';

/** What the monitor reports. */
export type MonitorEvent =
  | { type: 'cluster'; cluster: ClusterSummary }
  | { type: 'app'; app: AppSummary }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

/** Timers, injectable so tests need not wait. */
export interface MonitorTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the monitor needs; the caller opens the repos and clusters. */
export interface MonitorOptions {
  fleet: Fleet;
  desired: DesiredStates;
  clusters: Map<string, ClusterClient>;
  /** Global read-only mode: diffs are client-side, no request that writes (not even a dry run). */
  readOnly: boolean;
  /** Recompute everything this often, to catch drift on kinds nobody watches (default 60 s). */
  resyncMs?: number;
  /** Quiet time after a watch event before the app is recompared (default 300 ms). */
  debounceMs?: number;
  timers?: MonitorTimers;
}

/** Commits on an app's ref that are not yet live. */
export interface PendingCommitsSummary {
  ref: string;
  repo: string;
  /** Empty when the deployed commit is not known yet (the sync engine records it). */
  deployedSha: string;
  tipSha: string;
  commits: CommitInfo[];
}

const nodeTimers: MonitorTimers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Runs the observe loop for one fleet. */
export class FleetMonitor {
  private readonly listeners = new Set<(e: MonitorEvent) => void>();
  private readonly statuses = new Map<string, AppStatus>();
  private readonly differs = new Map<string, Differ>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly debounce = new Map<string, unknown>();
  private readonly intervals: unknown[] = [];
  /** Commit times by repo and SHA: a commit never changes, and every watch event recomputes an app. */
  private readonly commitTimes = new Map<string, number | undefined>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly timers: MonitorTimers;
  private stopped = false;

  constructor(private readonly opts: MonitorOptions) {
    this.timers = opts.timers ?? nodeTimers;
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(fn: (e: MonitorEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Announces the fleet as known from the file, then starts every loop. */
  start(): void {
    const { fleet } = this.opts;
    for (const cluster of fleet.clusters) {
      const client = this.client(cluster.name);
      this.emit({
        type: 'cluster',
        cluster: summariseCluster(client.status, cluster.labels, cluster.readOnly || this.opts.readOnly),
      });
      this.unsubscribe.push(
        client.onStatus((status) => this.onClusterStatus(cluster.name, status.reachability)),
      );
      this.unsubscribe.push(client.onChange((change) => this.onObjectChange(change)));
      client.start();
    }
    for (const app of fleet.apps)
      this.emit({
        type: 'app',
        app: {
          ...appIdentity(app),
          sync: 'Unknown',
          health: 'Unknown',
          healthMessage: 'Not compared yet',
          driftCount: 0,
          resources: [],
          problems: [],
        },
      });
    for (const repo of fleet.repos) {
      this.intervals.push(
        this.timers.setInterval(() => void this.refresh({ repo: repo.name }), repo.pollIntervalMs),
      );
    }
    this.intervals.push(
      this.timers.setInterval(() => void this.recompute(fleet.apps), this.opts.resyncMs ?? 60_000),
    );
    void this.refresh();
  }

  /** Stops every loop and closes the clusters' connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const h of this.intervals) this.timers.clearInterval(h);
    for (const h of this.debounce.values()) this.timers.clearTimeout(h);
    for (const u of this.unsubscribe) u();
    await Promise.all([...this.opts.clusters.values()].map((c) => c.stop()));
  }

  /** Re-polls Git (for the target, or everything) and recompares; mutates nothing. */
  async refresh(target: { app?: string; cluster?: string; repo?: string } = {}): Promise<void> {
    const apps = this.opts.fleet.apps.filter(
      (a) =>
        (!target.app || a.name === target.app) &&
        (!target.cluster || a.destination.cluster === target.cluster) &&
        (!target.repo || a.repo === target.repo),
    );
    for (const repo of new Set(apps.map((a) => a.repo))) this.opts.desired.newRefresh(repo);
    if (target.cluster) await this.client(target.cluster).probe();
    await this.recompute(apps);
  }

  /** The last comparison of an app, resource by resource (Secret values already masked). */
  diffOf(app: string): ResourceDiff[] {
    return (this.statuses.get(app)?.diff?.resources ?? []).filter((r) => r.status !== 'Synced');
  }

  /** The app's resources as tree nodes, and the events about them. */
  async detailOf(app: string): Promise<{ resources: TreeNode[]; events: EventSummary[] }> {
    const status = this.statuses.get(app);
    if (!status) return { resources: [], events: [] };
    const client = this.client(status.app.destination.cluster);
    const events = await appEvents(client, status.resources).catch(() => []);
    return { resources: resourceNodes(status.resources), events };
  }

  /** Children (ReplicaSets, Pods…) of one tree node. */
  childrenOf(app: string, key: string): Promise<TreeNode[]> {
    const status = this.statuses.get(app);
    return status ? childNodes(this.client(status.app.destination.cluster), key) : Promise.resolve([]);
  }

  /** Commits between the deployed commit and the ref's tip. The deployed commit is read from the
   * `flotilla.dev/revision` annotation the sync engine will write; until then it is unknown and the
   * newest commits are listed. */
  async commitsOf(appName: string): Promise<PendingCommitsSummary | undefined> {
    const app = this.opts.fleet.apps.find((a) => a.name === appName);
    if (!app) return undefined;
    const status = this.statuses.get(appName);
    const source = this.opts.desired.repoOf(app);
    // The tip is known from Git even while the app's cluster is unreachable.
    const tip = status?.sha ?? source.currentSha(app.revision);
    if (!tip) throw new Error(`repo ${app.repo} has not been read yet; try again in a moment`);
    const deployed = status ? deployedRevision(status) : undefined;
    const log = await source.log(deployed && deployed !== tip ? deployed : undefined, tip, 50);
    if (!log.ok) throw new Error(log.problems[0]?.message ?? `the history of ${app.repo} could not be read`);
    return {
      repo: app.repo,
      ref: app.revision,
      deployedSha: deployed ?? '',
      tipSha: tip,
      commits: deployed === tip ? [] : log.value.commits,
    };
  }

  private client(name: string): ClusterClient {
    const client = this.opts.clusters.get(name);
    // The fleet loader checks every destination against the clusters.
    if (!client) throw new Error(`no client for cluster ${name}`);
    return client;
  }

  private differ(cluster: string): Differ {
    let differ = this.differs.get(cluster);
    if (!differ) {
      const client = this.client(cluster);
      const readOnly =
        this.opts.readOnly || this.opts.fleet.clusters.find((c) => c.name === cluster)?.readOnly === true;
      const canWrite = client.status.canWrite === true;
      differ = createDiffer({
        access: liveAccess(client),
        mode: readOnly || !canWrite ? 'client-side' : 'auto',
      });
      // Only cache the choice once write access is known.
      if (client.status.canWrite !== undefined || readOnly) this.differs.set(cluster, differ);
    }
    return differ;
  }

  private onClusterStatus(name: string, reachability: string): void {
    const cluster = this.opts.fleet.clusters.find((c) => c.name === name);
    if (!cluster) return;
    const client = this.client(name);
    this.emit({
      type: 'cluster',
      cluster: summariseCluster(client.status, cluster.labels, cluster.readOnly || this.opts.readOnly),
    });
    const apps = this.opts.fleet.apps.filter((a) => a.destination.cluster === name);
    const wasUnknown = apps.some((a) => this.statuses.get(a.name)?.sync === 'Unknown');
    if (reachability === 'reachable' && wasUnknown) void this.recompute(apps);
    if (reachability === 'unreachable') for (const app of apps) this.markUnreachable(app);
  }

  private markUnreachable(app: App): void {
    const client = this.client(app.destination.cluster);
    const previous = this.statuses.get(app.name);
    const status = unknownStatus(
      { app, revision: app.revision, sha: previous?.sha, cluster: client.status },
      unreachableProblem(client),
    );
    this.statuses.set(app.name, { ...status, resources: previous?.resources ?? [] });
    this.emit({ type: 'app', app: summariseApp(this.statuses.get(app.name)!) });
  }

  private onObjectChange(change: ObjectChange): void {
    const app = change.object?.metadata.labels?.[TRACKING_LABEL];
    if (!app || !this.opts.fleet.apps.some((a) => a.name === app)) return;
    const pending = this.debounce.get(app);
    if (pending) this.timers.clearTimeout(pending);
    this.debounce.set(
      app,
      this.timers.setTimeout(() => {
        this.debounce.delete(app);
        const target = this.opts.fleet.apps.find((a) => a.name === app);
        if (target) void this.recompute([target]);
      }, this.opts.debounceMs ?? 300),
    );
  }

  /** Recomputes apps, one run per app at a time; a request during a run schedules one more. */
  private async recompute(apps: App[]): Promise<void> {
    await Promise.all(apps.map((app) => this.recomputeOne(app)));
    this.updateWatches();
  }

  private async recomputeOne(app: App): Promise<void> {
    const running = this.running.get(app.name);
    if (running) {
      this.dirty.add(app.name);
      return running;
    }
    const run = this.computeAndEmit(app).finally(() => {
      this.running.delete(app.name);
      if (this.dirty.delete(app.name) && !this.stopped) void this.recomputeOne(app);
    });
    this.running.set(app.name, run);
    return run;
  }

  private async computeAndEmit(app: App): Promise<void> {
    if (this.stopped) return;
    const client = this.client(app.destination.cluster);
    const desired = await this.opts.desired.render(app);
    let status: AppStatus;
    if (!desired.ok) {
      status = {
        ...unknownStatus({ app, revision: app.revision, cluster: client.status }, desired.problems[0]!),
        problems: desired.problems,
      };
    } else if (client.status.reachability === 'unreachable') {
      status = unknownStatus(
        { app, revision: app.revision, sha: desired.value.sha, cluster: client.status },
        unreachableProblem(client),
      );
    } else {
      if (client.status.canWrite === undefined && client.status.reachability === 'reachable')
        await client.checkWriteAccess().catch(() => false);
      const watched =
        client.watchesSynced() &&
        this.watchesCover(
          client,
          desired.value.output.objects.map((o) => o.identity),
        )
          ? client.cachedObjects({ app: app.name })
          : undefined;
      status = await computeAppStatus(desired.value, client, this.differ(app.destination.cluster), watched);
    }
    if (this.stopped) return;
    this.statuses.set(app.name, status);
    const commit = status.sha ? await this.commitTime(app, status.sha) : undefined;
    this.emit({ type: 'app', app: summariseApp(status, commit) });
  }

  private watchesCover(client: ClusterClient, ids: { group: string; kind: string }[]): boolean {
    const watched = new Set(client.watchStatuses().map((w) => `${w.kind.group}/${w.kind.kind}`));
    return ids.every((id) => watched.has(`${id.group}/${id.kind}`));
  }

  private async commitTime(app: App, sha: string): Promise<number | undefined> {
    const key = `${app.repo}@${sha}`;
    if (this.commitTimes.has(key)) return this.commitTimes.get(key);
    const info = await this.opts.desired.repoOf(app).commitInfo(sha);
    const time = info.ok ? Date.parse(info.value.date) : undefined;
    if (info.ok) this.commitTimes.set(key, time);
    return time;
  }

  /** Watches, per cluster, every kind its apps render to (plus the common ones). */
  private updateWatches(): void {
    if (this.stopped) return;
    for (const [name, client] of this.opts.clusters) {
      const ids = [...this.statuses.values()]
        .filter((s) => s.app.destination.cluster === name)
        .flatMap((s) =>
          s.resources.map((r) => ({
            group: r.group,
            version: '',
            kind: r.kind,
            namespace: r.namespace,
            name: r.name,
          })),
        );
      const kinds = trackedKinds(ids).map((k) => ({
        ...k,
        version: k.version || versionOf(this.statuses, k.group, k.kind),
      }));
      void client.watchKinds(kinds.filter((k) => k.version)).catch((err: unknown) =>
        this.emit({
          type: 'log',
          level: 'warn',
          message: `watches on ${name}: ${err instanceof Error ? err.message : String(err)}`,
        }),
      );
    }
  }

  private emit(e: MonitorEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}

function versionOf(statuses: Map<string, AppStatus>, group: string, kind: string): string {
  for (const s of statuses.values()) {
    const r = s.diff?.resources.find((d) => d.identity.group === group && d.identity.kind === kind);
    if (r?.identity.version) return r.identity.version;
  }
  return '';
}

function deployedRevision(status: AppStatus): string | undefined {
  for (const r of status.diff?.resources ?? []) {
    const rev = r.live?.metadata.annotations?.['flotilla.dev/revision'];
    if (rev) return rev;
  }
  return undefined;
}
