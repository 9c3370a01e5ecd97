/** `flotilla sync` options → the apps to sync and one SyncRequest for them; usage errors as problems. */
import { parseArgs } from 'node:util';
import type { Problem, Result } from '../engine/problem.js';
import { fail, ok } from '../engine/problem.js';
import type { ResourceSelector, SyncRequest } from '../engine/sync/index.js';
import { parseResourceSelector } from '../engine/sync/index.js';
import { parseDuration } from './duration.js';

/** Everything `flotilla sync` was asked for. */
export interface SyncArgs {
  apps: string[];
  config?: string;
  readonly: boolean;
  /** `-o json`: one JSON document per app on stdout, no progress there. */
  json: boolean;
  /** Show each update's diff in the plan (always on with --dry-run). */
  diff: boolean;
  /** The request every app is synced with (the abort signal is added when it runs). */
  request: Omit<SyncRequest, 'signal'>;
}

const usageProblem = (message: string, hint?: string): Problem => ({
  code: 'cli.usage',
  message,
  ...(hint ? { hint } : {}),
});

/** Reads `flotilla sync` arguments; every mistake found is returned, none thrown. */
export function parseSyncArgs(args: string[]): Result<SyncArgs> {
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
        replace: { type: 'boolean', default: false },
        'only-out-of-sync': { type: 'boolean', default: false },
        resource: { type: 'string', multiple: true, default: [] as string[] },
        wait: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        'wait-lock': { type: 'boolean', default: false },
        diff: { type: 'boolean', default: false },
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
  if (positionals.length === 0)
    problems.push(usageProblem('Name the app to sync.', 'flotilla sync APP… (see flotilla sync --help)'));
  if (values.output !== 'text' && values.output !== 'json')
    problems.push(usageProblem(`-o must be text or json, not "${values.output}".`));
  const confirmations = confirmPruneTokens(values['confirm-prune'], values.prune, problems);
  const resources = selectors(values.resource, positionals.length, problems);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const parsedTimeout = parseDuration(values.timeout, '--timeout');
    if (parsedTimeout.ok) timeoutMs = parsedTimeout.value;
    else problems.push(...parsedTimeout.problems);
  }
  if (problems.length > 0) return fail(...problems);
  return ok({
    apps: positionals,
    ...(values.config === undefined ? {} : { config: values.config }),
    readonly: values.readonly,
    json: values.output === 'json',
    diff: values.diff || values['dry-run'],
    request: {
      prune: values.prune,
      ...(confirmations ? { confirmPrune: confirmations } : {}),
      dryRun: values['dry-run'],
      force: values.force,
      replace: values.replace,
      ...(values['only-out-of-sync'] ? { onlyOutOfSync: true } : {}),
      ...(resources.length > 0 ? { resources } : {}),
      wait: values.wait,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      waitLock: values['wait-lock'],
    },
  });
}

/** `all`, or the `Kind/name` and `Kind/namespace/name` tokens given; undefined when none (mistakes go to `problems`). */
export function confirmPruneTokens(
  tokens: string[],
  prune: boolean,
  problems: Problem[],
): 'all' | string[] | undefined {
  if (tokens.length === 0) return undefined;
  if (!prune)
    problems.push(
      usageProblem('--confirm-prune confirms prunes, but --prune was not given.', 'Add --prune.'),
    );
  for (const token of tokens) {
    const parts = token.split('/');
    if (token !== 'all' && (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')))
      problems.push(
        usageProblem(
          `--confirm-prune "${token}" is not Kind/name, Kind/namespace/name or all.`,
          'The plan prints the exact token of each prune that needs one, e.g. Namespace/shop.',
        ),
      );
  }
  return tokens.includes('all') ? 'all' : tokens;
}

/** The selectors of `--resource`, which pick resources of one app only. */
function selectors(texts: string[], apps: number, problems: Problem[]): ResourceSelector[] {
  if (texts.length > 0 && apps > 1)
    problems.push(
      usageProblem(
        '--resource picks resources of one app, but several apps were named.',
        'Sync the apps one at a time.',
      ),
    );
  const picked: ResourceSelector[] = [];
  for (const text of texts) {
    const result = parseResourceSelector(text);
    if (result.ok) picked.push(result.value);
    else problems.push(...result.problems.map((p) => ({ ...p, message: `--resource: ${p.message}` })));
  }
  return picked;
}
