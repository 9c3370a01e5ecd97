/** Drives a real terminal program in tmux: start it, press keys, read the screen, wait for text. */
import { execFileSync } from 'node:child_process';

/** What a screen must show: a pattern, or a check with the words the error message uses for it. */
export type ScreenCheck = RegExp | { what: string; test: (screen: string) => boolean };

/**
 * One tmux session running one program, on a tmux server of its own (`-L`), so that no user
 * configuration and no other session can change what the program receives.
 */
export class TmuxSession {
  private constructor(readonly name: string) {}

  /**
   * Starts `command` (a shell command line) in a new detached session of the given size. The server
   * runs with escape-time 0: with tmux's default of 500 ms, an Escape followed quickly by another key
   * would reach the program as one Alt-key.
   */
  static start(name: string, command: string, size = { columns: 140, rows: 40 }): TmuxSession {
    const session = new TmuxSession(name);
    // One invocation: a server without sessions exits, and would forget the option.
    session.tmux(
      ...['-f', '/dev/null', 'new-session', '-d', '-s', name],
      ...['-x', String(size.columns), '-y', String(size.rows), command],
      ...[';', 'set-option', '-s', 'escape-time', '0'],
    );
    return session;
  }

  /**
   * Sends one key as tmux names it (`Enter`, `Escape`, `C-u`) and waits for the screen it leads to.
   * Waiting before the next key is what keeps keys apart: two keys sent back to back may reach the
   * program in one read, and Escape + key then reads as Alt+key.
   */
  press(key: string, leadsTo: ScreenCheck, timeoutMs = 10_000): Promise<string> {
    this.sendKey(key);
    return this.waitFor(leadsTo, timeoutMs);
  }

  /** Types text literally and waits for the screen it leads to (e.g. the prompt showing it). */
  type(text: string, leadsTo: ScreenCheck, timeoutMs = 10_000): Promise<string> {
    this.sendText(text);
    return this.waitFor(leadsTo, timeoutMs);
  }

  /** Sends one key as tmux names it, without waiting (for callers with their own wait). */
  sendKey(key: string): void {
    this.tmux('send-keys', '-t', this.name, key);
  }

  /** Types text literally, without waiting. */
  sendText(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** The visible screen as text. */
  screen(): string {
    return this.tmux('capture-pane', '-t', this.name, '-p');
  }

  /** Waits until the screen passes `check`, and returns that screen; the error shows the last one. */
  async waitFor(check: ScreenCheck, timeoutMs = 30_000): Promise<string> {
    const { what, test } =
      check instanceof RegExp ? { what: String(check), test: (s: string) => check.test(s) } : check;
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`screen did not show ${what} within ${timeoutMs} ms; it showed:\n${last}`);
  }

  /** Ends the session's tmux server, and with it what still runs in the session. */
  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone: the program exited and the server closed with its last session.
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.name, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
}
