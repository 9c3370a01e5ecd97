/**
 * One operation per app at a time, visible to every operator on any host: a Lease per app in
 * `flotilla-system` on the app's destination cluster, renewed while the operation runs, and the
 * operation record in a ConfigMap beside it (see lock-store.ts for the objects).
 */
import type { Clock, TimerHandle } from '../cluster/deps.js';
import { sleep, systemClock } from '../cluster/deps.js';
import { isClusterError } from '../cluster/errors.js';
import type { Problem, Result } from '../problem.js';
import { ProblemError, fail, ok } from '../problem.js';
import type { AccessNeed } from './access.js';
import { holderIdentity } from './initiator.js';
import type { LeaseObject, LockCluster, StoredRecord } from './lock-store.js';
import {
  LOCK_NAMESPACE,
  createLease,
  deleteLease,
  getLease,
  getRecord,
  isLeaseLive,
  leaseExpiry,
  microTime,
  putRecord,
  updateLease,
} from './lock-store.js';
import type { Initiator, LockHolder, OperationState, TerminateRequest } from './operation.js';

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

/** Why a held lock's `stop` signal fired. */
export type StopReason = { reason: 'terminated'; by: string } | { reason: 'lost'; message: string };

/** A held app lock: renewed in the background until released. */
export interface AppLock {
  readonly holder: string;
  /** The record found when the lock was taken: phase Interrupted when it was Running under an expired lease (its holder crashed). */
  readonly previous: OperationState | undefined;
  /** Aborts when a terminate was requested or the lease was lost (renewals failed for a lease duration). */
  readonly stop: AbortSignal;
  /** Why `stop` fired, or undefined while it has not. */
  stopReason(): StopReason | undefined;
  /** Writes the record to the ConfigMap (writes coalesce: at most one in flight, the latest wins); rejects
   * when the write of the latest state failed. Does nothing once the lock is lost. */
  record(state: OperationState): Promise<void>;
  /** Writes the final record, stops renewing and deletes the Lease (the record stays); later calls of
   * `record` and `release` do nothing. Rejects when the final record could not be written; the Lease is
   * deleted even then. */
  release(final: OperationState): Promise<void>;
}

const defaultLeaseSeconds = 30;
/** Longest pause between two looks at a held lock's record (for a terminate request) or a busy Lease. */
const maxCheckMs = 2_000;
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
        // Poll rather than watch: the lock works with any client that can send requests, and a second is
        // soon enough to start after another operation that took minutes.
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
      if (!stored || !state || state.phase !== 'Running' || !isLeaseOf(lease, state, clock.now()))
        return fail(notRunningProblem(cluster, app, state && readable(state, lease, clock.now())));
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

/** How often a holder looks at its record and renews when due: a third of the lease, at most 2 s. */
function checkPeriodMs(leaseSeconds: number): number {
  return Math.max(50, Math.min(maxCheckMs, (leaseSeconds * 1000) / 3));
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

interface HeldLockTiming {
  clock: Clock;
  leaseSeconds: number;
}

/**
 * A held lock. One timer drives it: every check period (a third of the lease, at most 2 s) it reads the
 * record, so a terminate request written from another host aborts `stop` within about 2 s without a
 * watch connection, and renews the Lease when a third of the lease has passed since the last renewal.
 */
class HeldLock implements AppLock {
  readonly previous: OperationState | undefined;
  readonly stop: AbortSignal;
  private readonly controller = new AbortController();
  private reason: StopReason | undefined;
  private readonly acquireTime: string;
  private lastRenewed: number;
  private recordVersion: string | undefined;
  private terminate: TerminateRequest | undefined;
  private currentId: string | undefined;
  private timer: TimerHandle | undefined;
  private ticking: Promise<void> | undefined;
  private released = false;
  private releasing: Promise<void> | undefined;
  private pending: OperationState | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly cluster: LockCluster,
    private readonly app: string,
    readonly holder: string,
    private lease: LeaseObject,
    found: StoredRecord | undefined,
    private readonly timing: HeldLockTiming,
  ) {
    this.stop = this.controller.signal;
    this.previous = found?.state;
    this.recordVersion = found?.resourceVersion;
    this.acquireTime = lease.spec.acquireTime ?? '';
    this.lastRenewed = timing.clock.now();
    this.schedule();
  }

  stopReason(): StopReason | undefined {
    return this.reason;
  }

  record(state: OperationState): Promise<void> {
    // After release the lock is not ours: a late write could overwrite the next operation's record.
    if (this.releasing) return Promise.resolve();
    return this.enqueue(state);
  }

  release(final: OperationState): Promise<void> {
    this.releasing ??= this.finish(final);
    return this.releasing;
  }

  private enqueue(state: OperationState): Promise<void> {
    this.pending = state;
    this.writing ??= this.flush().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  private async finish(final: OperationState): Promise<void> {
    this.released = true;
    if (this.timer !== undefined) this.timing.clock.clearTimeout(this.timer);
    // A renewal in flight would move the Lease's version and make the guarded delete below miss it.
    await this.ticking;
    let failure: unknown;
    try {
      await this.writing?.catch(() => undefined);
      await this.enqueue(final);
    } catch (e) {
      failure = e;
    }
    if (this.reason?.reason !== 'lost')
      await deleteLease(this.cluster, this.app, this.lease.metadata.resourceVersion ?? '');
    if (failure) throw failure;
  }

  private get leaseMs(): number {
    return this.timing.leaseSeconds * 1000;
  }

  private schedule(): void {
    if (this.released || this.reason?.reason === 'lost') return;
    this.timer = this.timing.clock.setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
      });
    }, checkPeriodMs(this.timing.leaseSeconds));
  }

  private async tick(): Promise<void> {
    if (this.released) return;
    try {
      await this.checkTerminate();
      if (this.timing.clock.now() - this.lastRenewed >= this.leaseMs / 3) await this.renew();
    } catch {
      // A failed read or renewal is retried on the next tick; the lease is lost only when renewals have
      // failed for a whole lease duration (checked below), since others may take it over from then on.
    }
    if (!this.released && this.timing.clock.now() - this.lastRenewed >= this.leaseMs)
      this.lose(
        `its renewals failed for ${this.timing.leaseSeconds} s, so another flotilla may have taken it over`,
      );
    this.schedule();
  }

  private async checkTerminate(): Promise<void> {
    if (this.terminate) return;
    const state = (await getRecord(this.cluster, this.app))?.state;
    this.adoptTerminate(state);
  }

  /** Takes a stored terminate request as ours when it is on our operation's record, or was written after we
   * took the lock (the record may still be the previous operation's when `flotilla terminate` ran). */
  private adoptTerminate(state: OperationState | undefined): void {
    const request = state?.terminate;
    if (!request || this.terminate || this.released) return;
    const ours =
      (this.currentId !== undefined && state.id === this.currentId) ||
      Date.parse(request.at) >= Date.parse(this.acquireTime);
    if (!ours) return;
    this.terminate = request;
    this.halt({ reason: 'terminated', by: request.by });
  }

  private async renew(): Promise<void> {
    const now = this.timing.clock.now();
    const renewed = await updateLease(this.cluster, this.app, {
      ...this.lease,
      spec: { ...this.lease.spec, renewTime: microTime(now) },
    });
    if (renewed) {
      this.lease = renewed;
      this.lastRenewed = now;
      return;
    }
    // Someone else changed the Lease: still ours (same holder and acquire time) means only its version moved.
    const current = await getLease(this.cluster, this.app);
    if (current?.spec.holderIdentity === this.holder && current.spec.acquireTime === this.acquireTime) {
      this.lease = current;
      return this.renew();
    }
    this.lose(current ? `${current.spec.holderIdentity ?? 'someone'} took it over` : 'its Lease was deleted');
  }

  private lose(why: string): void {
    this.halt({
      reason: 'lost',
      message: `The lock of app ${this.app} on cluster ${this.cluster.name} was lost: ${why}.`,
    });
  }

  private halt(reason: StopReason): void {
    if (this.reason) {
      // A terminated operation can still lose its lease; the loss matters more (stop writing).
      if (reason.reason === 'lost') this.reason = reason;
      return;
    }
    this.reason = reason;
    const problem: Problem =
      reason.reason === 'terminated'
        ? {
            code: 'sync.terminated',
            message: `The operation of app ${this.app} was terminated by ${reason.by}.`,
          }
        : {
            code: 'sync.lock-lost',
            message: reason.message,
            hint: 'Sync again; the operation may have stopped halfway.',
          };
    this.controller.abort(new ProblemError([problem]));
  }

  /** Writes the latest pending state until none is left (one write in flight). */
  private async flush(): Promise<void> {
    while (this.pending) {
      const state = this.pending;
      this.pending = undefined;
      if (this.reason?.reason === 'lost') return; // the record may be the next holder's now
      await this.write(state);
    }
  }

  /** Writes one state, re-reading on conflicts (keeping a terminate request someone wrote meanwhile). */
  private async write(state: OperationState): Promise<void> {
    this.currentId = state.id;
    for (let attempt = 0; attempt < recordWriteAttempts; attempt++) {
      const body = this.terminate ? { ...state, terminate: this.terminate } : state;
      let written: string | undefined;
      try {
        written = await putRecord(this.cluster, this.app, body, this.recordVersion);
      } catch (e) {
        if (!isClusterError(e, 'cluster.not-found')) throw e;
        this.recordVersion = undefined; // the ConfigMap was deleted: create it again
        continue;
      }
      if (written !== undefined) {
        this.recordVersion = written;
        return;
      }
      const stored = await getRecord(this.cluster, this.app);
      this.recordVersion = stored?.resourceVersion;
      this.adoptTerminate(stored?.state);
    }
    throw new ProblemError([
      {
        code: 'sync.record-conflict',
        message: `Could not write the operation record of app ${this.app} on cluster ${this.cluster.name}: it kept changing.`,
      },
    ]);
  }
}
