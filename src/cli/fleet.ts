/** Loading the fleet for a command: --config / FLOTILLA_CONFIG / ./flotilla.yaml, kubeconfig contexts,
 * and the engine parts that read Git and render (shared by validate, render, status, diff). */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { loadFleet, type Fleet } from '../engine/config/index.js';
import { DesiredStates, openRepos } from '../engine/desired/index.js';
import { defaultCacheRoot } from '../engine/git/index.js';
import type { Problem } from '../engine/problem.js';
import { formatProblem } from '../engine/problem.js';
import { createRenderer } from '../engine/render/index.js';
import { terminalSafeLines } from '../engine/safe-text.js';
import type { CliIo } from './command.js';
import { kubeContexts } from '../engine/kubeconfig.js';

/** Loads and checks the fleet file, or prints every problem and returns undefined. */
export async function loadFleetOrReport(config: string | undefined, io: CliIo): Promise<Fleet | undefined> {
  const result = await loadFleet({
    ...(config === undefined ? {} : { configArg: config }),
    ...(io.env.FLOTILLA_CONFIG ? { envConfig: io.env.FLOTILLA_CONFIG } : {}),
    cwd: io.cwd,
    kubeContexts: await kubeContexts(io.env),
    homeDir: io.env.HOME ?? homedir(),
    readFile: (p) => readFile(p, 'utf8'),
  });
  if (result.ok) return result.value;
  printProblems(io, result.problems);
  return undefined;
}

/** Desired-state access for a loaded fleet: one Git source per repo and one renderer. */
export function desiredStates(fleet: Fleet, io: CliIo): DesiredStates {
  const repos = openRepos(fleet, {
    cacheRoot: io.env.FLOTILLA_CACHE_DIR ?? defaultCacheRoot(io.env),
    env: io.env,
  });
  return new DesiredStates(fleet, repos, createRenderer({ env: io.env }));
}

/** Prints problems to stderr, one block each, in plain words; their text (often from Git, a cluster or a
 * tool) is made safe for the terminal line by line. */
export function printProblems(io: CliIo, problems: Problem[], indent = ''): void {
  for (const p of problems)
    io.stderr.write(`${indent}${terminalSafeLines(formatProblem(p)).replace(/\n/g, `\n${indent}`)}\n`);
}
