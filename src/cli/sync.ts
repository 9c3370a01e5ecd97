/** `flotilla sync APP…`: plans, then applies each app in turn, printing the plan, the progress and the result. */
import type { App } from '../engine/config/index.js';
import type { Engine } from '../engine/engine.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import type { SyncEvent, SyncOutcome, SyncPlan, SyncRequest } from '../engine/sync/index.js';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { abortOnInterrupt } from './interrupt.js';
import { parseSyncArgs, type SyncArgs } from './sync-args.js';
import {
  SyncProgress,
  formatHeader,
  formatPlan,
  formatRefusal,
  formatResult,
  formatWarnings,
  syncJson,
  type OutputStyle,
  type SyncJson,
} from './sync-output.js';

const usage = `usage: flotilla sync APP… [--prune] [--confirm-prune TOKEN]… [--dry-run] [--diff] [--force] [--replace]
                     [--only-out-of-sync] [--resource GROUP/KIND/NAMESPACE/NAME]… [--wait] [--timeout D]
                     [--wait-lock] [-o text|json] [--config FILE] [--readonly]

Syncs each named app, one after the other, to the commit its revision resolves to: prints the plan
(phases, waves, each object's action and why), checks access, takes the app's lock, runs a
server-side dry run of every apply, then applies wave by wave, waiting for health between waves,
with hooks and prunes, and records the operation in the app's history (\`flotilla history\`).
Stops at the first app that does not succeed; the rest are not attempted. Ctrl-C stops the
running operation (it ends Failed, running hooks are deleted); a second Ctrl-C exits at once.

options:
  --prune              delete live objects Git no longer has (every prune guard still applies)
  --confirm-prune TOKEN
                       confirm a prune that needs it (a Namespace, CRD, PersistentVolumeClaim or an
                       object marked Prune=confirm): the token the plan prints, Kind/name or
                       Kind/namespace/name, or all; repeatable; needs --prune
  --dry-run            plan and dry-run every apply on the server; nothing is changed (shows diffs)
  --diff               show each update's diff (live → Git, Secret values masked) in the plan
  --force              take over fields that other field managers own
  --replace            replace objects instead of applying them
  --only-out-of-sync   apply only objects that differ from Git (hooks, creates and prunes still run)
  --resource SEL       sync only this resource, GROUP/KIND/NAMESPACE/NAME with the group empty for
                       core kinds and the namespace empty for cluster-scoped ones (/ConfigMap/web/a);
                       repeatable; one app only; no hooks run
  --wait               after the last wave, wait until the app is healthy
  --timeout D          fail the operation after D: 90s, 5m, 1h30m (a unit is required)
  --wait-lock          wait for another operation on the app to end instead of refusing
  -o, --output FORMAT  text (default) or json: one JSON document per app, one per line, with the
                       plan (without the objects), the final operation record, or the problems, and
                       warnings (what went wrong after it ended: its history entry not written)
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  --readonly           read-only mode: every sync is refused

exit status: 0 every app synced (a dry run: every object passed the server's dry run), 1 an
operation failed, was stopped or interrupted, or was refused (lock held, read-only mode or
cluster, forbidden identity, plan problems), 2 a usage or configuration error (bad option,
unknown app, invalid fleet file); 130 after a second Ctrl-C.`;

/** Where progress goes: stdout for text; for json only a terminal's stderr, so stdout stays pure JSON. */
export function progressWriter(io: CliIo, json: boolean): ((lines: string[]) => void) | undefined {
  const write = (stream: NodeJS.WritableStream) => (lines: string[]) => {
    if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
  };
  if (!json) return write(io.stdout);
  return (io.stderr as { isTTY?: boolean }).isTTY === true ? write(io.stderr) : undefined;
}

/** One app's sync: its events printed as they come, the plan kept for the JSON document. */
async function syncOne(
  engine: Pick<Engine, 'sync'>,
  app: Pick<App, 'name' | 'destination'>,
  request: SyncRequest,
  out: { style: OutputStyle; now: () => number; print: ((lines: string[]) => void) | undefined },
): Promise<{ plan?: SyncPlan; outcome: SyncOutcome }> {
  const { style, print } = out;
  const progress = new SyncProgress(style, out.now);
  let plan: SyncPlan | undefined;
  print?.([formatHeader(app.name, app.destination, request)]);
  const onEvent = (e: SyncEvent): void => {
    if (e.type === 'plan') {
      plan = e.plan;
      print?.(formatPlan(e.plan, style));
    } else print?.(progress.linesFor(e));
  };
  const outcome = await engine.sync(app.name, request, onEvent);
  if (outcome.started)
    print?.([...formatResult(outcome.state, style), ...formatWarnings(outcome.warnings ?? [])]);
  else {
    if (!plan && outcome.plan) print?.(formatPlan(outcome.plan, style));
    print?.(formatRefusal(app.name, outcome));
  }
  return { ...(plan ? { plan } : {}), outcome };
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseSyncArgs(args);
  if (!parsed.ok) {
    printProblems(io, parsed.problems);
    io.stderr.write('Run `flotilla sync --help` for the options.\n');
    return ExitCode.UsageOrConfig;
  }
  const opts = parsed.value;
  const loaded = await loadApps(opts.config, opts.apps, io);
  if (!loaded) return ExitCode.UsageOrConfig;
  const { fleet } = loaded;
  // In the order named, not the fleet's: the user may sync a database before the app that uses it.
  const apps = opts.apps
    .map((name) => loaded.apps.find((a) => a.name === name))
    .filter((a) => a !== undefined);
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller, {
    source: process,
    exit: (code) => process.exit(code),
    notify: (line) => io.stderr.write(`\n${line}\n`),
  });
  try {
    return await withEngine(fleet, io, { readOnly: opts.readonly }, (engine) =>
      syncApps(engine, apps, opts, io, controller.signal),
    );
  } finally {
    stopListening();
  }
}

/** Syncs `apps` in turn and prints as `opts` says; stops at the first that does not succeed, or when `signal`
 * aborts. The exit code: 0 when every app's operation Succeeded, else 1. */
export async function syncApps(
  engine: Pick<Engine, 'sync'>,
  apps: readonly Pick<App, 'name' | 'destination'>[],
  opts: Pick<SyncArgs, 'json' | 'diff' | 'request'>,
  io: CliIo,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<ExitCode> {
  const style: OutputStyle = { glyphs: io.stdout.isTTY === true && !io.env.NO_COLOR, diff: opts.diff };
  const print = progressWriter(io, opts.json);
  const docs: SyncJson[] = [];
  for (const [i, app] of apps.entries()) {
    if (docs.some((d) => d.result !== 'Succeeded') || signal.aborted) {
      docs.push(syncJson(app.name, undefined, undefined));
      continue;
    }
    if (i > 0) print?.(['']);
    const request: SyncRequest = { ...opts.request, signal };
    const { plan, outcome } = await syncOne(engine, app, request, { style, now, print });
    docs.push(syncJson(app.name, plan, outcome));
  }
  const skipped = docs.filter((d) => d.result === 'NotAttempted').map((d) => d.app);
  if (skipped.length > 0 && !opts.json) io.stderr.write(`not attempted: ${skipped.join(', ')}\n`);
  if (opts.json) for (const doc of docs) io.stdout.write(`${jsonForTerminal(doc, 0)}\n`);
  return docs.every((d) => d.result === 'Succeeded') ? ExitCode.Ok : ExitCode.Negative;
}

/** The `sync` command. */
export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'apply apps to their clusters: plan, dry run, waves, hooks, prune',
  usage,
  run,
};
