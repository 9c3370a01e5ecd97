/** `flotilla autosync APP pause|resume`: holds an automated app's auto-sync and self-heal, or lets them go again.
 * The pause is kept on the app's cluster, so every flotilla (and every agent) sees it. */
import { parseArgs } from 'node:util';
import type { Engine } from '../engine/engine.js';
import { runAutosync } from './autosync-run.js';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { formatPause } from './history-output.js';
import { describePause } from './rollback-output.js';

const usageLines = [
  'usage: flotilla autosync APP pause --reason TEXT [--config FILE] [--readonly]',
  '       flotilla autosync APP resume [--config FILE] [--readonly]',
  '       flotilla autosync run [APP…] [-o text|json] [--config FILE]',
];

const usage = `${usageLines.join('\n')}

pause: stops auto-sync and self-heal of APP, an app with syncPolicy.automated, until someone resumes
it, from any host; who paused it, from where, when and why is kept on the app's cluster (namespace
flotilla-system, ConfigMap flotilla-app-APP) and shown wherever the app is. A rollback of an
automated app pauses it the same way, pinned to the restored revision. The fleet file is not changed.
resume: lifts the pause (a manual one or a rollback's); the next auto-sync applies the app's revision
again. Resuming an app that is not paused says so and succeeds. See docs/rollback.md.
run: auto-sync and self-heal in the foreground, without a screen, until Ctrl-C (see
\`flotilla autosync run --help\` and docs/automation.md).

options:
  -o, --output FORMAT  run: text (default) or json
  --reason TEXT        why auto-sync is paused (required for pause): shown to everyone who looks
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  --readonly           read-only mode: pause and resume are refused

exit status: 0 paused, resumed, or not paused to begin with; 1 refused (not automated, read-only mode
or cluster, no access to the cluster's ConfigMaps); 2 a usage or configuration error (bad option,
unknown app, invalid fleet file).`;

/** What one `APP VERB` sub-command does with the engine; its output goes to `io`. */
type AppAction = (engine: Engine, app: string, reason: string | undefined, io: CliIo) => Promise<ExitCode>;

/** `flotilla autosync APP VERB`. */
const appActions: Record<string, AppAction> = { pause, resume };

/** Sub-commands without an app (the word comes first). */
const loops: Record<string, (args: string[], io: CliIo) => Promise<ExitCode>> = {
  run: (args, io) => runAutosync(args, io),
};

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const loop = args[0] !== undefined ? loops[args[0]] : undefined;
  if (loop) return loop(args.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        reason: { type: 'string' },
        config: { type: 'string' },
        readonly: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    return usageError(io, err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const [app, verb, ...extra] = positionals;
  const action = verb !== undefined ? appActions[verb] : undefined;
  if (!app || !action || extra.length > 0) return usageError(io, 'Say which app, and pause or resume.');
  if (verb === 'pause' && !values.reason?.trim())
    return usageError(io, 'Say why with --reason TEXT: everyone who looks at the app sees it.');
  if (verb === 'resume' && values.reason !== undefined)
    return usageError(io, '--reason goes with pause; resume lifts the pause whatever its reason.');
  const loaded = await loadApps(values.config, [app], io);
  if (!loaded) return ExitCode.UsageOrConfig;
  return withEngine(loaded.fleet, io, { readOnly: values.readonly }, (engine) =>
    action(engine, app, values.reason, io),
  );
}

async function pause(engine: Engine, app: string, reason: string | undefined, io: CliIo): Promise<ExitCode> {
  const result = await engine.pauseAutoSync(app, reason ?? '');
  if (!result.ok) {
    printProblems(io, result.problems);
    return ExitCode.Negative;
  }
  io.stdout.write(`${formatPause(app, result.value)}\n`);
  return ExitCode.Ok;
}

async function resume(
  engine: Engine,
  app: string,
  _reason: string | undefined,
  io: CliIo,
): Promise<ExitCode> {
  const result = await engine.resumeAutoSync(app);
  if (!result.ok) {
    printProblems(io, result.problems);
    return ExitCode.Negative;
  }
  io.stdout.write(
    result.value
      ? `Auto-sync of ${app} resumed; it was paused: ${describePause(result.value)}\n`
      : `Auto-sync of ${app} was not paused: nothing to resume.\n`,
  );
  return ExitCode.Ok;
}

function usageError(io: CliIo, message: string): ExitCode {
  io.stderr.write(`${message}\n${usage}\n`);
  return ExitCode.UsageOrConfig;
}

/** The `autosync` command. */
export const autosyncCommand: CliCommand = {
  name: 'autosync',
  summary: 'pause or resume an automated app (kept on its cluster), or run auto-sync and self-heal',
  usage,
  run,
};
