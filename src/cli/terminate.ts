/** `flotilla terminate APP`: asks the operation running on an app to stop, from any host. */
import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { formatTerminate } from './sync-output.js';

const usage = `usage: flotilla terminate APP [--config FILE] [--readonly]

Asks the sync running on APP to stop, whichever host runs it: the request is written beside the
operation's record on the cluster, and the flotilla running it stops at once, deletes its running
hooks and ends the operation Failed. Prints the operation that will stop and who asked.

options:
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  --readonly           read-only mode: the request is refused

exit status: 0 the request was recorded, 1 it was not (no operation runs on APP, or writing was
refused), 2 a usage or configuration error (unknown app, invalid fleet file).`;

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { config: { type: 'string' }, readonly: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) {
    io.stderr.write(`${usage}\n`);
    return ExitCode.UsageOrConfig;
  }
  const loaded = await loadApps(values.config, positionals, io);
  if (!loaded) return ExitCode.UsageOrConfig;
  const { fleet } = loaded;
  const name = positionals[0] ?? '';
  const result = await withEngine(fleet, io, { readOnly: values.readonly }, (engine) =>
    engine.terminate(name),
  );
  if (!result.ok) {
    printProblems(io, result.problems);
    return ExitCode.Negative;
  }
  io.stdout.write(`${formatTerminate(result.value).join('\n')}\n`);
  return ExitCode.Ok;
}

/** The `terminate` command. */
export const terminateCommand: CliCommand = {
  name: 'terminate',
  summary: 'stop the sync running on an app, from any host',
  usage,
  run,
};
