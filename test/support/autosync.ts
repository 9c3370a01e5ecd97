/** `flotilla autosync run -o json` as a child process, its event lines read as they arrive. The shape of
 * those lines is read here only, so the tests need not know it. */
import type { ChildProcess } from 'node:child_process';
import type { Scenario } from './scenario.js';
import { eventually } from './scenario.js';
import { spawnFlotilla, type ChildRun } from './sync.js';

/** The command line of the runner (a sub-command of `autosync`). */
export const AUTOSYNC_RUN = ['autosync', 'run'];

/** One line of the runner's JSON output. */
export interface RunnerLine {
  time: string;
  app: string;
  event: 'decision' | 'attempt-started' | 'attempt-ended' | 'error';
  kind?: string;
  revision?: string;
  result?: string;
  message?: string;
  /** attempt-ended: when the operation itself ended (ms since the epoch). */
  finishedAt?: number;
  action?: { action: string; reason: string; error?: string; revision?: string; until?: number };
}

/** A runner child and every line it printed so far. */
export class Runner {
  readonly lines: RunnerLine[] = [];
  private readonly run: ChildRun;
  private partial = '';

  constructor(s: Scenario, apps: string[]) {
    this.run = spawnFlotilla(s, [...AUTOSYNC_RUN, ...apps, '-o', 'json']);
    this.child.stdout?.on('data', (c: Buffer) => this.read(c.toString()));
  }

  get child(): ChildProcess {
    return this.run.child;
  }

  /** Attempts of `app` that started, oldest first. */
  started(app: string): RunnerLine[] {
    return this.lines.filter((l) => l.app === app && l.event === 'attempt-started');
  }

  /** Attempts of `app` that ended, oldest first. */
  ended(app: string): RunnerLine[] {
    return this.lines.filter((l) => l.app === app && l.event === 'attempt-ended');
  }

  /** Waits for a line matching `test`; throws with the runner's output when none comes. */
  waitFor(what: string, test: (l: RunnerLine) => boolean, timeoutMs = 120_000): Promise<RunnerLine> {
    return this.until(what, () => Promise.resolve(this.lines.find(test)), timeoutMs);
  }

  /** `eventually`, with the runner's output in the error when the condition never holds. */
  async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
    try {
      return await eventually(what, probe, timeoutMs);
    } catch (e) {
      throw new Error(
        `${(e as Error).message}\n--- runner output\n${this.lines.map((l) => JSON.stringify(l)).join('\n')}`,
      );
    }
  }

  /** Stops the runner with SIGTERM; answers its exit and stderr. */
  async stop(): Promise<{ code: number; stderr: string }> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    const done = await this.run.done;
    return { code: done.code, stderr: done.stderr };
  }

  private read(chunk: string): void {
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) if (line.startsWith('{')) this.lines.push(JSON.parse(line) as RunnerLine);
  }
}

/** True for a decision line saying the app is in sync at `sha`. */
export const inSyncAt = (app: string, sha: string) => (l: RunnerLine) =>
  l.app === app &&
  l.event === 'decision' &&
  l.action?.action === 'none' &&
  (l.action.reason ?? '').includes(`in sync at ${sha.slice(0, 7)}`);
