/** Drives a real terminal program in tmux: start it, type, read the screen, wait for text. */
import { execFileSync } from 'node:child_process';

/** One tmux session running one program. */
export class TmuxSession {
  constructor(readonly name: string) {}

  /** Starts `command` (a shell command line) in a new detached session of the given size. */
  static start(name: string, command: string, size = { columns: 140, rows: 40 }): TmuxSession {
    execFileSync('tmux', [
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      command,
    ]);
    return new TmuxSession(name);
  }

  /** Sends keys as tmux names them (`Enter`, `Escape`, `C-c`) or literal text with `literal`. */
  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Types text literally, character by character. */
  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  /** The visible screen as text. */
  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-t', this.name, '-p'], { encoding: 'utf8' });
  }

  /** Waits until the screen matches `pattern`, and returns that screen; the error shows the last one. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return this.waitUntil((screen) => pattern.test(screen), String(pattern), timeoutMs);
  }

  /** Waits until `check` accepts the screen, and returns that screen; the error shows the last one. */
  async waitUntil(check: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`screen did not show ${what} within ${timeoutMs} ms; it showed:\n${last}`);
  }

  /** Ends the session (and what still runs in it). */
  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // Already gone: the program exited and the session closed.
    }
  }
}
