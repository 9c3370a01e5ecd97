/**
 * One sync of one app, from request to record: refuse early (read-only, unreachable, render failed,
 * plan problems, unconfirmed prunes, missing permissions) before any write, then take the app's lock,
 * run the plan and release the lock with the final record. Nothing here talks to a terminal.
 */
import type { ClusterClient, Clock } from '../cluster/index.js';
import type { App } from '../config/index.js';
import type { DesiredState } from '../desired/index.js';
import { ProblemError, type Problem, type Result } from '../problem.js';
import type { StatusCluster } from '../status/index.js';
import { ClusterComparison } from '../status/index.js';
import { checkSyncAccess } from './access.js';
import { syncAccessNeeds } from './access-needs.js';
import { initialResults, OperationBook } from './book.js';
import type { ExecuteCluster } from './execute.js';
import type { StopReason } from './stop.js';
import { executePlan } from './execute.js';
import { whoAmI } from './initiator.js';
import { appObjects } from './live.js';
import {
  acquireAppLock,
  lockAccessNeeds,
  lockNamespaceMissing,
  type AppLock,
  type LockCluster,
} from './lock.js';
import type { Initiator, OperationState, SyncEvent, SyncOutcome, SyncRequest } from './operation.js';
import { blockingProblems, planSync } from './plan.js';
import type { SyncPlan } from './types.js';

/** The cluster client as a sync uses it. */
export type OperateCluster = ExecuteCluster &
  LockCluster &
  StatusCluster &
  Pick<ClusterClient, 'probe' | 'list' | 'resolve' | 'discovery'>;

/** Everything one sync of one app needs. */
export interface OperateDeps {
  app: App;
  cluster: OperateCluster;
  /** Why the cluster may not be written to, if it may not: global read-only mode or the cluster's own flag. */
  readOnly: 'global' | 'cluster' | undefined;
  /** Renders the app's desired state (polling its repository first). */
  desired: () => Promise<Result<DesiredState>>;
  clock: Clock;
  emit: (e: SyncEvent) => void;
  /** Extra pause after each wave that is not the last; default 0. */
  waveDelayMs?: number;
  /** Lease duration of the app's lock; default the lock's. */
  leaseSeconds?: number;
  /** Who acts, when already known (tests); default the API server's answer. */
  initiator?: Initiator;
  /** Checked once the lock is held, before anything is sent: problems give the lock back untouched and refuse
   * (automation uses it to drop a plan another flotilla's operation made stale; rollback to pause auto-sync). */
  guard?: (ctx: GuardContext) => Promise<Problem[]>;
  /** Called with the final record of an operation that ran (never a dry run), before the lock is given back:
   * the history entry is written here. Problems come back as the outcome's warnings. */
  onFinished?: (final: OperationState, ctx: { plan: SyncPlan; desired: DesiredState }) => Promise<Problem[]>;
}

/** What a guard sees: the plan, when it was made, and the record of the app's previous operation. */
export interface GuardContext {
  plan: SyncPlan;
  /** Clock time (ms) just before the live state was read for the plan. */
  plannedAt: number;
  previous: OperationState | undefined;
}

/** What planning a sync needs: the app, its cluster, how to render it, the clock, and whether the cluster is
 * read-only (then the comparison sends not even a dry run). */
export type PlanDeps = Pick<OperateDeps, 'app' | 'cluster' | 'readOnly' | 'desired' | 'clock'>;

/** A plan made from the app's render and its live objects read from the cluster just now (never a cache),
 * or the problems that kept it from being made. */
export type PlanOutcome =
  { ok: true; plan: SyncPlan; desired: DesiredState; plannedAt: number } | { ok: false; problems: Problem[] };

/** Plans one sync of one app as `syncApp` would run it: probe, render, read the live objects, compare,
 * plan. Sends nothing that changes the cluster; the UI shows it before anything is sent. */
export async function planApp(deps: PlanDeps, request: SyncRequest): Promise<PlanOutcome> {
  const status = await deps.cluster.probe();
  if (status.reachability !== 'reachable')
    return {
      ok: false,
      problems: [
        {
          code: 'sync.unreachable',
          message: `Cluster ${deps.cluster.name} cannot be reached: nothing was synced.`,
          hint: status.lastError?.message ?? 'Check the cluster (`flotilla status`) and try again.',
        },
      ],
    };
  const desired = await deps.desired();
  if (!desired.ok) return desired;
  const plannedAt = deps.clock.now();
  const planned = await planFor(deps, desired.value, request);
  if (!planned.ok) return planned;
  return { ok: true, plan: planned.value, desired: desired.value, plannedAt };
}

/** Syncs one app; every refusal comes back as problems with nothing written. */
export async function syncApp(deps: OperateDeps, request: SyncRequest): Promise<SyncOutcome> {
  const refused = (problems: Problem[], extra: Partial<Extract<SyncOutcome, { started: false }>> = {}) =>
    ({ started: false, problems, ...extra }) as const;
  const early = readOnlyProblem(deps);
  if (early) return refused([early]);

  const planned = await planApp(deps, request);
  if (!planned.ok) return refused(planned.problems);
  const { plan, plannedAt, desired } = planned;
  deps.emit({ type: 'plan', plan });
  const stops = blockingProblems(plan);
  if (stops.length > 0) return refused(stops, { plan });
  if (plan.needsConfirmation.length > 0) return refused([confirmationProblem(plan)], { plan });

  const initiator = deps.initiator ?? (await whoAmI(deps.cluster));
  const access = await checkSyncAccess(deps.cluster, [
    ...syncAccessNeeds(plan),
    ...(request.dryRun ? [] : lockAccessNeeds(await lockNamespaceMissing(deps.cluster).catch(() => true))),
  ]);
  if (!access.ok) return refused(access.problems, { plan });

  if (request.dryRun)
    return {
      started: true,
      state: (await run(deps, plan, desired, request, initiator, undefined)).state,
    };

  const attempt = await acquireAppLock(deps.cluster, {
    app: deps.app.name,
    initiator,
    wait: request.waitLock,
    clock: deps.clock,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(deps.leaseSeconds !== undefined ? { leaseSeconds: deps.leaseSeconds } : {}),
    onWait: (holder) => deps.emit({ type: 'lock-wait', holder }),
  });
  if (!attempt.ok)
    return refused(attempt.problems, { plan, ...(attempt.holder ? { holder: attempt.holder } : {}) });
  const lock = attempt.lock;
  const guarded = deps.guard ? await deps.guard({ plan, plannedAt, previous: lock.previous }) : [];
  if (guarded.length > 0) {
    await lock.release().catch(() => undefined);
    return refused(guarded, { plan });
  }
  deps.emit({ type: 'locked', holder: lock.holder });
  if (lock.previous?.phase === 'Interrupted') deps.emit({ type: 'interrupted', previous: lock.previous });
  const { state, warnings } = await run(deps, plan, desired, request, initiator, lock);
  return {
    started: true,
    state,
    ...(lock.previous?.phase === 'Interrupted' ? { interrupted: lock.previous } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** The plan: live objects of every kind, the comparison with Git, then the planner. */
async function planFor(
  deps: PlanDeps,
  desired: DesiredState,
  request: SyncRequest,
): Promise<Result<SyncPlan>> {
  const identities = desired.output.objects.map((o) => o.identity);
  const live = await appObjects(deps.cluster, deps.app.name, identities, request.signal);
  if (live.unreadable.length > 0) return { ok: false, problems: live.unreadable };
  // Read-only (a plan asked for in read-only mode): compared client-side, so not even a dry run is sent.
  const comparison = new ClusterComparison(deps.cluster, deps.readOnly !== undefined);
  const status = await comparison.statusOf(deps.app, { ok: true, value: desired }, () => live.objects);
  if (!status.diff) return { ok: false, problems: status.problems };
  const plan = planSync({
    app: deps.app,
    revision: desired.sha,
    startedAt: Math.floor(deps.clock.now() / 1000),
    desired: desired.output.objects,
    comparison: status.diff,
    live: live.objects,
    options: {
      prune: request.prune,
      ...(request.confirmPrune ? { confirmedPrunes: request.confirmPrune } : {}),
      ...(request.resources ? { resources: request.resources } : {}),
      ...(request.onlyOutOfSync !== undefined ? { onlyOutOfSync: request.onlyOutOfSync } : {}),
      ...(request.skipHooks ? { skipHooks: true } : {}),
      renderOk: true,
      repoReachable: desired.stale.length === 0,
    },
  });
  return { ok: true, value: plan };
}

/** Runs the plan under the lock (none for a dry run), with the stop signal wired to the request's
 * signal, the lock and the timeout; reports the end (`onFinished`), then releases the lock with the final record. */
async function run(
  deps: OperateDeps,
  plan: SyncPlan,
  desired: DesiredState,
  request: SyncRequest,
  initiator: Initiator,
  lock: AppLock | undefined,
): Promise<{ state: OperationState; warnings: Problem[] }> {
  const startedAt = deps.clock.now();
  const initial: OperationState = {
    id: `${deps.app.name}-${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    app: deps.app.name,
    cluster: deps.cluster.name,
    revision: plan.revision,
    initiator,
    startedAt: new Date(startedAt).toISOString(),
    phase: 'Running',
    dryRun: request.dryRun,
    prune: request.prune,
    partial: plan.partial,
    kind: request.kind ?? 'sync',
    tasks: initialResults(plan),
  };
  const persist = lock ? (s: OperationState) => void lock.record(s).catch(() => undefined) : () => {};
  const book = new OperationBook(initial, deps.emit, persist);
  const stopper = stopSignal(deps.clock, request, lock);
  try {
    const final = await executePlan(
      {
        cluster: deps.cluster,
        clock: deps.clock,
        book,
        ...(deps.waveDelayMs ? { waveDelayMs: deps.waveDelayMs } : {}),
      },
      { plan, request, signal: stopper.signal },
    );
    const warnings = lock && deps.onFinished ? await finished(deps.onFinished, final, plan, desired) : [];
    await lock?.release(final).catch(() => undefined);
    deps.emit({ type: 'done', state: final });
    return { state: final, warnings };
  } finally {
    stopper.dispose();
  }
}

/** The `onFinished` report; a throw becomes a warning, since the operation itself has ended either way. */
async function finished(
  onFinished: NonNullable<OperateDeps['onFinished']>,
  final: OperationState,
  plan: SyncPlan,
  desired: DesiredState,
): Promise<Problem[]> {
  try {
    return await onFinished(final, { plan, desired });
  } catch (e) {
    return [
      {
        code: 'sync.record-failed',
        message: `The operation ended, but its history entry could not be written: ${errorMessage(e)}`,
        hint: 'Check access to ConfigMaps in namespace flotilla-system (`flotilla history` shows what is recorded).',
      },
    ];
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof ProblemError) return e.problems.map((p) => p.message).join('; ');
  return e instanceof Error ? e.message : String(e);
}

/** One signal that stops the operation, with the reason: Ctrl-C, a terminate request or a lost lock, or the timeout. */
function stopSignal(
  clock: Clock,
  request: SyncRequest,
  lock: AppLock | undefined,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = (reason: StopReason) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onCancel = () => stop({ kind: 'cancelled' });
  const onLock = () => {
    const why = lock?.stopReason();
    stop(
      why?.reason === 'terminated'
        ? { kind: 'terminated', by: why.by }
        : { kind: 'lost-lock', message: why?.message ?? 'unknown' },
    );
  };
  request.signal?.addEventListener('abort', onCancel, { once: true });
  if (request.signal?.aborted) onCancel();
  lock?.stop.addEventListener('abort', onLock, { once: true });
  if (lock?.stop.aborted) onLock();
  const timer =
    request.timeoutMs !== undefined
      ? clock.setTimeout(() => stop({ kind: 'timeout', afterMs: request.timeoutMs! }), request.timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    dispose: () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCancel);
      lock?.stop.removeEventListener('abort', onLock);
    },
  };
}

/** Why the app may not be written to, checked before any request. */
function readOnlyProblem(deps: OperateDeps): Problem | undefined {
  if (deps.readOnly === 'global')
    return {
      code: 'sync.read-only',
      message: `flotilla runs in read-only mode (--readonly or settings.readOnly in the fleet file): ${deps.app.name} was not synced and nothing was sent.`,
      hint: 'Run without --readonly, or remove settings.readOnly, to sync.',
    };
  if (deps.readOnly === 'cluster')
    return {
      code: 'sync.cluster-read-only',
      message: `Cluster ${deps.cluster.name} is read-only in the fleet file: ${deps.app.name} was not synced and nothing was sent.`,
      hint: `Remove readOnly: true from cluster ${deps.cluster.name} in the fleet file to sync its apps.`,
    };
  return undefined;
}

/** The prunes that wait for a confirmation, with what to pass. */
function confirmationProblem(plan: SyncPlan): Problem {
  const tokens = plan.needsConfirmation.map((c) => c.token);
  return {
    code: 'sync.needs-confirmation',
    message: `Pruning ${tokens.join(', ')} needs an explicit confirmation: nothing was synced.`,
    hint: `Confirm with ${tokens.map((t) => `--confirm-prune ${t}`).join(' ')} (or --confirm-prune all), or sync without --prune.`,
  };
}
