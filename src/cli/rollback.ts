/** `flotilla rollback APP [ID]`: restores the revision of an earlier sync, printing what is restored, the plan,
 * the progress and the result as `flotilla sync` does. */
import { parseArgs } from 'node:util';
import type { App } from '../engine/config/index.js';
import type { Engine } from '../engine/engine.js';
import { fail, ok, type Problem, type Result } from '../engine/problem.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import type { RollbackEvent, RollbackRequest, RollbackTarget, SyncPlan } from '../engine/sync/index.js';
import type { CliCommand, CliIo } from './command.js';
import { parseDuration } from './duration.js';
import { ExitCode } from './exit-codes.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { abortOnInterrupt } from './interrupt.js';
import { formatPausedAfter, formatRollbackTarget, rollbackJson } from './rollback-output.js';
import { progressWriter } from './sync.js';
import { confirmPruneTokens } from './sync-args.js';
import { SyncProgress, formatPlan, formatRefusal, formatResult, type OutputStyle } from './sync-output.js';

const usage = `usage: flotilla rollback APP [ID] [--prune] [--confirm-prune TOKEN]… [--dry-run] [--force] [--wait]
                         [--timeout D] [--wait-lock] [-o text|json] [--config FILE] [--readonly]

Restores the revision an earlier sync of APP applied: history entry ID (\`flotilla history APP\` lists
them), or by default the newest successful full sync before the current one whose revision differs
from the current one. The commit must still be in the repository (reachable from the app's revision
or another branch or tag): a commit a force push removed is refused and nothing is synced. The
rollback is a sync of that commit without hooks (plan, dry run, waves, prune as \`flotilla sync\`),
recorded in the history as a rollback. When APP is automated, its auto-sync (and self-heal) is
paused under the app's lock before anything is applied, pinned to the restored revision, until
\`flotilla autosync APP resume\`; the fleet file is not changed. See docs/rollback.md.

options:
  --prune              delete live objects the restored revision does not have (every prune guard
                       still applies)
  --confirm-prune TOKEN
                       confirm a prune that needs it (the token the plan prints, or all); repeatable;
                       needs --prune
  --dry-run            plan and dry-run every apply on the server; nothing is changed and auto-sync
                       is not paused (shows diffs)
  --force              take over fields that other field managers own
  --wait               after the last wave, wait until the app is healthy
  --timeout D          fail the operation after D: 90s, 5m, 1h30m (a unit is required)
  --wait-lock          wait for another operation on the app to end instead of refusing
  -o, --output FORMAT  text (default) or json: one JSON document, the sync's (plan, final operation
                       record or problems) with what was restored under "rollback"
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  --readonly           read-only mode: the rollback is refused

exit status: 0 the rollback succeeded (a dry run: every object passed the server's dry run), 1 it
failed, was stopped, or was refused (no entry to restore, the commit is gone from the repository,
lock held, read-only mode or cluster, forbidden identity, plan problems), 2 a usage or
configuration error (bad option, unknown app, invalid fleet file); 130 after a second Ctrl-C.`;

/** Everything `flotilla rollback` was asked for. */
export interface RollbackArgs {
  app: string;
  config?: string;
  readonly: boolean;
  json: boolean;
  /** The request (the abort signal is added when it runs). */
  request: Omit<RollbackRequest, 'signal'>;
}

const usageProblem = (message: string, hint?: string): Problem => ({
  code: 'cli.usage',
  message,
  ...(hint ? { hint } : {}),
});

/** Reads `flotilla rollback` arguments; every mistake found is returned, none thrown. */
export function parseRollbackArgs(args: string[]): Result<RollbackArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        prune: { type: 'boolean', default: false },
        'confirm-prune': { type: 'string', multiple: true, default: [] as string[] },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        wait: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        'wait-lock': { type: 'boolean', default: false },
        output: { type: 'string', short: 'o', default: 'text' },
        config: { type: 'string' },
        readonly: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    return fail(usageProblem(err instanceof Error ? err.message : String(err)));
  }
  const { values, positionals } = parsed;
  const problems: Problem[] = [];
  const [app, idText, ...extra] = positionals;
  if (!app) problems.push(usageProblem('Name the app to roll back.', 'flotilla rollback APP [ID]'));
  if (extra.length > 0)
    problems.push(usageProblem('Roll back one app at a time: flotilla rollback APP [ID].'));
  const id = idText === undefined ? undefined : entryId(idText, problems);
  if (values.output !== 'text' && values.output !== 'json')
    problems.push(usageProblem(`-o must be text or json, not "${values.output}".`));
  const confirmations = confirmPruneTokens(values['confirm-prune'], values.prune, problems);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const t = parseDuration(values.timeout, '--timeout');
    if (t.ok) timeoutMs = t.value;
    else problems.push(...t.problems);
  }
  if (problems.length > 0 || !app) return fail(...problems);
  return ok({
    app,
    ...(values.config === undefined ? {} : { config: values.config }),
    readonly: values.readonly,
    json: values.output === 'json',
    request: {
      ...(id === undefined ? {} : { id }),
      prune: values.prune,
      ...(confirmations ? { confirmPrune: confirmations } : {}),
      dryRun: values['dry-run'],
      force: values.force,
      wait: values.wait,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      waitLock: values['wait-lock'],
    },
  });
}

/** `3` or `#3`: a history entry's number. */
function entryId(text: string, problems: Problem[]): number | undefined {
  const match = /^#?([1-9]\d{0,8})$/.exec(text);
  if (match) return Number(match[1]);
  problems.push(
    usageProblem(
      `"${text}" is not a history entry number.`,
      'Give the number `flotilla history APP` shows, e.g. 3.',
    ),
  );
  return undefined;
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseRollbackArgs(args);
  if (!parsed.ok) {
    printProblems(io, parsed.problems);
    io.stderr.write('Run `flotilla rollback --help` for the options.\n');
    return ExitCode.UsageOrConfig;
  }
  const opts = parsed.value;
  const loaded = await loadApps(opts.config, [opts.app], io);
  const app = loaded?.apps[0];
  if (!loaded || !app) return ExitCode.UsageOrConfig;
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller, {
    source: process,
    exit: (code) => process.exit(code),
    notify: (line) => io.stderr.write(`\n${line}\n`),
  });
  try {
    return await withEngine(loaded.fleet, io, { readOnly: opts.readonly }, (engine) =>
      rollbackOne(engine, app, opts, io, controller.signal),
    );
  } finally {
    stopListening();
  }
}

/** Rolls one app back and prints as `opts` says; the exit code: 0 when the operation Succeeded, else 1. */
export async function rollbackOne(
  engine: Pick<Engine, 'rollback'>,
  app: Pick<App, 'name' | 'syncPolicy'>,
  opts: Pick<RollbackArgs, 'json' | 'request'>,
  io: CliIo,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<ExitCode> {
  const style: OutputStyle = {
    glyphs: io.stdout.isTTY === true && !io.env.NO_COLOR,
    diff: opts.request.dryRun,
  };
  const print = progressWriter(io, opts.json);
  const progress = new SyncProgress(style, now);
  let target: RollbackTarget | undefined;
  let plan: SyncPlan | undefined;
  const onEvent = (e: RollbackEvent): void => {
    if (e.type === 'rollback') {
      target = e.rollback;
      print?.(formatRollbackTarget(e.rollback, now(), app.syncPolicy.automated !== undefined));
    } else if (e.type === 'plan') {
      plan = e.plan;
      print?.(formatPlan(e.plan, style));
    } else print?.(progress.linesFor(e));
  };
  const outcome = await engine.rollback(app.name, { ...opts.request, signal }, onEvent);
  if (outcome.started) {
    print?.(formatResult(outcome.state, style));
    if (target?.pausesAutoSync) print?.([formatPausedAfter(app.name)]);
  } else {
    if (!plan && outcome.plan) print?.(formatPlan(outcome.plan, style));
    print?.(formatRefusal(app.name, outcome));
  }
  const doc = rollbackJson(app.name, target, plan, outcome);
  if (opts.json) io.stdout.write(`${jsonForTerminal(doc, 0)}\n`);
  return doc.result === 'Succeeded' ? ExitCode.Ok : ExitCode.Negative;
}

/** The `rollback` command. */
export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: 'restore the revision of an earlier sync (no hooks); pauses auto-sync of an automated app',
  usage,
  run,
};
