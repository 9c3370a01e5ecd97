/**
 * The terminal around Ink 6.8, which has no alternate-screen option: enter the
 * alternate screen before render, and restore it on every way out — normal exit, SIGTERM, SIGHUP,
 * SIGINT, an uncaught exception — so a crash at 3 a.m. never leaves the ops host's shell unusable.
 */

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
