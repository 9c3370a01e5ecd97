/** A held app lock: renews its Lease, watches its record for terminate requests, writes the record. */
import type { Clock, TimerHandle } from '../cluster/deps.js';
import { isClusterError } from '../cluster/errors.js';
import type { Problem } from '../problem.js';
import { ProblemError } from '../problem.js';
import type { LeaseObject, LockCluster, StoredRecord } from './lock-store.js';
import { deleteLease, getLease, getRecord, microTime, putRecord, updateLease } from './lock-store.js';
import type { OperationState, TerminateRequest } from './operation.js';

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
   * deleted even then. Without `final` (an operation that did not start after all) the record is left as found. */
  release(final?: OperationState): Promise<void>;
}

/** Longest pause between two looks at a held lock's record (for a terminate request) or a busy Lease. */
const maxCheckMs = 2_000;
const recordWriteAttempts = 5;

/** How often a holder looks at its record and renews when due: a third of the lease, at most 2 s. */
export function checkPeriodMs(leaseSeconds: number): number {
  return Math.max(50, Math.min(maxCheckMs, (leaseSeconds * 1000) / 3));
}

/** The clock a held lock renews by, and its lease duration. */
export interface HeldLockTiming {
  clock: Clock;
  leaseSeconds: number;
}

/**
 * A held lock. One timer drives it: every check period (a third of the lease, at most 2 s) it reads the
 * record, so a terminate request written from another host aborts `stop` within about 2 s without a
 * watch connection, and renews the Lease when a third of the lease has passed since the last renewal.
 */
export class HeldLock implements AppLock {
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

  release(final?: OperationState): Promise<void> {
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

  private async finish(final: OperationState | undefined): Promise<void> {
    this.released = true;
    if (this.timer !== undefined) this.timing.clock.clearTimeout(this.timer);
    // A renewal in flight would move the Lease's version and make the guarded delete below miss it.
    await this.ticking;
    let failure: unknown;
    try {
      await this.writing?.catch(() => undefined);
      if (final) await this.enqueue(final);
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
