/**
 * Runs `flotilla sync` (in-process, or as a child process a test can kill) and reads its `-o json` result.
 * The shape of that document is read in one place, here, so the tests need not know it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SyncJson, SyncResultWord } from '../../src/cli/sync-output.js';
import type { OperationState } from '../../src/engine/sync/operation.js';
import type { CliRun } from './cli.js';
import type { Scenario } from './scenario.js';

/** One task of a finished operation as the tests read it. */
export interface SyncTaskResult {
  kind: string;
  namespace: string;
  name: string;
  action: string;
  phase: string;
  wave: number;
  status: string;
  message: string;
}

/** What one app's sync came to. */
export interface SyncResult {
  /** How it ended in one word: the operation's phase, or `Refused` / `NotAttempted` when it never started. */
  outcome: SyncResultWord;
  /** `Succeeded`, `Failed`, …; undefined when the sync never started (problems instead). */
  phase: string | undefined;
  message: string;
  partial: boolean;
  tasks: SyncTaskResult[];
  /** Messages of the problems that kept the sync from starting. */
  problems: string[];
  /** The app's previous operation, when its holder vanished before it ended. */
  interrupted: OperationState | undefined;
}

/** A sync run: the process's exit and its JSON result (undefined when stdout was no JSON). */
export interface SyncRun extends CliRun {
  result: SyncResult | undefined;
}

/** `flotilla sync APP ARGS -o json` in the scenario's folder. */
export async function syncApp(s: Scenario, app: string, args: string[] = []): Promise<SyncRun> {
  const run = await s.flotilla('sync', app, ...args, '-o', 'json');
  return { ...run, result: resultOf(run.stdout, app) };
}

/** Everything a failed assertion should show about a run. */
export function explain(run: CliRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** The tasks of a result for one object name. */
export function tasksNamed(result: SyncResult | undefined, name: string): SyncTaskResult[] {
  return (result?.tasks ?? []).filter((t) => t.name === name);
}

/** APP's document in `-o json` output (one JSON document per app, one per line). */
function resultOf(stdout: string, app: string): SyncResult | undefined {
  const doc = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as SyncJson)
    .find((d) => d.app === app);
  return doc ? toResult(doc) : undefined;
}

function toResult(doc: SyncJson): SyncResult {
  const state = doc.state ?? undefined;
  return {
    outcome: doc.result,
    phase: state?.phase,
    message: state?.message ?? '',
    partial: state?.partial ?? false,
    tasks: (state?.tasks ?? []).map((t) => ({
      kind: t.identity.kind,
      namespace: t.identity.namespace,
      name: t.identity.name,
      action: t.action,
      phase: t.phase,
      wave: t.wave,
      status: t.status,
      message: t.message ?? '',
    })),
    problems: doc.problems.map((p) => p.message),
    interrupted: doc.interrupted ?? undefined,
  };
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// By absolute path: `--import tsx` would be resolved from the child's working directory.
const tsxLoader = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A flotilla running in its own process (so a test can kill it), and how it ended. */
export interface ChildRun {
  child: ChildProcess;
  /** Resolves when the process ends: its exit code (-1 when a signal ended it), the signal and its output. */
  done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts `flotilla ARGS` as a child process in the scenario's folder and environment. */
export function spawnFlotilla(s: Scenario, args: string[]): ChildRun {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, join(repoRoot, 'src', 'cli', 'run.ts'), ...args],
    {
      cwd: s.work,
      env: { ...s.env, NODE_ENV: 'production', TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
  return { child, done };
}
