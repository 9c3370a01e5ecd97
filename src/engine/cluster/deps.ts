/** Injected dependencies of the cluster layer: time, timers and logging, so tests can swap them. */

/** Opaque handle of a scheduled timer. */
export type TimerHandle = unknown;

/** Wall-clock time and timers; a fake one lets tests step time instead of waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `Date.now` and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Structured log sink; fields never carry credentials. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything (the default). */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Resolves after `ms` on the given clock, or rejects when the signal aborts first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A set of listeners for one event type; `on` returns the function that removes the listener. */
export class Listeners<T> {
  private readonly fns = new Set<(event: T) => void>();

  /** Adds a listener; call the returned function to remove it. */
  on(fn: (event: T) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }

  /** Calls every listener; one throwing listener does not starve the others. */
  emit(event: T): void {
    for (const fn of [...this.fns]) {
      try {
        fn(event);
      } catch {
        // A listener's bug must not break the watch loop that emitted the event.
      }
    }
  }
}
