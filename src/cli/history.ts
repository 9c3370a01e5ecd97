/** `flotilla history APP`: the app's sync history as kept on its cluster, and what one entry changed. */
import { parseArgs } from 'node:util';
import type { Engine } from '../engine/engine.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { formatHistory, formatHistoryDiff } from './history-output.js';

const usage = `usage: flotilla history APP [--diff ID] [-o text|json] [--config FILE]

Shows the sync history of an app as kept on its cluster (ConfigMap flotilla-app-APP in namespace
flotilla-system, readable by anyone who may read ConfigMaps there): each sync, rollback, auto-sync
and self-heal, newest first, with who ran it from which host, the commit, the result, whether it
was partial, and how many objects were applied and pruned. Repeated failures of the same kind at
the same revision show as one entry with its number of attempts. Above the table: the auto-sync
pause, and the reason when the last sync failed. Nothing is changed.

options:
  --diff ID            what entry ID changed against the entry before it: both commits rendered
                       again and compared object by object (Secret values masked)
  -o, --output FORMAT  text (default) or json: the entries and the pause as stored (with --diff:
                       the entries compared, each changed object's diff, and warnings)
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)

exit status: 0 shown, 1 the history could not be read (cluster unreachable, forbidden) or an
entry's commits could not be rendered again, 2 a usage or configuration error (unknown app or
entry, invalid fleet file).`;

interface HistoryArgs {
  app: string;
  diff: number | undefined;
  json: boolean;
  config: string | undefined;
}

function parse(args: string[], io: CliIo): HistoryArgs | undefined {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'text' },
      diff: { type: 'string' },
    },
  });
  const bad = (message: string) => {
    io.stderr.write(`flotilla history: ${message}\n${usage}\n`);
    return undefined;
  };
  if (positionals.length !== 1) return bad('name exactly one app.');
  if (values.output !== 'text' && values.output !== 'json')
    return bad(`-o must be text or json, not "${values.output}".`);
  const diff = values.diff === undefined ? undefined : Number(values.diff.replace(/^#/, ''));
  if (diff !== undefined && !(Number.isInteger(diff) && diff > 0))
    return bad(`--diff takes an entry id such as 3, not "${values.diff}".`);
  return { app: positionals[0]!, diff, json: values.output === 'json', config: values.config };
}

/** Prints the history (or one entry's diff) of the app; answers the exit code. */
export async function showHistory(
  engine: Pick<Engine, 'history' | 'historyDiff'>,
  args: Omit<HistoryArgs, 'config'>,
  io: CliIo,
  now: number = Date.now(),
): Promise<ExitCode> {
  if (args.diff !== undefined) {
    const diff = await engine.historyDiff(args.app, args.diff);
    if (!diff.ok) {
      printProblems(io, diff.problems);
      const unknown = diff.problems.some((p) => p.code === 'history.unknown-entry');
      return unknown ? ExitCode.UsageOrConfig : ExitCode.Negative;
    }
    io.stdout.write(args.json ? `${jsonForTerminal(diff.value)}\n` : formatHistoryDiff(diff.value));
    return ExitCode.Ok;
  }
  const record = await engine.history(args.app);
  if (!record.ok) {
    printProblems(io, record.problems);
    return ExitCode.Negative;
  }
  const { history, pause } = record.value;
  io.stdout.write(
    args.json
      ? `${jsonForTerminal({ app: args.app, pause: pause ?? null, history })}\n`
      : formatHistory(args.app, record.value, now),
  );
  return ExitCode.Ok;
}

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const args = parse(argv, io);
  if (!args) return ExitCode.UsageOrConfig;
  const loaded = await loadApps(args.config, [args.app], io);
  if (!loaded) return ExitCode.UsageOrConfig;
  return withEngine(loaded.fleet, io, {}, (engine) => showHistory(engine, args, io));
}

/** The `history` command. */
export const historyCommand: CliCommand = {
  name: 'history',
  summary: "an app's sync history on its cluster, and what one entry changed",
  usage,
  run,
};
