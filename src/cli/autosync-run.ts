/** `flotilla autosync run [APP…]`: the observe loop and automation in the foreground, without a screen;
 * one line per decision, attempt and result, until Ctrl-C or SIGTERM. */
import { parseArgs } from 'node:util';
import type { AutomationAction, AutomationEvent } from '../engine/automation/index.js';
import type { App } from '../engine/config/index.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import { terminalSafe } from '../engine/safe-text.js';
import type { CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { abortOnInterrupt, type InterruptSource } from './interrupt.js';

const usage = `usage: flotilla autosync run [APP…] [-o text|json] [--config FILE]

Runs auto-sync and self-heal of the named apps (default: every app with syncPolicy.automated) in the
foreground, without a screen: the same observe loop and automation as the terminal UI. Prints one
line per decision, attempt and result. Another flotilla (a TUI, another runner) may automate the same
apps at the same time: each change is applied once (see docs/automation.md). Ctrl-C or SIGTERM stops
it (a running operation is stopped and ends Failed); a second Ctrl-C exits at once.

options:
  -o, --output FORMAT  text (default) or json: one JSON document per line
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)

exit status: 0 stopped by Ctrl-C or SIGTERM, 2 a usage or configuration error (unknown app, an app
without syncPolicy.automated, a read-only fleet), 130 after a second Ctrl-C.`;

/** Where the stop signals come from; `process` in the command. */
export interface SignalSource extends InterruptSource {
  once(event: 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/** Runs the command; `signals` and `exit` are injectable for tests. */
export async function runAutosync(
  args: string[],
  io: CliIo,
  deps: { signals: SignalSource; exit: (code: number) => void } = {
    signals: process,
    exit: (code) => process.exit(code),
  },
): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { output: { type: 'string', short: 'o', default: 'text' }, config: { type: 'string' } },
    });
  } catch (e) {
    io.stderr.write(`flotilla autosync run: ${(e as Error).message}\n${usage}\n`);
    return ExitCode.UsageOrConfig;
  }
  const { values, positionals } = parsed;
  if (values.output !== 'text' && values.output !== 'json') {
    io.stderr.write('flotilla autosync run: --output must be text or json\n');
    return ExitCode.UsageOrConfig;
  }
  const loaded = await loadApps(values.config, positionals, io);
  if (!loaded) return ExitCode.UsageOrConfig;
  const apps = chosenApps(loaded.apps, positionals.length > 0, io);
  if (!apps) return ExitCode.UsageOrConfig;
  if (loaded.fleet.settings.readOnly) {
    printProblems(io, [
      {
        code: 'automation.read-only',
        message: 'The fleet file sets settings.readOnly: automation would send nothing.',
        hint: 'Remove settings.readOnly to let flotilla sync apps by itself.',
      },
    ]);
    return ExitCode.UsageOrConfig;
  }
  const json = values.output === 'json';
  const write = (e: AutomationEvent) => io.stdout.write(`${json ? jsonLine(e) : textLine(e)}\n`);
  const stopped = stopSignal(io, deps);
  io.stderr.write(`automating ${apps.map((a) => a.name).join(', ')}; Ctrl-C stops\n`);
  try {
    return await withEngine(loaded.fleet, io, {}, async (engine) => {
      const automation = engine.startAutomation({ apps: apps.map((a) => a.name), onEvent: write });
      engine.start();
      await stopped.promise;
      await automation.stop();
      return ExitCode.Ok;
    });
  } finally {
    stopped.dispose();
  }
}

/** The apps to automate: those named (each must be automated), else every automated app. */
function chosenApps(apps: readonly App[], named: boolean, io: CliIo): App[] | undefined {
  const manual = apps.filter((a) => !a.syncPolicy.automated);
  if (named && manual.length > 0) {
    printProblems(
      io,
      manual.map((a) => ({
        code: 'automation.not-automated',
        message: `App ${a.name} has no syncPolicy.automated: automation leaves it alone.`,
        hint: 'Name only automated apps, or add syncPolicy.automated to the app in the fleet file.',
      })),
    );
    return undefined;
  }
  const chosen = apps.filter((a) => a.syncPolicy.automated);
  if (chosen.length === 0) {
    printProblems(io, [
      {
        code: 'automation.no-apps',
        message: 'No app of the fleet has syncPolicy.automated: there is nothing to automate.',
        hint: 'Add syncPolicy.automated to an app in the fleet file.',
      },
    ]);
    return undefined;
  }
  return chosen;
}

/** Resolves on the first Ctrl-C or SIGTERM; a second Ctrl-C exits at once. */
function stopSignal(
  io: CliIo,
  deps: { signals: SignalSource; exit: (code: number) => void },
): { promise: Promise<void>; dispose: () => void } {
  const controller = new AbortController();
  const stopInterrupt = abortOnInterrupt(controller, {
    source: deps.signals,
    exit: deps.exit,
    notify: (line) => io.stderr.write(`\n${line}\n`),
  });
  const onTerm = () => controller.abort();
  deps.signals.once('SIGTERM', onTerm);
  const promise = new Promise<void>((resolve) =>
    controller.signal.addEventListener('abort', () => resolve()),
  );
  return {
    promise,
    dispose: () => {
      stopInterrupt();
      deps.signals.off('SIGTERM', onTerm);
    },
  };
}

/** One event as a JSON document: time, app and event first. */
function jsonLine(e: AutomationEvent): string {
  const { type, app, at, ...rest } = e;
  return jsonForTerminal({ time: new Date(at).toISOString(), app, event: type, ...rest }, 0);
}

/** One event in plain words: `12:03:10 web  auto-sync started at abc1234: why`. */
export function textLine(e: AutomationEvent): string {
  const time = new Date(e.at).toISOString().slice(11, 19);
  return terminalSafe(`${time} ${e.app}  ${eventWords(e)}`);
}

function eventWords(e: AutomationEvent): string {
  switch (e.type) {
    case 'decision':
      return decisionWords(e.action);
    case 'attempt-started':
      return `${e.kind} started at ${e.revision.slice(0, 7)}: ${e.reason}`;
    case 'attempt-ended':
      return `${e.kind} at ${e.revision.slice(0, 7)} ${e.result}${e.message ? `: ${e.message}` : ''}`;
    case 'error':
      return `error: ${e.message}`;
  }
}

function decisionWords(a: AutomationAction): string {
  switch (a.action) {
    case 'none':
      return a.error ? `sync error: ${a.error} (${a.reason})` : `nothing to do: ${a.reason}`;
    case 'wait':
      return `next ${a.kind} at ${new Date(a.until).toISOString().slice(11, 19)} (${a.reason})${a.error ? `: ${a.error}` : ''}`;
    case 'auto-sync':
      return `auto-sync due: ${a.reason}`;
    case 'self-heal':
      return `self-heal due: ${a.reason}`;
  }
}
