/**
 * Automation of a fleet's apps while flotilla runs: fed by the monitor's app statuses, it decides per
 * app (decide.ts) and runs at most one operation per app at a time, under the app's lock with a guard
 * (guard.ts), so several flotillas on one fleet never apply one change twice. Time and the engine come in
 * through ports, so tests drive it with fakes.
 */
import type { Clock, TimerHandle } from '../cluster/deps.js';
import type { App } from '../config/types.js';
import type { Problem } from '../problem.js';
import type { GuardContext } from '../sync/operate.js';
import type { SyncOutcome, SyncRequest } from '../sync/operation.js';
import { withAttempts, type OwnAttempt } from './attempts.js';
import { ownAttempt, requestFor } from './request.js';
import { decideAutomation } from './decide.js';
import type { AttemptKind, AutomationEvent } from './events.js';
import { automationGuard, DEFERRAL_CODES } from './guard.js';
import type { AutomationRecord } from './record.js';
import { statusOf } from './status.js';
import type { AutomationAction, AutomationMemory, AutomationStatus, ObservedApp } from './types.js';

/** What the runner needs from the engine. */
export interface AutomationPorts {
  clock: Clock;
  /** Why the app may not be written to, if it may not. */
  readOnlyOf(app: App): 'global' | 'cluster' | undefined;
  /** The app's record, and its last operation as an attempt (its history entry may be missing). */
  readRecord(app: App): Promise<AutomationRecord>;
  /** One sync of the app with a guard checked under its lock. */
  sync(
    app: App,
    request: SyncRequest,
    guard: (ctx: GuardContext) => Promise<Problem[]>,
  ): Promise<SyncOutcome>;
  /** Recompares the app (its new status comes back through `observe`). */
  refresh(app: App): Promise<void>;
}

/** How the runner is set up. */
export interface RunnerOptions {
  /** The apps to automate (others are ignored). */
  apps: readonly App[];
  /** False: decide and report, never act (`--no-auto-sync`). */
  act: boolean;
  ports: AutomationPorts;
  onEvent?: (e: AutomationEvent) => void;
  /** An app's automation status changed. */
  onStatus?: (app: string, status: AutomationStatus) => void;
  /** Pause after an attempt another flotilla deferred (it holds the lock, or acted first); default 2 s. */
  deferMs?: number;
}

interface AppState {
  app: App;
  observed?: ObservedApp;
  memory: AutomationMemory;
  own: OwnAttempt[];
  ownIds: Set<string>;
  busy: boolean;
  again: boolean;
  timer?: TimerHandle;
  lastAction?: string;
  status?: AutomationStatus;
  running?: AbortController;
  /** The last error reading the app's record, while reads keep failing. */
  lastError?: string;
  /** No decision before this time (epoch ms): another operation was in the way. */
  quietUntil?: number;
  work?: Promise<void>;
}

/** Automation of a set of apps. */
export class AutomationRunner {
  private readonly states = new Map<string, AppState>();
  private stopped = false;

  constructor(private readonly opts: RunnerOptions) {
    for (const app of opts.apps)
      this.states.set(app.name, { app, memory: {}, own: [], ownIds: new Set(), busy: false, again: false });
  }

  /** A new status of an app from the monitor. */
  observe(observed: ObservedApp & { name: string }): void {
    const st = this.states.get(observed.name);
    if (!st || this.stopped) return;
    st.observed = observed;
    this.kick(st);
  }

  /** The app's automation as screens show it; undefined for apps this runner does not automate. */
  statusOf(app: string): AutomationStatus | undefined {
    return this.states.get(app)?.status;
  }

  /** Stops deciding; a running operation is stopped (it ends Failed, running hooks deleted) and awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const st of this.states.values()) {
      if (st.timer !== undefined) this.opts.ports.clock.clearTimeout(st.timer);
      st.running?.abort();
    }
    await Promise.all([...this.states.values()].map((st) => st.work));
  }

  private kick(st: AppState): void {
    if (st.quietUntil !== undefined && this.now() < st.quietUntil) return; // a wake is set for then
    if (st.busy) {
      st.again = true;
      return;
    }
    st.busy = true;
    st.work = this.loop(st).finally(() => (st.busy = false));
  }

  private async loop(st: AppState): Promise<void> {
    do {
      st.again = false;
      try {
        await this.step(st);
      } catch (err) {
        this.emit({ type: 'error', app: st.app.name, at: this.now(), message: messageOf(err) });
      }
    } while (st.again && !this.stopped);
  }

  /** One decision, and the action it calls for. */
  private async step(st: AppState): Promise<void> {
    if (!st.observed || this.stopped) return;
    if (st.timer !== undefined) this.opts.ports.clock.clearTimeout(st.timer);
    st.timer = undefined;
    const decidedAt = this.now();
    const record = await this.opts.ports.readRecord(st.app).then(
      (r) => {
        st.lastError = undefined;
        return r;
      },
      (err: unknown) => {
        // Said once until it changes: an unreachable cluster fails every read the same way.
        const message = messageOf(err);
        if (message !== st.lastError) this.emit({ type: 'error', app: st.app.name, at: decidedAt, message });
        st.lastError = message;
        return undefined;
      },
    );
    const { action, memory } = decideAutomation({
      app: st.app,
      observed: st.observed,
      record: record && withAttempts(record.record, [...record.attempts, ...st.own]),
      memory: st.memory,
      readOnly: this.opts.ports.readOnlyOf(st.app),
      now: decidedAt,
    });
    st.memory = memory;
    this.report(st, action);
    if (!this.opts.act || this.stopped) return;
    if (action.action === 'wait') this.wake(st, action.until - this.now());
    if (action.action === 'auto-sync' || action.action === 'self-heal')
      await this.attempt(st, action, decidedAt);
  }

  /** Runs one automated operation and remembers how it ended. */
  private async attempt(
    st: AppState,
    action: Extract<AutomationAction, { action: 'auto-sync' | 'self-heal' }>,
    decidedAt: number,
  ): Promise<void> {
    const kind: AttemptKind = action.action;
    const app = st.app.name;
    const startedAt = this.now();
    this.emit({
      type: 'attempt-started',
      app,
      at: startedAt,
      kind,
      revision: action.revision,
      reason: action.reason,
    });
    this.setStatus(st, {
      state: kind === 'auto-sync' ? 'syncing' : 'healing',
      message: `${kind} to ${action.revision.slice(0, 7)}: ${action.reason}`,
    });
    st.running = new AbortController();
    const guard = automationGuard({
      app,
      decidedAt,
      ownOperations: st.ownIds,
      readRecord: async () => (await this.opts.ports.readRecord(st.app)).record,
    });
    const outcome = await this.opts.ports
      .sync(st.app, requestFor(action, st.running.signal), guard)
      .finally(() => (st.running = undefined));
    const ended = this.remember(st, kind, action.revision, startedAt, outcome);
    this.emit({ type: 'attempt-ended', app, at: this.now(), kind, revision: action.revision, ...ended });
    // Decide next on a status compared after the attempt (or after what another flotilla did).
    await this.opts.ports.refresh(st.app).catch(() => undefined);
    if (ended.result === 'Deferred') {
      // Another operation holds or just changed the app: let it finish before looking again.
      st.quietUntil = this.now() + (this.opts.deferMs ?? 2_000);
      st.again = false;
      this.wake(st, st.quietUntil - this.now());
    } else st.again = true;
  }

  /** Keeps an attempt that ended (or was refused for a reason of its own) as this process's history. */
  private remember(
    st: AppState,
    kind: AttemptKind,
    revision: string,
    startedAt: number,
    outcome: SyncOutcome,
  ): {
    result: 'Succeeded' | 'Failed' | 'Refused' | 'Deferred';
    message: string;
    operationId?: string;
    finishedAt: number;
  } {
    const now = this.now();
    if (outcome.started) {
      const s = outcome.state;
      const finishedAt = s.finishedAt ? Date.parse(s.finishedAt) : now;
      st.ownIds.add(s.id);
      st.own.push(
        ownAttempt(kind, revision, startedAt, finishedAt, s.phase === 'Succeeded', s.message, s.id),
      );
      return {
        result: s.phase === 'Succeeded' ? 'Succeeded' : 'Failed',
        message: s.message ?? s.phase,
        operationId: s.id,
        finishedAt,
      };
    }
    const message = outcome.problems.map((p) => p.message).join('; ');
    if (outcome.problems.some((p) => DEFERRAL_CODES.has(p.code)))
      return { result: 'Deferred', message, finishedAt: now };
    // A refusal of the attempt itself (render failed, plan problems, forbidden) counts as a failed attempt.
    const id = `refused-${startedAt.toString(36)}`;
    st.own.push(ownAttempt(kind, revision, startedAt, now, false, message, id));
    return { result: 'Refused', message, finishedAt: now };
  }

  private report(st: AppState, action: AutomationAction): void {
    const key = JSON.stringify(action);
    if (key !== st.lastAction) {
      st.lastAction = key;
      this.emit({ type: 'decision', app: st.app.name, at: this.now(), action });
    }
    this.setStatus(st, statusOf(action, this.opts.act));
  }

  private setStatus(st: AppState, status: AutomationStatus): void {
    if (JSON.stringify(status) === JSON.stringify(st.status)) return;
    st.status = status;
    this.opts.onStatus?.(st.app.name, status);
  }

  private wake(st: AppState, ms: number): void {
    if (this.stopped) return;
    if (st.timer !== undefined) this.opts.ports.clock.clearTimeout(st.timer);
    st.timer = this.opts.ports.clock.setTimeout(
      () => {
        st.timer = undefined;
        this.kick(st);
      },
      Math.max(0, ms),
    );
  }

  private emit(e: AutomationEvent): void {
    this.opts.onEvent?.(e);
  }

  private now(): number {
    return this.opts.ports.clock.now();
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
