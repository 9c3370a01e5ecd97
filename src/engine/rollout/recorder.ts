/**
 * Keeps a running rollout's record on every cluster of the rollout: claimed first (one write per cluster at
 * the version read, so of two rollouts started at once at most one runs), then rewritten on each change —
 * coalesced, one write in flight per cluster — and on a heartbeat so others can tell a live rollout from a
 * vanished one. A failed write is a warning: the rollout goes on, and says so.
 */
import type { Clock, TimerHandle } from '../cluster/deps.js';
import type { Problem } from '../problem.js';
import type { LockCluster } from '../sync/lock-store.js';
import { errorText } from '../sync/stop.js';
import { isStale } from './record.js';
import { readRollout, writeRollout } from './store.js';
import type { RolloutRecord } from './types.js';

/** What the recorder needs. */
export interface RecorderDeps {
  clock: Clock;
  /** How often a running rollout rewrites its record when nothing changed. */
  heartbeatMs: number;
  /** A Running record not written for this long belongs to a vanished flotilla. */
  staleAfterMs: number;
  warn: (problem: Problem) => void;
}

/** One cluster's copy of the record. */
interface Copy {
  cluster: LockCluster;
  /** The ConfigMap's version as last read or written; undefined when there is none. */
  version: string | undefined;
  writing: Promise<void> | undefined;
  /** The record (as handed to `set`) last stored here. */
  written: RolloutRecord | undefined;
  /** The record whose write failed last; not retried until another comes. */
  failedOn: RolloutRecord | undefined;
  /** Another rollout's record replaced ours here: never written again. */
  dropped: boolean;
}

/** The result of a claim: ours, or the rollout that runs already. */
export type Claim = { ok: true } | { ok: false; running: RolloutRecord };

const claimAttempts = 3;

/** The record's copies on the rollout's clusters. */
export class RolloutRecorder {
  private readonly copies: Copy[];
  private latest: RolloutRecord | undefined;
  private heartbeat: TimerHandle | undefined;

  /** `versions`: each cluster with the ConfigMap version read before the rollout started (undefined: none). */
  constructor(
    private readonly deps: RecorderDeps,
    versions: readonly { cluster: LockCluster; version: string | undefined }[],
  ) {
    this.copies = versions.map((v) => ({
      ...v,
      writing: undefined,
      written: undefined,
      failedOn: undefined,
      dropped: false,
    }));
  }

  /** Writes the new rollout's record on each cluster in turn at the version read; stops at the first
   * cluster where another rollout of the app set is running, and ends the copies already written there. */
  async claim(record: RolloutRecord): Promise<Claim> {
    this.latest = record;
    for (const [i, copy] of this.copies.entries()) {
      const running = await this.claimOne(copy, record);
      if (running) {
        const abandoned = {
          ...record,
          phase: 'Stopped' as const,
          finishedAt: new Date(this.deps.clock.now()).toISOString(),
          message: `did not start: rollout ${running.id} of ${running.initiator.user}@${running.initiator.host} started at the same time`,
        };
        this.latest = abandoned;
        await Promise.all(this.copies.slice(0, i).map((c) => this.write(c, abandoned)));
        return { ok: false, running };
      }
    }
    return { ok: true };
  }

  /** Starts the heartbeat: the record is rewritten every `heartbeatMs` until `finish`. */
  startHeartbeat(): void {
    const beat = (): void => {
      if (this.latest) this.set({ ...this.latest });
      this.heartbeat = this.deps.clock.setTimeout(beat, this.deps.heartbeatMs);
    };
    this.heartbeat = this.deps.clock.setTimeout(beat, this.deps.heartbeatMs);
  }

  /** Records a change; written to each cluster as soon as its previous write is done (newest only). */
  set(record: RolloutRecord): void {
    this.latest = record;
    for (const copy of this.copies) this.kick(copy);
  }

  /** Stops the heartbeat and writes the final record everywhere it can; resolves when done. */
  async finish(record: RolloutRecord): Promise<void> {
    if (this.heartbeat !== undefined) this.deps.clock.clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
    this.set(record);
    for (;;) {
      const pending = this.copies.map((c) => c.writing).filter((w) => w !== undefined);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Claims one cluster; answers the running rollout that is there instead, if any. */
  private async claimOne(copy: Copy, record: RolloutRecord): Promise<RolloutRecord | undefined> {
    for (let attempt = 0; attempt < claimAttempts; attempt++) {
      let version: string | undefined;
      try {
        version = await writeRollout(copy.cluster, record, copy.version);
      } catch (e) {
        this.failed(copy, record, e);
        return undefined;
      }
      if (version !== undefined) {
        copy.version = version;
        copy.written = record;
        return undefined;
      }
      const stored = await readRollout(copy.cluster, record.appSet).catch((e: unknown) => {
        this.failed(copy, record, e);
        return null;
      });
      if (stored === null) return undefined;
      const other = stored?.record;
      if (
        other &&
        other.id !== record.id &&
        !isStale(other, this.deps.clock.now(), this.deps.staleAfterMs) &&
        other.phase === 'Running'
      )
        return other;
      copy.version = stored?.resourceVersion;
    }
    this.failed(copy, record, new Error('the record kept changing while it was written'));
    return undefined;
  }

  /** Writes the newest record to `copy` unless a write is in flight there or it already has it. */
  private kick(copy: Copy): void {
    const record = this.latest;
    if (!record || copy.dropped || copy.writing || copy.written === record || copy.failedOn === record)
      return;
    copy.writing = this.write(copy, record).finally(() => {
      copy.writing = undefined;
      this.kick(copy);
    });
  }

  /** One write of `record` (its heartbeat stamped now); on a conflict, re-read: another rollout's record is
   * left alone from then on, our own is written again at the new version. */
  private async write(copy: Copy, record: RolloutRecord): Promise<void> {
    const stamped = { ...record, heartbeatAt: new Date(this.deps.clock.now()).toISOString() };
    try {
      let version = await writeRollout(copy.cluster, stamped, copy.version);
      if (version === undefined) {
        const stored = await readRollout(copy.cluster, record.appSet);
        if (stored?.record && stored.record.id !== record.id) return this.replaced(copy, stored.record);
        version = await writeRollout(copy.cluster, stamped, stored?.resourceVersion);
        if (version === undefined) throw new Error('the record kept changing while it was written');
      }
      copy.version = version;
      copy.written = record;
      copy.failedOn = undefined;
    } catch (e) {
      this.failed(copy, record, e);
    }
  }

  private replaced(copy: Copy, other: RolloutRecord): void {
    copy.dropped = true;
    this.deps.warn({
      code: 'rollout.record-replaced',
      message: `On cluster ${copy.cluster.name}, the rollout record was replaced by rollout ${other.id} of ${other.initiator.user}@${other.initiator.host}: this rollout goes on but no longer writes its record there.`,
      hint: 'Another flotilla took this rollout for vanished; `flotilla rollout APPSET --status` shows what is stored.',
    });
  }

  /** Warns once per run of failures on a cluster; the next change or heartbeat tries again. */
  private failed(copy: Copy, record: RolloutRecord, e: unknown): void {
    const first = copy.failedOn === undefined;
    copy.failedOn = record;
    if (!first) return;
    this.deps.warn({
      code: 'rollout.record-write-failed',
      message: `The rollout record could not be written on cluster ${copy.cluster.name}: ${errorText(e)}. The rollout goes on.`,
      hint: 'Check access to ConfigMaps in namespace flotilla-system there; --status may show an older state.',
    });
  }
}
