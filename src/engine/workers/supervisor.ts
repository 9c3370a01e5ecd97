/**
 * Keeps the monitor's worker thread alive: when it dies (an uncaught error, running out of memory, an
 * unexpected exit) the UI thread is told at once, and a new thread starts after a back-off that grows
 * with repeated crashes, is capped, and starts over once a thread has run for a healthy while.
 */
import { oneLine } from '../safe-text.js';
import { Backoff, type BackoffOptions } from '../cluster/backoff.js';
import { Listeners, systemClock, type Clock, type TimerHandle } from '../cluster/deps.js';
import { redact } from '../redact.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

/** The parts of a `node:worker_threads` Worker the supervisor uses; tests pass a fake. */
export interface WorkerThread {
  postMessage(message: WorkerRequest): void;
  terminate(): Promise<unknown>;
  on(event: 'message', fn: (message: WorkerMessage) => void): unknown;
  /** The thread's uncaught exception: whatever was thrown, not always an Error. */
  on(event: 'error', fn: (error: unknown) => void): unknown;
  on(event: 'exit', fn: (exitCode: number) => void): unknown;
}

/** What happens to the thread behind the handle, for the UI thread to show. */
export type WorkerLifecycle =
  /** The thread died; a new one starts in `restartInMs`. `crashes` counts crashes since the last healthy run. */
  | { type: 'exited'; reason: string; restartInMs: number; crashes: number }
  /** A new thread started after a crash; its reports replace what the dead one last said. */
  | { type: 'restarted'; crashes: number };

/** The UI thread's side of the monitor worker. */
export interface MonitorWorker {
  /** Sends a request; while no thread runs, requests are answered at once with `failed`. */
  send(req: WorkerRequest): void;
  onMessage(fn: (m: WorkerMessage) => void): void;
  /** Crashes and restarts of the thread. */
  onLifecycle(fn: (event: WorkerLifecycle) => void): void;
  /** Asks the monitor to stop cleanly, then ends the thread (after `graceMs` at the latest); no restart follows. */
  stop(graceMs?: number): Promise<void>;
}

/** How the supervisor waits and counts. */
export interface SupervisorOptions {
  /** Timers and time, injectable so tests step time instead of waiting. */
  clock?: Clock;
  /** Restart delays: 1 s, 2 s, 4 s … capped at 30 s by default, without jitter (there is one thread). */
  backoff?: Partial<BackoffOptions>;
  /** A thread that ran this long before dying was healthy: the next restart waits the first delay again. */
  healthyAfterMs?: number;
}

const defaultRestartBackoff: Partial<BackoffOptions> = {
  initialMs: 1_000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0,
};
const defaultHealthyAfterMs = 60_000;

/** Runs the thread `spawn` makes, restarting it with back-off whenever it dies unasked. */
export function superviseWorker(spawn: () => WorkerThread, options: SupervisorOptions = {}): MonitorWorker {
  return new Supervisor(spawn, options);
}

class Supervisor implements MonitorWorker {
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly healthyAfterMs: number;
  private readonly messages = new Listeners<WorkerMessage>();
  private readonly lifecycle = new Listeners<WorkerLifecycle>();
  private thread: WorkerThread | undefined;
  private startedAt = 0;
  private lastError: string | undefined;
  private restartTimer: TimerHandle | undefined;
  private stopping = false;

  constructor(
    private readonly spawn: () => WorkerThread,
    options: SupervisorOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.backoff = new Backoff({ ...defaultRestartBackoff, ...options.backoff });
    this.healthyAfterMs = options.healthyAfterMs ?? defaultHealthyAfterMs;
    this.start();
  }

  send(req: WorkerRequest): void {
    if (this.thread) {
      this.thread.postMessage(req);
      return;
    }
    if (req.type === 'stop') return;
    const app = req.type === 'refresh' ? req.target?.app : 'app' in req ? req.app : undefined;
    this.messages.emit({
      type: 'failed',
      request: req.type,
      ...(app ? { app } : {}),
      message: 'the monitor is restarting; try again in a moment',
    });
  }

  onMessage(fn: (m: WorkerMessage) => void): void {
    this.messages.on(fn);
  }

  onLifecycle(fn: (event: WorkerLifecycle) => void): void {
    this.lifecycle.on(fn);
  }

  stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== undefined) this.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const thread = this.thread;
    if (!thread) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.clock.clearTimeout(timer);
        void thread.terminate().then(() => resolve());
      };
      const timer = this.clock.setTimeout(finish, graceMs);
      thread.on('message', (m) => m.type === 'stopped' && finish());
      thread.on('exit', finish);
      thread.postMessage({ type: 'stop' });
    });
  }

  private start(): void {
    this.startedAt = this.clock.now();
    this.lastError = undefined;
    const thread = this.spawn();
    this.thread = thread;
    // Events of a thread already replaced are ignored: only the current one speaks for the monitor.
    thread.on('message', (m) => thread === this.thread && this.messages.emit(m));
    thread.on('error', (err) => {
      // One line: the reason is shown on the attention line.
      const text = err instanceof Error ? err.message : String(err);
      if (thread === this.thread) this.lastError = oneLine(redact(text));
    });
    thread.on('exit', (exitCode) => {
      if (thread !== this.thread) return;
      this.thread = undefined;
      this.crashed(
        this.lastError
          ? `the monitor stopped: ${this.lastError}`
          : `the monitor exited unexpectedly (exit code ${exitCode})`,
      );
    });
  }

  /** Tells the listeners and schedules the next thread, unless a stop was asked for. */
  private crashed(reason: string): void {
    if (this.stopping) return;
    if (this.clock.now() - this.startedAt >= this.healthyAfterMs) this.backoff.reset();
    const restartInMs = this.backoff.next();
    const crashes = this.backoff.attempts;
    this.lifecycle.emit({ type: 'exited', reason, restartInMs, crashes });
    this.restartTimer = this.clock.setTimeout(() => this.restart(crashes), restartInMs);
  }

  private restart(crashes: number): void {
    this.restartTimer = undefined;
    if (this.stopping) return;
    try {
      this.start();
    } catch (err) {
      // Inside a timer a throw would end the whole process: a thread that cannot start counts as a crash.
      this.crashed(
        `the monitor could not start: ${redact(err instanceof Error ? err.message : String(err))}`,
      );
      return;
    }
    this.lifecycle.emit({ type: 'restarted', crashes });
  }
}
