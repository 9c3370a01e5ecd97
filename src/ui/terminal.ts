/**
 * The terminal around Ink 6.8, which has no alternate-screen option: enter the
 * alternate screen before render, and restore it on every way out — normal exit, SIGTERM, SIGHUP,
 * SIGINT, an uncaught exception — so a crash at 3 a.m. never leaves the ops host's shell unusable.
 */

import type { FlotillaStore } from '../state/store.js';
import type { ViewModel } from '../state/types.js';

/** Alternate screen on, autowrap off (a full-width last column must not scroll), cleared, cursor home. */
export const ENTER_SEQUENCE = '\x1b[?1049h\x1b[?7l\x1b[2J\x1b[H';

/** Autowrap on, cursor visible, mouse reporting off, back to the main screen. */
export const LEAVE_SEQUENCE = '\x1b[?7h\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1006l\x1b[?1049l';

/** Clears the alternate screen, used before redrawing after a resize. */
export const CLEAR_SEQUENCE = '\x1b[2J\x1b[H';

/** The part of `process` the terminal guard needs (injectable for tests). */
export interface GuardedProcess {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  exit(code?: number): void;
}

/** A writable terminal. */
interface TerminalOut {
  write(data: string): unknown;
}

/** Handle returned by enterFullscreen. */
interface FullscreenHandle {
  /** Leaves the alternate screen and removes the handlers; safe to call twice. */
  restore(): void;
}

const SIGNAL_EXIT_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Enters the alternate screen and installs restore-on-exit handlers. */
export function enterFullscreen(
  out: TerminalOut,
  proc: GuardedProcess,
  errOut: TerminalOut = out,
): FullscreenHandle {
  let active = true;
  const listeners: [string, (...args: unknown[]) => void][] = [];
  const restore = (): void => {
    if (!active) return;
    active = false;
    out.write(LEAVE_SEQUENCE);
    for (const [event, fn] of listeners) proc.off(event, fn);
  };
  const on = (event: string, fn: (...args: unknown[]) => void): void => {
    listeners.push([event, fn]);
    proc.on(event, fn);
  };
  on('exit', restore);
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    on(signal, () => {
      restore();
      proc.exit(code);
    });
  }
  const crash = (err: unknown): void => {
    restore();
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    errOut.write(`flotilla: unexpected error: ${text}\n`);
    proc.exit(1);
  };
  on('uncaughtException', crash);
  on('unhandledRejection', crash);
  out.write(ENTER_SEQUENCE);
  return { restore };
}

/**
 * The stream Ink writes to, with Ink 6.8's incremental-rendering bug worked around.
 *
 * A frame shorter than the window (ours is rows - 1) is written with a trailing newline, but the
 * incremental writer rewinds with `cursorUp(previousVisible - 1)` as if the cursor were on the last
 * line, so each repaint lands one row lower, duplicating unchanged rows (reproduced in tmux; fixed
 * in Ink 7, which needs Node 22). Dropping the final line advance of each frame write — `\n`, or
 * `ESC[E` when the last line was unchanged — leaves the cursor where Ink's arithmetic expects it.
 * Everything else passes through; only Ink writes through this stream. With `ascii`, the `…` Ink
 * itself puts on truncated lines becomes `~`, the ASCII glyph set's ellipsis (same width).
 */
export function frameGate(real: NodeJS.WriteStream, options: { ascii?: boolean } = {}): NodeJS.WriteStream {
  const ascii = options.ascii === true;
  const gate = {
    get columns() {
      return real.columns;
    },
    get rows() {
      return real.rows;
    },
    get isTTY() {
      return real.isTTY;
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      real.on(event, listener);
      return gate;
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      real.off(event, listener);
      return gate;
    },
    removeListener(event: string, listener: (...args: unknown[]) => void) {
      real.removeListener(event, listener);
      return gate;
    },
    write(chunk: unknown, ...rest: unknown[]): boolean {
      const data =
        typeof chunk === 'string' ? dropTrailingAdvance(ascii ? chunk.replaceAll('…', '~') : chunk) : chunk;
      return (real.write as (...args: unknown[]) => boolean)(data, ...rest);
    },
  };
  // Ink only uses the members above; the cast documents that this is a partial stream on purpose.
  return gate as unknown as NodeJS.WriteStream;
}

/** A frame write without its final `\n` or `ESC[E`. */
export function dropTrailingAdvance(chunk: string): string {
  if (chunk.endsWith('\n')) return chunk.slice(0, -1);
  if (chunk.endsWith('\x1b[E')) return chunk.slice(0, -3);
  return chunk;
}

/** Timers of the frame pacer (injectable; tests use fake ones). */
interface PacerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: PacerTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Decides when a frame is drawn: at once for a key, at most once per interval for the engine. */
export interface FramePacer {
  /** A key was handled: draw now; a pending engine frame is dropped (this frame includes its change). */
  input(): void;
  /** The engine changed something: draw after the current event if the last frame is an interval
   * old, else once when the interval is over; calls in between add nothing. */
  engine(): void;
  /** Cancels a pending frame. */
  dispose(): void;
}

/**
 * Creates a frame pacer around `draw`. Engine frames never draw inside the call that reports the
 * change: a key handler that also makes the engine report (a loading mark) then gets one frame, its own.
 */
export function createFramePacer(
  draw: () => void,
  options: { intervalMs: number; timers?: PacerTimers },
): FramePacer {
  const timers = options.timers ?? realTimers;
  let last = Number.NEGATIVE_INFINITY;
  let pending: unknown;
  const cancel = (): void => {
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = undefined;
  };
  const frame = (): void => {
    cancel();
    last = timers.now();
    draw();
  };
  return {
    input: frame,
    engine() {
      if (pending !== undefined) return;
      pending = timers.setTimeout(frame, Math.max(0, last + options.intervalMs - timers.now()));
    },
    dispose: cancel,
  };
}

/** The store split in two for the pacer: commands write through `ui`, components read `view`. */
export interface PacedStore {
  /** What commands use: reads are live; a write is drawn at once (it answers a key). */
  ui: FlotillaStore;
  /** What components read: the view model as of the last frame. Engine changes (written to the
   * underlying store by the bridge) reach it at most once per interval. */
  view: Pick<FlotillaStore, 'getState' | 'getInitialState' | 'subscribe'>;
  /** Stops following the store. */
  dispose(): void;
}

/** Paces what components see of `store` (see FramePacer): keys answer at once, the engine is throttled. */
export function createPacedStore(
  store: FlotillaStore,
  options: { intervalMs: number; timers?: PacerTimers },
): PacedStore {
  let shown = store.getState();
  const listeners = new Set<(state: ViewModel, previous: ViewModel) => void>();
  const publish = (): void => {
    const next = store.getState();
    if (next === shown) return;
    const previous = shown;
    shown = next;
    for (const listener of listeners) listener(next, previous);
  };
  const pacer = createFramePacer(publish, options);
  let writing = false;
  const unsubscribe = store.subscribe(() => {
    if (!writing) pacer.engine();
  });
  // One body for both of zustand's setState overloads (merge, replace); the arguments pass through.
  const write = store.setState as (...args: unknown[]) => void;
  const setState = ((...args: unknown[]) => {
    writing = true;
    try {
      write(...args);
    } finally {
      writing = false;
    }
    pacer.input();
  }) as FlotillaStore['setState'];
  return {
    ui: { ...store, setState },
    view: {
      getState: () => shown,
      getInitialState: store.getInitialState,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    dispose() {
      unsubscribe();
      pacer.dispose();
    },
  };
}
