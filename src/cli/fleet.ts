/** Loading the fleet for a command (--config / FLOTILLA_CONFIG / ./flotilla.yaml, kubeconfig contexts)
 * and opening its engine (shared by every command). */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { loadFleet, type App, type Fleet } from '../engine/config/index.js';
import { selectApps } from '../engine/desired/index.js';
import { openEngine, type Engine } from '../engine/engine.js';
import type { Problem } from '../engine/problem.js';
import { formatProblem } from '../engine/problem.js';
import { redactProblem } from '../engine/redact.js';
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

/** Loads the fleet and picks the named apps (all of them when none is named), or prints every problem and
 * returns undefined: the start of every command that works on apps. */
export async function loadApps(
  config: string | undefined,
  names: readonly string[],
  io: CliIo,
): Promise<{ fleet: Fleet; apps: App[] } | undefined> {
  const fleet = await loadFleetOrReport(config, io);
  if (!fleet) return undefined;
  const selected = selectApps(fleet, [...names]);
  if (selected.ok) return { fleet, apps: selected.value };
  printProblems(io, selected.problems);
  return undefined;
}

/** Runs `use` on the fleet's engine and closes the engine's connections afterwards. */
export async function withEngine<T>(
  fleet: Fleet,
  io: CliIo,
  opts: { readOnly?: boolean },
  use: (engine: Engine) => Promise<T>,
): Promise<T> {
  const engine = openEngine({ fleet, env: io.env, readOnly: opts.readOnly === true });
  try {
    return await use(engine);
  } finally {
    await engine.stop();
  }
}

/** Prints problems to stderr, one block each, in plain words: credentials masked, and their text (often
 * from Git, a cluster or a tool) made safe for the terminal line by line. */
export function printProblems(io: CliIo, problems: Problem[], indent = ''): void {
  for (const p of problems)
    io.stderr.write(
      `${indent}${terminalSafeLines(formatProblem(redactProblem(p))).replace(/\n/g, `\n${indent}`)}\n`,
    );
}
