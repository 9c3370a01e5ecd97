/**
 * One operation per app at a time, visible to every operator on any host: a Lease per app in
 * `flotilla-system` on the app's destination cluster, renewed while the operation runs, and the
 * operation record in a ConfigMap beside it (see lock-store.ts for the objects).
 */
import type { Clock } from '../cluster/deps.js';
import { sleep, systemClock } from '../cluster/deps.js';
import { isClusterError } from '../cluster/errors.js';
import type { Problem, Result } from '../problem.js';
import { ProblemError, fail, ok } from '../problem.js';
import type { AccessNeed } from './access.js';
import type { AppLock } from './held-lock.js';
import { HeldLock, checkPeriodMs } from './held-lock.js';
import { holderIdentity } from './initiator.js';
import type { LeaseObject, LockCluster, StoredRecord } from './lock-store.js';
import {
  LOCK_NAMESPACE,
  createLease,
  getLease,
  getRecord,
  isLeaseLive,
  leaseExpiry,
  microTime,
  putRecord,
  updateLease,
} from './lock-store.js';
import type { Initiator, LockHolder, OperationState } from './operation.js';

export type { AppLock, StopReason } from './held-lock.js';
export type { LockCluster } from './lock-store.js';

/** How to take an app's lock. */
export interface LockOptions {
  app: string;
  initiator: Initiator;
  /** Wait for another holder to finish instead of refusing. */
  wait: boolean;
  /** Stops waiting. */
  signal?: AbortSignal;
  clock?: Clock;
  /** Lease duration; default 30 s. The lease is renewed every third of it. */
  leaseSeconds?: number;
  /** Called once when the lock is held by someone else and `wait` is set. */
  onWait?: (holder: LockHolder) => void;
}

/** The lock, or why it was not taken (and by whom it is held). */
export type LockAttempt =
  { ok: true; lock: AppLock } | { ok: false; problems: Problem[]; holder?: LockHolder };

const defaultLeaseSeconds = 30;
const recordWriteAttempts = 5;

/** Takes the app's lock on `cluster`, waiting for the current holder when `options.wait` is set. */
export async function acquireAppLock(cluster: LockCluster, options: LockOptions): Promise<LockAttempt> {
  const clock = options.clock ?? systemClock;
  const leaseSeconds = options.leaseSeconds ?? defaultLeaseSeconds;
  const me = holderIdentity(options.initiator);
  const pollMs = checkPeriodMs(leaseSeconds);
  let waiting = false;
  try {
    for (;;) {
      const lease = await getLease(cluster, options.app);
      const now = clock.now();
      if (lease && isLeaseLive(lease, now)) {
        const holder = await describeHolder(cluster, options.app, lease);
        if (!options.wait)
          return { ok: false, problems: [lockedProblem(cluster, options.app, holder, now)], holder };
        if (!waiting) options.onWait?.(holder);
        waiting = true;
        // Poll rather than watch: the lock works with any client that can send requests, and one check
        // period (at most 2 s) is soon enough to start after another operation that took minutes.
        const untilExpiry = (leaseExpiry(lease) ?? now) - now + 1;
        const stopped = await sleep(clock, Math.min(pollMs, untilExpiry), options.signal).then(
          () => false,
          () => true,
        );
        if (stopped) return { ok: false, problems: [stoppedWaitingProblem(options.app, holder)], holder };
        continue;
      }
      const spec = {
        holderIdentity: me,
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseDurationSeconds: leaseSeconds,
      };
      const taken = lease
        ? await updateLease(cluster, options.app, {
            ...lease,
            spec: { ...spec, leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1 },
          })
        : await createLease(cluster, options.app, { ...spec, leaseTransitions: 0 });
      if (!taken) continue; // someone else took it first: look again
      const found = await takeOverRecord(cluster, options.app, lease, clock);
      const lock = new HeldLock(cluster, options.app, me, taken, found, { clock, leaseSeconds });
      return { ok: true, lock };
    }
  } catch (e) {
    if (e instanceof ProblemError) return { ok: false, problems: e.problems };
    throw e;
  }
}

/** The app's operation record; a Running one whose Lease has expired, is gone or has another holder is
 * reported as Interrupted (its holder vanished). */
export async function readOperation(
  cluster: LockCluster,
  app: string,
  clock: Clock = systemClock,
): Promise<OperationState | undefined> {
  const state = (await getRecord(cluster, app))?.state;
  if (state?.phase !== 'Running') return state;
  const lease = await getLease(cluster, app);
  return isLeaseOf(lease, state, clock.now()) ? state : interrupted(state, lease);
}

/** Asks the running operation of the app to stop (from any host): writes `terminate` into its record,
 * which its holder reads within a couple of seconds. Fails when nothing runs. */
export async function requestTermination(
  cluster: LockCluster,
  app: string,
  by: string,
  clock: Clock = systemClock,
): Promise<Result<OperationState>> {
  try {
    for (let attempt = 0; attempt < recordWriteAttempts; attempt++) {
      const stored = await getRecord(cluster, app);
      const state = stored?.state;
      const lease = await getLease(cluster, app);
      const now = clock.now();
      if (!stored || !state || state.phase !== 'Running' || !isLeaseOf(lease, state, now))
        return fail(
          lease && isLeaseLive(lease, now)
            ? startingProblem(cluster, app, lease)
            : notRunningProblem(cluster, app, state && readable(state, lease, now)),
        );
      if (state.terminate) return ok(state);
      const asked: OperationState = { ...state, terminate: { by, at: new Date(clock.now()).toISOString() } };
      if ((await putRecord(cluster, app, asked, stored.resourceVersion)) !== undefined) return ok(asked);
    }
    return fail({
      code: 'sync.terminate-conflict',
      message: `Could not ask the operation of app ${app} on cluster ${cluster.name} to stop: its record kept changing.`,
      hint: 'Try again.',
    });
  } catch (e) {
    if (e instanceof ProblemError) return { ok: false, problems: e.problems };
    throw e;
  }
}

/** What the lock itself needs: its Lease and record in `flotilla-system`, and the namespace when it is missing. */
export function lockAccessNeeds(namespaceMissing = false): AccessNeed[] {
  const verbs = ['get', 'create', 'update', 'delete'] as const;
  return [
    ...verbs.map((verb) => ({
      verb,
      group: 'coordination.k8s.io',
      kind: 'Lease',
      namespace: LOCK_NAMESPACE,
    })),
    ...verbs.map((verb) => ({ verb, group: '', kind: 'ConfigMap', namespace: LOCK_NAMESPACE })),
    ...(namespaceMissing ? [{ verb: 'create' as const, group: '', kind: 'Namespace', namespace: '' }] : []),
  ];
}

/** True when `flotilla-system` does not exist yet on the cluster (the first sync creates it). */
export async function lockNamespaceMissing(cluster: LockCluster): Promise<boolean> {
  try {
    await cluster.requestJson('GET', `/api/v1/namespaces/${LOCK_NAMESPACE}`);
    return false;
  } catch (e) {
    if (isClusterError(e, 'cluster.not-found')) return true;
    throw e;
  }
}

/** True when `lease` is live and held by the operation's initiator. */
function isLeaseOf(lease: LeaseObject | undefined, state: OperationState, now: number): boolean {
  return isLeaseLive(lease, now) && lease?.spec.holderIdentity === holderIdentity(state.initiator);
}

/** The record as readers should see it: Interrupted when Running without its live lease. */
function readable(state: OperationState, lease: LeaseObject | undefined, now: number): OperationState {
  return state.phase === 'Running' && !isLeaseOf(lease, state, now) ? interrupted(state, lease) : state;
}

/** A Running record whose holder vanished: Interrupted, tasks kept so the steps it had done show. */
function interrupted(state: OperationState, lease: LeaseObject | undefined): OperationState {
  const renewed =
    lease && lease.spec.holderIdentity === holderIdentity(state.initiator) ? lease.spec.renewTime : undefined;
  const when = renewed ? ` (last renewed ${new Date(Date.parse(renewed)).toISOString()})` : '';
  return {
    ...state,
    phase: 'Interrupted',
    message: `Interrupted: ${holderIdentity(state.initiator)} stopped renewing the lock${when}; it may have crashed or lost the cluster.`,
  };
}

/** Reads the record after taking the lock; a Running one is stored back as Interrupted. */
async function takeOverRecord(
  cluster: LockCluster,
  app: string,
  lease: LeaseObject | undefined,
  clock: Clock,
): Promise<StoredRecord | undefined> {
  const stored = await getRecord(cluster, app);
  if (stored?.state?.phase !== 'Running') return stored;
  const state: OperationState = {
    ...interrupted(stored.state, lease),
    finishedAt: new Date(clock.now()).toISOString(),
  };
  // If this write loses a race the next record() re-reads; the caller gets the Interrupted state either way.
  const resourceVersion = await putRecord(cluster, app, state, stored.resourceVersion);
  return { state, resourceVersion: resourceVersion ?? stored.resourceVersion };
}

async function describeHolder(cluster: LockCluster, app: string, lease: LeaseObject): Promise<LockHolder> {
  const holder = lease.spec.holderIdentity ?? 'unknown';
  const since = new Date(Date.parse(lease.spec.acquireTime ?? lease.spec.renewTime ?? '') || 0).toISOString();
  const state = (await getRecord(cluster, app))?.state;
  const operation =
    state?.phase === 'Running' && holderIdentity(state.initiator) === holder ? state : undefined;
  return { holder, since, ...(operation ? { operation } : {}) };
}

function lockedProblem(cluster: LockCluster, app: string, holder: LockHolder, now: number): Problem {
  const since = Date.parse(holder.since);
  return {
    code: 'sync.locked',
    message: `App ${app} is being synced by ${holder.holder} on cluster ${cluster.name} since ${clockTime(since)} UTC (started ${ago(now - since)} ago).`,
    hint: `Wait for it with --wait-lock, or stop it with \`flotilla terminate ${app}\`.`,
  };
}

function stoppedWaitingProblem(app: string, holder: LockHolder): Problem {
  return {
    code: 'sync.aborted',
    message: `Stopped waiting for the lock of app ${app} (held by ${holder.holder}); nothing was changed.`,
  };
}

/** The lock is held but its operation has not written its record yet (it is planning). */
function startingProblem(cluster: LockCluster, app: string, lease: LeaseObject): Problem {
  return {
    code: 'sync.starting',
    message: `An operation on app ${app} on cluster ${cluster.name} is starting (${lease.spec.holderIdentity ?? 'someone'} holds the lock) and cannot be asked to stop before it records itself.`,
    hint: 'Try again in a moment.',
  };
}

function notRunningProblem(cluster: LockCluster, app: string, last: OperationState | undefined): Problem {
  const lastWords = last
    ? ` The last one, started ${last.startedAt} by ${holderIdentity(last.initiator)}, is ${last.phase}.`
    : '';
  return {
    code: 'sync.not-running',
    message: `No operation is running on app ${app} on cluster ${cluster.name}.${lastWords}`,
  };
}

/** `12:03:10` in UTC. */
function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** `40 s`, `2 min`, `3 h 5 min`. */
function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}
