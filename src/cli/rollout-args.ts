/** `flotilla rollout` options → what to do (run, print the groups, show the stored rollout); usage errors as
 * problems. */
import { parseArgs } from 'node:util';
import type { Problem, Result } from '../engine/problem.js';
import { fail, ok } from '../engine/problem.js';
import { parseOrder, type RolloutOrder, type RolloutSyncOptions } from '../engine/rollout/index.js';
import { parseDuration } from './duration.js';
import { confirmPruneTokens } from './sync-args.js';

/** Everything `flotilla rollout` was asked for. */
export type RolloutArgs = {
  appSet: string;
  config?: string;
  readonly: boolean;
  /** `-o json`: one JSON document on stdout, no progress there. */
  json: boolean;
} & (
  | { mode: 'run'; order: RolloutOrder; sync: RolloutSyncOptions }
  | { mode: 'dry-run'; order: RolloutOrder }
  | { mode: 'status' }
);

const usageProblem = (message: string, hint?: string): Problem => ({
  code: 'cli.usage',
  message,
  ...(hint ? { hint } : {}),
});

/** Reads `flotilla rollout` arguments; every mistake found is returned, none thrown. */
export function parseRolloutArgs(args: string[]): Result<RolloutArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        order: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        status: { type: 'boolean', default: false },
        prune: { type: 'boolean', default: false },
        'confirm-prune': { type: 'string', multiple: true, default: [] as string[] },
        timeout: { type: 'string' },
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
  if (positionals.length !== 1)
    problems.push(
      usageProblem(
        positionals.length === 0 ? 'Name the app set to roll out.' : 'Name one app set.',
        'flotilla rollout APPSET --order LABEL=VALUE,… (see flotilla rollout --help)',
      ),
    );
  if (values.output !== 'text' && values.output !== 'json')
    problems.push(usageProblem(`-o must be text or json, not "${values.output}".`));
  const common = {
    appSet: positionals[0] ?? '',
    ...(values.config === undefined ? {} : { config: values.config }),
    readonly: values.readonly,
    json: values.output === 'json',
  };
  if (values.status) {
    const runOnly = [
      values.order !== undefined && '--order',
      values['dry-run'] && '--dry-run',
      values.prune && '--prune',
      values['confirm-prune'].length > 0 && '--confirm-prune',
      values.timeout !== undefined && '--timeout',
    ].filter((o) => o !== false);
    if (runOnly.length > 0)
      problems.push(
        usageProblem(`--status shows the stored rollout; it does not go with ${runOnly.join(', ')}.`),
      );
    return problems.length > 0 ? fail(...problems) : ok({ ...common, mode: 'status' });
  }
  let order: RolloutOrder | undefined;
  if (values.order === undefined)
    problems.push(
      usageProblem(
        '--order is required: which cluster label groups the apps, and in what order.',
        'e.g. --order env=staging,prod',
      ),
    );
  else {
    const read = parseOrder(values.order);
    if (read.ok) order = read.value;
    else problems.push(...read.problems);
  }
  const confirmPrune = confirmPruneTokens(values['confirm-prune'], values.prune, problems);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const read = parseDuration(values.timeout, '--timeout');
    if (read.ok) timeoutMs = read.value;
    else problems.push(...read.problems);
  }
  if (problems.length > 0 || !order) return fail(...problems);
  if (values['dry-run']) return ok({ ...common, mode: 'dry-run', order });
  return ok({
    ...common,
    mode: 'run',
    order,
    sync: {
      prune: values.prune,
      ...(confirmPrune ? { confirmPrune } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
  });
}
