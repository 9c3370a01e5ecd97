/**
 * The engine facade: `openEngine` is the one place that assembles the fleet's parts (Git sources, the
 * renderer, cluster clients, the comparisons that pick a diff mode, the monitor). The CLI commands
 * and the monitor worker call it; nothing else wires engine parts together.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { systemClock, type Clock, type ClusterClient, type Logger } from './cluster/index.js';
import { auditLogPath, openAuditLog, type AuditLog } from './audit.js';
import {
  AutomationRunner,
  readAutomationRecord,
  type AutomationEvent,
  type AutomationPorts,
} from './automation/index.js';
import { auditEntryOf } from './audit-mutations.js';
import type { App, Fleet } from './config/index.js';
import { DesiredStates, openRepos, type DesiredState } from './desired/index.js';
import type { ResourceDiff } from './diff/index.js';
import { defaultCacheRoot, type GitLogEntry } from './git/index.js';
import {
  historyDiff,
  readRecord,
  recordOperation,
  type AppRecord,
  type HistoryDiff,
} from './history/index.js';
import { userKubeConfig } from './kubeconfig.js';
import {
  FleetMonitor,
  type EventSummary,
  type MonitorClock,
  type AppSummary,
  type MonitorEvent,
  type PendingCommitsSummary,
  type TreeNode,
} from './monitor/index.js';
import type { ObjectRef } from './objects.js';
import { pauseApp, resumeApp, type PauseDeps } from './history/pause.js';
import type { AutoSyncPause } from './history/types.js';
import { fail, type Problem, type Result } from './problem.js';
import { createRenderer } from './render/index.js';
import {
  DEFAULT_LEASE_SECONDS,
  readRolloutOf,
  startRollout,
  type RolloutDeps,
  type RolloutEvent,
  type RolloutOutcome,
  type RolloutRecord,
  type RolloutRequest,
} from './rollout/index.js';
import { ClusterComparison, openClusters, type AppStatus } from './status/index.js';
import type { OperationState, SyncEvent, SyncOutcome, SyncRequest } from './sync/index.js';
import { whoAmI } from './sync/initiator.js';
import { readOperation, requestTermination } from './sync/lock.js';
import { planApp, syncApp, type OperateDeps, type PlanDeps } from './sync/operate.js';
import type { SyncPlan } from './sync/types.js';
import { dryRunOfPlan, type DryRunFailure } from './sync/dry-run.js';
import { readActionLog, type ActionLogEntry } from './audit-read.js';
import { rollbackApp, type RollbackEvent, type RollbackRequest } from './sync/rollback.js';

/** A sync's plan as `Engine.planSync` answers it: the plan, and what the server refused in its dry run. */
export interface PlannedSync {
  plan: SyncPlan;
  /** Objects the API server would refuse (a conflict with another field manager, a quota, a webhook). */
  refusals: DryRunFailure[];
  /** False when no dry run was sent (read-only, or the identity may not write): refusals are then unknown. */
  dryRun: boolean;
}

/** What the engine is opened with; everything but the fleet and the environment has a default. */
export interface EngineOptions {
  /** A loaded and checked fleet (see `loadFleet`). */
  fleet: Fleet;
  /** Environment for credentials, tool paths, the Git cache ($FLOTILLA_CACHE_DIR) and kubeconfig. */
  env: Readonly<Record<string, string | undefined>>;
  /** `--readonly`; the fleet file's `settings.readOnly` counts as well. */
  readOnly?: boolean;
  /** Time and timers for the monitor and the cluster clients; tests step a fake one. */
  clock?: MonitorClock;
  logger?: Logger;
  /** Loads a kubeconfig file (default: the user's, as kubectl merges $KUBECONFIG). */
  loadKubeConfig?: (path?: string) => KubeConfig;
  /** Lease duration of an app's operation lock, in seconds (default 30). */
  leaseSeconds?: number;
  /** Monitor timings (defaults: resync every 60 s, 300 ms quiet time after a watch event). */
  monitor?: { resyncMs?: number; debounceMs?: number };
}

/** How automation is started: which apps, whether it acts, and where its events go. */
export interface AutomationOptions {
  /** Apps to automate (default: every app of the fleet with syncPolicy.automated). */
  apps?: readonly string[];
  /** False: decide and show, never act (`--no-auto-sync`); default true. */
  act?: boolean;
  onEvent?: (e: AutomationEvent) => void;
}

/** Running automation; `stop` stops deciding and awaits a running operation (stopped first). */
export interface AutomationHandle {
  stop(): Promise<void>;
}

/** Target of a refresh: an app, a cluster's apps, a repo's apps, or (empty) everything. */
export interface RefreshTarget {
  app?: string;
  cluster?: string;
  repo?: string;
}

/** The engine of one fleet: one-shot answers for commands, and the observe loop for long runs. */
export interface Engine {
  readonly fleet: Fleet;
  /** Whether no mutating request may leave flotilla (the option or the fleet file). */
  readonly readOnly: boolean;
  /** An app's desired state at its revision (polled), or at `revision` when given. */
  render(app: App, revision?: string): Promise<Result<DesiredState>>;
  /** The statuses of `apps`, each cluster probed once; for commands that answer and exit. */
  statuses(apps: readonly App[]): Promise<AppStatus[]>;
  /** Subscribes to the observe loop's events; returns the unsubscribe function. */
  on(fn: (e: MonitorEvent) => void): () => void;
  /** Starts the observe loop: repo polls, cluster probes and watches, recomparisons. */
  start(): void;
  /** Re-polls Git for the target and recompares it; mutates nothing. */
  refresh(target?: RefreshTarget): Promise<void>;
  /** The last comparison of an app, its resources that are not in sync (Secret values masked). */
  diffOf(app: string): ResourceDiff[];
  /** The app's resource tree and the events about its objects. */
  detailOf(app: string): Promise<{ resources: TreeNode[]; events: EventSummary[] }>;
  /** The objects owned by one of the app's resources. */
  childrenOf(app: string, owner: ObjectRef): Promise<TreeNode[]>;
  /** Commits on the app's ref that are not deployed yet. */
  commitsOf(app: string): Promise<PendingCommitsSummary | undefined>;
  /** The plan a sync with `request` would run now: the app rendered, its live objects read from the cluster
   * at this moment (not the observe loop's cache), compared and planned as `sync` plans. Sends nothing that
   * changes the cluster (in read-only mode not even a dry run). */
  planSync(app: string, request: SyncRequest): Promise<Result<PlannedSync>>;
  /** The mutating requests flotilla sent (this user's audit log), newest first, at most `limit`. */
  actionLog(limit?: number): Promise<ActionLogEntry[]>;
  /** Syncs an app: plan, lock, access checks, dry run, then phases and waves gated by health, hooks and
   * prunes; progress goes to `onEvent`. Refuses before sending anything when it may not write. */
  sync(app: string, request: SyncRequest, onEvent?: (e: SyncEvent) => void): Promise<SyncOutcome>;
  /** Restores the revision of a history entry (default: the one before the current) with a sync without hooks,
   * once Git confirms the commit is still in the repository; an automated app's auto-sync is paused under the
   * lock before the first write. Refuses before sending anything when it may not write. */
  rollback(app: string, request: RollbackRequest, onEvent?: (e: RollbackEvent) => void): Promise<SyncOutcome>;
  /** Pauses an automated app's auto-sync and self-heal until resumed; answers the pause as written. */
  pauseAutoSync(app: string, reason: string): Promise<Result<AutoSyncPause>>;
  /** Lifts an app's pause; answers the pause lifted, or undefined when the app was not paused. */
  resumeAutoSync(app: string): Promise<Result<AutoSyncPause | undefined>>;
  /** Asks the operation running on an app to stop, from any host; answers its record. */
  terminate(app: string): Promise<Result<OperationState>>;
  /** The app's running or last operation as kept on its cluster, or undefined when it never ran. */
  operationOf(app: string): Promise<OperationState | undefined>;
  /** The app's sync history (newest first) and auto-sync pause, as kept on its cluster. */
  history(app: string): Promise<Result<AppRecord>>;
  /** What history entry `id` changed against the entry before it: both revisions rendered again, compared
   * object by object, Secret values masked. */
  historyDiff(app: string, id: number): Promise<Result<HistoryDiff>>;
  /** Syncs an app set's apps group by group, by a cluster label, each group only after the previous one is
   * synced and healthy; stops at the first failure. The progress is kept on the clusters (docs/rollout.md). */
  rollout(
    appSet: string,
    request: RolloutRequest,
    onEvent?: (e: RolloutEvent) => void,
  ): Promise<RolloutOutcome>;
  /** The app set's running or last rollout as kept on its clusters, or undefined when none ran. */
  rolloutOf(appSet: string): Promise<Result<RolloutRecord | undefined>>;
  /** Starts auto-sync and self-heal of automated apps on the observe loop's statuses (docs/automation.md);
   * app summaries then carry each app's automation status. */
  startAutomation(options?: AutomationOptions): AutomationHandle;
  /** Stops the loop and automation, and closes every cluster connection. */
  stop(): Promise<void>;
}

/** Opens the engine of a fleet. Nothing goes online and no kubeconfig is read until first needed. */
export function openEngine(options: EngineOptions): Engine {
  return new FleetEngine(options);
}

class FleetEngine implements Engine {
  readonly fleet: Fleet;
  readonly readOnly: boolean;
  private readonly desired: DesiredStates;
  private openedClusters: Map<string, ClusterClient> | undefined;
  private loop: FleetMonitor | undefined;
  private auditLog: AuditLog | undefined;
  private automation: AutomationRunner | undefined;
  private readonly listeners = new Set<(e: MonitorEvent) => void>();
  private readonly lastApps = new Map<string, AppSummary>();

  constructor(private readonly options: EngineOptions) {
    const { fleet, env, logger } = options;
    this.fleet = fleet;
    this.readOnly = options.readOnly === true || fleet.settings.readOnly;
    const repos = openRepos(fleet, {
      cacheRoot: env.FLOTILLA_CACHE_DIR ?? defaultCacheRoot(env),
      env,
      ...(logger ? { log: (e: GitLogEntry) => logger[e.level](e.message, { repo: e.repo }) } : {}),
    });
    this.desired = new DesiredStates(fleet, repos, createRenderer({ env }));
  }

  render(app: App, revision?: string): Promise<Result<DesiredState>> {
    return this.desired.render(app, revision);
  }

  async statuses(apps: readonly App[]): Promise<AppStatus[]> {
    const clusters = this.clusters();
    const ready = new Map<string, Promise<ClusterComparison>>();
    const comparisonOf = (name: string): Promise<ClusterComparison> => {
      let comparison = ready.get(name);
      if (!comparison) {
        const client = clusters.get(name);
        // The fleet loader checks every destination against the clusters, so a missing client is a bug.
        if (!client) throw new Error(`an app names cluster ${name}, which the fleet does not have`);
        comparison = client.probe().then(() => new ClusterComparison(client, this.clusterReadOnly(name)));
        ready.set(name, comparison);
      }
      return comparison;
    };
    return Promise.all(
      apps.map(async (app) => {
        const [desired, comparison] = await Promise.all([
          this.desired.render(app),
          comparisonOf(app.destination.cluster),
        ]);
        return comparison.statusOf(app, desired);
      }),
    );
  }

  on(fn: (e: MonitorEvent) => void): () => void {
    this.monitor();
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  startAutomation(options: AutomationOptions = {}): AutomationHandle {
    const named = options.apps ? new Set(options.apps) : undefined;
    const runner = new AutomationRunner({
      apps: this.fleet.apps.filter((a) => (named ? named.has(a.name) : a.syncPolicy.automated)),
      act: options.act ?? true,
      ports: this.automationPorts(),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      onStatus: (app) => {
        const last = this.lastApps.get(app);
        if (last) this.publish({ type: 'app', app: last });
      },
    });
    this.automation = runner;
    const off = this.monitor().on((e) => {
      if (e.type === 'app') runner.observe(e.app);
    });
    return {
      stop: async () => {
        off();
        await runner.stop();
        if (this.automation === runner) this.automation = undefined;
      },
    };
  }

  start(): void {
    this.monitor().start();
  }

  refresh(target: RefreshTarget = {}): Promise<void> {
    return this.monitor().refresh(target);
  }

  diffOf(app: string): ResourceDiff[] {
    return this.monitor().diffOf(app);
  }

  detailOf(app: string): Promise<{ resources: TreeNode[]; events: EventSummary[] }> {
    return this.monitor().detailOf(app);
  }

  childrenOf(app: string, owner: ObjectRef): Promise<TreeNode[]> {
    return this.monitor().childrenOf(app, owner);
  }

  commitsOf(app: string): Promise<PendingCommitsSummary | undefined> {
    return this.monitor().commitsOf(app);
  }

  async sync(appName: string, request: SyncRequest, onEvent?: (e: SyncEvent) => void): Promise<SyncOutcome> {
    return this.syncWith(appName, request, onEvent, {});
  }

  async planSync(appName: string, request: SyncRequest): Promise<Result<PlannedSync>> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    if (!app) return fail(unknownApp(appName));
    const deps = this.planDeps(app, request);
    const planned = await planApp(deps, request);
    if (!planned.ok) return planned;
    const cluster = this.clusterOf(app);
    // Read-only, or an identity that may not write: not even a dry run is sent.
    const check = deps.readOnly === undefined && cluster.status.canWrite === true;
    const refusals = check ? await dryRunOfPlan(cluster, planned.plan, request).catch(() => []) : [];
    return { ok: true, value: { plan: planned.plan, refusals, dryRun: check } };
  }

  actionLog(limit?: number): Promise<ActionLogEntry[]> {
    return readActionLog(auditLogPath(this.options.env as NodeJS.ProcessEnv), limit);
  }

  /** What planning a sync of `app` needs; the sync itself adds the rest (`syncWith`). */
  private planDeps(app: App, request: SyncRequest): PlanDeps {
    const cluster = this.clusterOf(app);
    const clusterReadOnly = this.fleet.clusters.find((c) => c.name === cluster.name)?.readOnly === true;
    return {
      app,
      cluster,
      readOnly: this.readOnly ? 'global' : clusterReadOnly ? 'cluster' : undefined,
      desired: () => this.desired.render(app, request.revision),
      clock: this.clock(),
    };
  }

  /** Monitor events to subscribers, app summaries with their automation status. */
  private publish(e: MonitorEvent): void {
    if (e.type === 'app') this.lastApps.set(e.app.name, e.app);
    const automation = e.type === 'app' ? this.automation?.statusOf(e.app.name) : undefined;
    const out: MonitorEvent = e.type === 'app' && automation ? { ...e, app: { ...e.app, automation } } : e;
    for (const fn of this.listeners) fn(out);
  }

  private automationPorts(): AutomationPorts {
    return {
      clock: this.clock(),
      readOnlyOf: (app) =>
        this.readOnly ? 'global' : this.clusterReadOnly(app.destination.cluster) ? 'cluster' : undefined,
      readRecord: (app) => readAutomationRecord(this.clusterOf(app), app.name),
      sync: (app, request, guard) => this.syncWith(app.name, request, undefined, { guard }),
      refresh: (app) => this.refresh({ app: app.name }),
    };
  }

  /** A sync with extra checks under the lock (rollback, automation); everything else as `sync`. */
  private async syncWith(
    appName: string,
    request: SyncRequest,
    onEvent: ((e: SyncEvent) => void) | undefined,
    extra: Pick<OperateDeps, 'guard'>,
  ): Promise<SyncOutcome> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    if (!app) return { started: false, problems: [unknownApp(appName)] };
    const cluster = this.clusterOf(app);
    return syncApp(
      {
        ...this.planDeps(app, request),
        cluster,
        emit: onEvent ?? (() => {}),
        waveDelayMs: this.fleet.settings.syncWaveDelayMs,
        onFinished: async (final, { desired }) => {
          const commitInfo = (sha: string) => this.desired.repoOf(app).commitInfo(sha);
          const input = { final, request, objects: desired.output.objects, commitInfo };
          await recordOperation(cluster, input, this.fleet.settings.historyLimit);
          return [];
        },
        ...(this.options.leaseSeconds !== undefined ? { leaseSeconds: this.options.leaseSeconds } : {}),
        ...extra,
      },
      request,
    );
  }

  async rollback(
    appName: string,
    request: RollbackRequest,
    onEvent?: (e: RollbackEvent) => void,
  ): Promise<SyncOutcome> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    if (!app) return { started: false, problems: [unknownApp(appName)] };
    return rollbackApp(
      {
        ...this.pauseDeps(app),
        app,
        repo: this.desired.repoOf(app),
        emit: onEvent ?? (() => {}),
        sync: (r, extra) => this.syncWith(app.name, r, onEvent, extra),
      },
      request,
    );
  }

  async pauseAutoSync(appName: string, reason: string): Promise<Result<AutoSyncPause>> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    return app ? pauseApp(this.pauseDeps(app), reason) : fail(unknownApp(appName));
  }

  async resumeAutoSync(appName: string): Promise<Result<AutoSyncPause | undefined>> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    return app ? resumeApp(this.pauseDeps(app)) : fail(unknownApp(appName));
  }

  /** What writing an app's pause needs: its cluster, whether it may be written to, the clock. */
  private pauseDeps(app: App): PauseDeps {
    const cluster = this.clusterOf(app);
    const readOnly = this.readOnly ? 'global' : this.clusterReadOnly(cluster.name) ? 'cluster' : undefined;
    return { app, cluster, readOnly, clock: this.clock() };
  }

  async terminate(appName: string): Promise<Result<OperationState>> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    if (!app) return fail(unknownApp(appName));
    if (this.readOnly) return fail(readOnlyTerminate());
    const cluster = this.clusterOf(app);
    const who = await whoAmI(cluster);
    return requestTermination(cluster, app.name, who.user);
  }

  async operationOf(appName: string): Promise<OperationState | undefined> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    if (!app) return undefined;
    return readOperation(this.clusterOf(app), app.name);
  }

  async history(appName: string): Promise<Result<AppRecord>> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    if (!app) return fail(unknownApp(appName));
    return readRecord(this.clusterOf(app), app.name);
  }

  async historyDiff(appName: string, id: number): Promise<Result<HistoryDiff>> {
    const app = this.fleet.apps.find((a) => a.name === appName);
    if (!app) return fail(unknownApp(appName));
    const record = await readRecord(this.clusterOf(app), app.name);
    if (!record.ok) return record;
    return historyDiff(app.name, record.value, id, (sha) => this.desired.render(app, sha));
  }

  rollout(
    appSet: string,
    request: RolloutRequest,
    onEvent?: (e: RolloutEvent) => void,
  ): Promise<RolloutOutcome> {
    const sync = (app: string, r: SyncRequest, on: (e: SyncEvent) => void) => this.sync(app, r, on);
    const deps = { ...this.rolloutDeps(), readOnly: this.readOnly, sync, emit: onEvent ?? (() => {}) };
    return startRollout(deps, appSet, request);
  }

  rolloutOf(appSet: string): Promise<Result<RolloutRecord | undefined>> {
    return readRolloutOf(this.rolloutDeps(), appSet);
  }

  /** What rollouts read and write the record with. */
  private rolloutDeps(): Pick<RolloutDeps, 'fleet' | 'cluster' | 'clock' | 'leaseSeconds'> {
    const cluster = (name: string) => {
      const client = this.clusters().get(name);
      // App sets name only clusters of the fleet, so a missing client is a bug.
      if (!client) throw new Error(`an app set names cluster ${name}, which the fleet does not have`);
      return client;
    };
    return {
      fleet: this.fleet,
      cluster,
      clock: this.clock(),
      leaseSeconds: this.options.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
    };
  }

  async stop(): Promise<void> {
    await this.automation?.stop();
    this.loop?.stop();
    await Promise.all([...(this.openedClusters?.values() ?? [])].map((c) => c.stop()));
  }

  private clusterOf(app: App): ClusterClient {
    const client = this.clusters().get(app.destination.cluster);
    // The fleet loader checks every destination against the clusters, so a missing client is a bug.
    if (!client)
      throw new Error(
        `app ${app.name} names cluster ${app.destination.cluster}, which the fleet does not have`,
      );
    return client;
  }

  private clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  /** The audit log, opened on the first write. */
  private audit(): AuditLog {
    this.auditLog ??= openAuditLog(this.options.env);
    return this.auditLog;
  }

  private clusterReadOnly(name: string): boolean {
    return this.readOnly || this.fleet.clusters.find((c) => c.name === name)?.readOnly === true;
  }

  /** The cluster clients, opened on first use: `render` and `validate` never read a kubeconfig. */
  private clusters(): Map<string, ClusterClient> {
    const { env, clock, logger } = this.options;
    this.openedClusters ??= openClusters(this.fleet, {
      loadKubeConfig: this.options.loadKubeConfig ?? userKubeConfig(env as NodeJS.ProcessEnv),
      readOnly: this.readOnly,
      clientOptions: {
        ...(clock ? { clock } : {}),
        ...(logger ? { logger } : {}),
        onMutation: (m) => this.audit().append(auditEntryOf(m, this.clock().now())),
      },
    });
    return this.openedClusters;
  }

  private monitor(): FleetMonitor {
    if (!this.loop) {
      this.loop = new FleetMonitor({
        fleet: this.fleet,
        desired: this.desired,
        clusters: this.clusters(),
        readOnly: this.readOnly,
        ...this.options.monitor,
        ...(this.options.clock ? { clock: this.options.clock } : {}),
      });
      this.loop.on((e) => this.publish(e));
    }
    return this.loop;
  }
}

function unknownApp(name: string): Problem {
  return {
    code: 'sync.unknown-app',
    message: `The fleet has no app named "${name}".`,
    hint: 'See `flotilla status` for the apps of this fleet.',
  };
}

function readOnlyTerminate(): Problem {
  return {
    code: 'sync.read-only',
    message:
      'flotilla runs in read-only mode (--readonly or settings.readOnly): terminate writes to the cluster, so it was not sent.',
    hint: 'Run without --readonly to terminate an operation.',
  };
}
