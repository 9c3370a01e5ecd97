/** `flotilla rollout APPSET --order LABEL=v1,v2`: syncs an app set's apps group by group; `--dry-run` prints
 * the groups, `--status` the stored rollout. */
import type { Fleet } from '../engine/config/index.js';
import type { Engine } from '../engine/engine.js';
import type { RolloutEvent, RolloutOrder, RolloutSyncOptions } from '../engine/rollout/index.js';
import { planRollout } from '../engine/rollout/index.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { loadFleetOrReport, printProblems, withEngine } from './fleet.js';
import { abortOnInterrupt } from './interrupt.js';
import { parseRolloutArgs, type RolloutArgs } from './rollout-args.js';
import {
  formatGroups,
  formatRolloutRecord,
  formatRolloutResult,
  rolloutEventLines,
  rolloutJson,
} from './rollout-output.js';
import { progressWriter } from './sync.js';

const usage = `usage: flotilla rollout APPSET --order LABEL=VALUE,VALUE… [--dry-run] [--prune]
                        [--confirm-prune TOKEN]… [--timeout D] [-o text|json] [--config FILE] [--readonly]
       flotilla rollout APPSET --status [-o text|json] [--config FILE]

Syncs the apps of an app set group by group: a group is the apps whose cluster carries one value of
the label LABEL, and the groups go in the order the values are listed (--order env=staging,prod).
Every app of a group is synced at once and waited for until it is healthy; the next group starts
only when all of them succeeded. The first app that fails or is refused (read-only, unreachable,
plan problems, unconfirmed prunes, lock held) stops the rollout once the group's other syncs have
ended, and the result says where: the group, the app, its cluster and why. Apps whose cluster lacks
the label, or has a value the order does not list, are left out and named.

The rollout's progress is kept on every cluster of the rollout (ConfigMap flotilla-rollout-APPSET in
flotilla-system), so any flotilla sees it with --status; a second rollout of the same app set is
refused while one runs. Ctrl-C stops the running syncs (as in flotilla sync) and starts no other; a
second Ctrl-C exits at once.

options:
  --order LABEL=V1,V2  the cluster label that groups the apps, and its values in the order to go
  --dry-run            print the groups, and the apps left out, and send nothing
  --status             print the app set's running or last rollout as stored on its clusters
  --prune              each sync deletes live objects Git no longer has (every prune guard applies)
  --confirm-prune TOKEN
                       confirm a prune that needs it (Kind/name, Kind/namespace/name, or all);
                       repeatable; needs --prune
  --timeout D          fail an app's sync after D: 90s, 5m, 1h30m (a unit is required); without
                       it, a sync waits as long as its objects are progressing
  -o, --output FORMAT  text (default) or json: one JSON document on stdout (the plan with
                       --dry-run, the record with --status, else the final record or the problems)
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  --readonly           read-only mode: the rollout is refused

exit status: 0 every group synced and healthy (--dry-run: the groups were printed; --status: a
rollout was shown), 1 an app failed or was refused, the rollout was stopped, another rollout of the
app set is running (--status: none is stored, or no cluster could be read), 2 a usage or
configuration error (bad option or --order, unknown app set, a listed value no cluster carries,
invalid fleet file); 130 after a second Ctrl-C.`;

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseRolloutArgs(args);
  if (!parsed.ok) {
    printProblems(io, parsed.problems);
    io.stderr.write('Run `flotilla rollout --help` for the options.\n');
    return ExitCode.UsageOrConfig;
  }
  const opts = parsed.value;
  const fleet = await loadFleetOrReport(opts.config, io);
  if (!fleet) return ExitCode.UsageOrConfig;
  if (opts.mode === 'status')
    return withEngine(fleet, io, { readOnly: opts.readonly }, (engine) => showStatus(engine, opts, io));
  const plan = planRollout(fleet, opts.appSet, opts.order);
  if (!plan.ok) {
    printProblems(io, plan.problems);
    return ExitCode.UsageOrConfig;
  }
  if (opts.mode === 'dry-run') {
    io.stdout.write(
      opts.json ? `${jsonForTerminal(plan.value, 0)}\n` : `${formatGroups(plan.value).join('\n')}\n`,
    );
    return ExitCode.Ok;
  }
  return runWithInterrupt(fleet, { ...opts, order: opts.order, sync: opts.sync }, io);
}

/** The rollout, Ctrl-C wired to its signal. */
async function runWithInterrupt(
  fleet: Fleet,
  opts: Pick<RolloutArgs, 'appSet' | 'json' | 'readonly'> & { order: RolloutOrder; sync: RolloutSyncOptions },
  io: CliIo,
): Promise<ExitCode> {
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller, {
    source: process,
    exit: (code) => process.exit(code),
    notify: (line) => io.stderr.write(`\n${line}\n`),
  });
  try {
    return await withEngine(fleet, io, { readOnly: opts.readonly }, (engine) =>
      rolloutApps(engine, opts, io, controller.signal),
    );
  } finally {
    stopListening();
  }
}

/** Runs the rollout and prints as `opts` says; 0 when it Succeeded, else 1. */
export async function rolloutApps(
  engine: Pick<Engine, 'rollout'>,
  opts: Pick<RolloutArgs, 'appSet' | 'json'> & { order: RolloutOrder; sync: RolloutSyncOptions },
  io: CliIo,
  signal: AbortSignal,
): Promise<ExitCode> {
  const glyphs = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const print = progressWriter(io, opts.json);
  const onEvent = (e: RolloutEvent) => print?.(rolloutEventLines(e, opts.order, glyphs));
  const outcome = await engine.rollout(opts.appSet, { order: opts.order, sync: opts.sync, signal }, onEvent);
  if (opts.json) io.stdout.write(`${jsonForTerminal(rolloutJson(opts.appSet, outcome), 0)}\n`);
  else if (outcome.started) print?.(formatRolloutResult(outcome.record));
  else printProblems(io, outcome.problems);
  return outcome.started && outcome.record.phase === 'Succeeded' ? ExitCode.Ok : ExitCode.Negative;
}

/** `--status`: the stored rollout, or why there is none to show. */
export async function showStatus(
  engine: Pick<Engine, 'rolloutOf'>,
  opts: Pick<RolloutArgs, 'appSet' | 'json'>,
  io: CliIo,
): Promise<ExitCode> {
  const read = await engine.rolloutOf(opts.appSet);
  if (!read.ok) {
    printProblems(io, read.problems);
    return read.problems.some((p) => p.code === 'rollout.unknown-app-set')
      ? ExitCode.UsageOrConfig
      : ExitCode.Negative;
  }
  const record = read.value;
  if (opts.json) io.stdout.write(`${jsonForTerminal({ appSet: opts.appSet, record: record ?? null }, 0)}\n`);
  else if (record)
    io.stdout.write(
      `${formatRolloutRecord(record, io.stdout.isTTY === true && !io.env.NO_COLOR).join('\n')}\n`,
    );
  else io.stderr.write(`No rollout of app set ${opts.appSet} is stored on its clusters.\n`);
  return record ? ExitCode.Ok : ExitCode.Negative;
}

/** The `rollout` command. */
export const rolloutCommand: CliCommand = {
  name: 'rollout',
  summary: "sync an app set's apps group by group by a cluster label, stopping at the first failure",
  usage,
  run,
};
