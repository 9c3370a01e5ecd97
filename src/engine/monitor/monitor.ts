/**
 * The fleet monitor: the engine's long-running observe loop. It polls each repo at its interval,
 * probes each cluster, watches the objects the fleet tracks, and recomputes an app's status when its
 * commit or one of its live objects changes. It only observes; the acting side plugs in later.
 */
import type { ObjectChange } from '../cluster/index.js';
import type { App, Fleet } from '../config/index.js';
import type { DesiredState } from '../desired/index.js';
import { TRACKING_LABEL, type ResourceDiff } from '../diff/index.js';
import type { ObjectRef } from '../objects.js';
import type { Problem } from '../problem.js';
import {
  ClusterComparison,
  trackedKinds,
  unknownStatus,
  unreachableProblem,
  type AppStatus,
} from '../status/index.js';
import type { CommitInfo } from '../git/index.js';
import { appEvents, childNodes, resourceNodes, type EventSummary, type TreeNode } from './detail.js';
import { systemMonitorClock, type DesiredSource, type MonitorClock, type MonitoredCluster } from './ports.js';
import { RepoPolls, type RepoSummary, type RevisionPoll } from './repos.js';
import { REVISION_ANNOTATION } from '../tracking.js';
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
  | { type: 'repo'; repo: RepoSummary }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

/** What the monitor needs; the engine facade opens the repos and clusters and closes them. */
interface MonitorOptions {
  fleet: Fleet;
  desired: DesiredSource;
  clusters: ReadonlyMap<string, MonitoredCluster>;
  /** Global read-only mode: diffs are client-side, no request that writes (not even a dry run). */
  readOnly: boolean;
  /** Recompute everything this often, to catch drift on kinds nobody watches (default 60 s). */
  resyncMs?: number;
  /** Quiet time after a watch event before the app is recompared (default 300 ms). */
  debounceMs?: number;
  clock?: MonitorClock;
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

/** Runs the observe loop for one fleet. Every background task is caught: an app whose status cannot
 * be worked out becomes Unknown with the reason, and the other apps carry on. */
export class FleetMonitor {
  private readonly listeners = new Set<(e: MonitorEvent) => void>();
  private readonly statuses = new Map<string, AppStatus>();
  private readonly comparisons = new Map<string, ClusterComparison>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  /** Bumped whenever an app's state is set from outside a computation (its cluster went away), so a
   * computation that started before answers too late and is dropped. */
  private readonly generations = new Map<string, number>();
  private readonly debounce = new Map<string, unknown>();
  private readonly intervals: unknown[] = [];
  /** Commit times by repo and SHA: a commit never changes, and every watch event recomputes an app. */
  private readonly commitTimes = new Map<string, number | undefined>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly repoPolls: RepoPolls;
  private readonly clock: MonitorClock;
  private stopped = false;

  constructor(private readonly opts: MonitorOptions) {
    this.clock = opts.clock ?? systemMonitorClock;
    this.repoPolls = new RepoPolls(opts.fleet);
    for (const cluster of opts.fleet.clusters)
      this.comparisons.set(
        cluster.name,
        new ClusterComparison(this.client(cluster.name), opts.readOnly || cluster.readOnly),
      );
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
        cluster: summariseCluster(
          client.status,
          cluster.labels,
          cluster.readOnly || this.opts.readOnly,
          cluster.production,
        ),
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
    for (const repo of this.repoPolls.all()) this.emit({ type: 'repo', repo });
    for (const repo of fleet.repos) {
      this.intervals.push(
        this.clock.setInterval(
          () => this.background(this.refresh({ repo: repo.name }), `polling ${repo.name}`),
          repo.pollIntervalMs,
        ),
      );
    }
    this.intervals.push(
      this.clock.setInterval(
        () => this.background(this.recompute(fleet.apps), 'the periodic resync'),
        this.opts.resyncMs ?? 60_000,
      ),
    );
    this.background(this.refresh(), 'the first refresh');
  }

  /** Stops every loop; the engine closes the clusters' connections. */
  stop(): void {
    this.stopped = true;
    for (const h of this.intervals) this.clock.clearInterval(h);
    for (const h of this.debounce.values()) this.clock.clearTimeout(h);
    for (const u of this.unsubscribe) u();
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
    await Promise.all([this.pollRepos(apps), this.recompute(apps)]);
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
  childrenOf(app: string, owner: ObjectRef): Promise<TreeNode[]> {
    const status = this.statuses.get(app);
    return status ? childNodes(this.client(status.app.destination.cluster), owner) : Promise.resolve([]);
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

  /** Reads this refresh's polls of the apps' repos (the same polls their renders use) and reports
   * each repo: its tips, when it last answered, and why not. */
  private async pollRepos(apps: readonly App[]): Promise<void> {
    const byRepo = new Map<string, Map<string, App>>();
    for (const app of apps) {
      const revisions = byRepo.get(app.repo) ?? new Map<string, App>();
      if (!revisions.has(app.revision)) revisions.set(app.revision, app);
      byRepo.set(app.repo, revisions);
    }
    await Promise.all(
      [...byRepo].map(async ([repo, revisions]) => {
        const polls = await Promise.all([...revisions.values()].map((app) => this.pollOf(app)));
        if (this.stopped) return;
        const summary = this.repoPolls.record(repo, polls, this.clock.now());
        if (summary) this.emit({ type: 'repo', repo: summary });
      }),
    );
  }

  /** This refresh's poll of the app's revision; a poll that throws is a failed poll, in plain words. */
  private async pollOf(app: App): Promise<RevisionPoll> {
    try {
      return { revision: app.revision, result: await this.opts.desired.poll(app) };
    } catch (err) {
      const message = `Repo ${app.repo} could not be polled: ${messageOf(err)}`;
      return { revision: app.revision, error: { code: 'git.poll-failed', message } };
    }
  }

  private client(name: string): MonitoredCluster {
    const client = this.opts.clusters.get(name);
    // The fleet loader checks every destination against the clusters.
    if (!client) throw new Error(`no client for cluster ${name}`);
    return client;
  }

  private comparison(cluster: string): ClusterComparison {
    const comparison = this.comparisons.get(cluster);
    if (!comparison) throw new Error(`no client for cluster ${cluster}`);
    return comparison;
  }

  /** Runs a task nobody awaits; a failure becomes a warning instead of an unhandled rejection. */
  private background(task: Promise<unknown>, what: string): void {
    task.catch((err: unknown) =>
      this.emit({ type: 'log', level: 'warn', message: `${what}: ${messageOf(err)}` }),
    );
  }

  private onClusterStatus(name: string, reachability: string): void {
    const cluster = this.opts.fleet.clusters.find((c) => c.name === name);
    if (!cluster) return;
    const client = this.client(name);
    this.emit({
      type: 'cluster',
      cluster: summariseCluster(
        client.status,
        cluster.labels,
        cluster.readOnly || this.opts.readOnly,
        cluster.production,
      ),
    });
    const apps = this.opts.fleet.apps.filter((a) => a.destination.cluster === name);
    const wasUnknown = apps.some((a) => this.statuses.get(a.name)?.sync === 'Unknown');
    if (reachability === 'reachable' && wasUnknown)
      this.background(this.recompute(apps), `recomparing the apps of ${name}`);
    if (reachability === 'unreachable') for (const app of apps) this.markUnreachable(app);
  }

  private markUnreachable(app: App): void {
    const client = this.client(app.destination.cluster);
    const previous = this.statuses.get(app.name);
    const status = unknownStatus(
      { app, revision: app.revision, sha: previous?.sha, cluster: client.status },
      unreachableProblem(client),
    );
    this.generations.set(app.name, this.generationOf(app.name) + 1);
    this.statuses.set(app.name, { ...status, resources: previous?.resources ?? [] });
    this.emit({ type: 'app', app: summariseApp(this.statuses.get(app.name)!) });
  }

  private onObjectChange(change: ObjectChange): void {
    const app = change.object?.metadata.labels?.[TRACKING_LABEL];
    if (!app || !this.opts.fleet.apps.some((a) => a.name === app)) return;
    const pending = this.debounce.get(app);
    if (pending) this.clock.clearTimeout(pending);
    this.debounce.set(
      app,
      this.clock.setTimeout(() => {
        this.debounce.delete(app);
        const target = this.opts.fleet.apps.find((a) => a.name === app);
        if (target) this.background(this.recompute([target]), `recomparing ${app}`);
      }, this.opts.debounceMs ?? 300),
    );
  }

  /** Recomputes apps, one run per app at a time; a request during a run schedules one more. */
  private async recompute(apps: App[]): Promise<void> {
    await Promise.all(apps.map((app) => this.recomputeOne(app)));
    this.updateWatches();
  }

  private recomputeOne(app: App): Promise<void> {
    const running = this.running.get(app.name);
    if (running) {
      this.dirty.add(app.name);
      return running;
    }
    const run = this.computeAndEmit(app)
      .catch((err: unknown) =>
        this.emit({ type: 'log', level: 'warn', message: `${app.name}: ${messageOf(err)}` }),
      )
      .finally(() => {
        this.running.delete(app.name);
        if (this.dirty.delete(app.name) && !this.stopped) void this.recomputeOne(app);
      });
    this.running.set(app.name, run);
    return run;
  }

  private async computeAndEmit(app: App): Promise<void> {
    if (this.stopped) return;
    const generation = this.generationOf(app.name);
    const current = () => !this.stopped && generation === this.generationOf(app.name);
    let status: AppStatus;
    try {
      status = await this.decide(app);
    } catch (err) {
      status = unknownStatus(
        { app, revision: app.revision, cluster: this.client(app.destination.cluster).status },
        failureProblem(app, err),
      );
    }
    if (!current()) return;
    this.statuses.set(app.name, status);
    const commit = status.sha ? await this.commitTime(app, status.sha) : undefined;
    if (!current()) return;
    this.emit({ type: 'app', app: summariseApp(status, commit) });
  }

  /** Renders the app and lets its cluster's comparison decide, from the watch cache when it covers
   * every kind the app renders to. */
  private async decide(app: App): Promise<AppStatus> {
    const client = this.client(app.destination.cluster);
    const desired = await this.opts.desired.render(app);
    return this.comparison(app.destination.cluster).statusOf(app, desired, (d: DesiredState) =>
      client.watchesSynced() &&
      this.watchesCover(
        client,
        d.output.objects.map((o) => o.identity),
      )
        ? client.cachedObjects({ app: app.name })
        : undefined,
    );
  }

  private generationOf(app: string): number {
    return this.generations.get(app) ?? 0;
  }

  private watchesCover(client: MonitoredCluster, ids: { group: string; kind: string }[]): boolean {
    const watched = new Set(client.watchStatuses().map((w) => `${w.kind.group}/${w.kind.kind}`));
    return ids.every((id) => watched.has(`${id.group}/${id.kind}`));
  }

  /** The commit's time, or undefined when it cannot be read (the row then shows no age). */
  private async commitTime(app: App, sha: string): Promise<number | undefined> {
    const key = `${app.repo}@${sha}`;
    if (this.commitTimes.has(key)) return this.commitTimes.get(key);
    const info = await this.opts.desired
      .repoOf(app)
      .commitInfo(sha)
      .catch(() => undefined);
    if (!info?.ok) return undefined;
    const time = Date.parse(info.value.date);
    this.commitTimes.set(key, time);
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
      this.background(client.watchKinds(kinds.filter((k) => k.version)), `watches on ${name}`);
    }
  }

  private emit(e: MonitorEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}

/** Why an app's status could not be worked out at all, in plain words. */
function failureProblem(app: App, err: unknown): Problem {
  return {
    code: 'monitor.failed',
    message: `The status of ${app.name} could not be worked out: ${messageOf(err)}`,
    hint: 'flotilla tries again on the next refresh; press r to try now.',
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
    const rev = r.live?.metadata.annotations?.[REVISION_ANNOTATION];
    if (rev) return rev;
  }
  return undefined;
}
