/**
 * Checks across the fields of one entry. They run even when other fields are wrong, so that every
 * problem is listed at once; that is also why they read raw values defensively.
 */
import type { Ctx, CheckFailure } from './schema-parts.js';
import { report } from './schema-parts.js';
import { classifyRepoUrl, isCheckFailure, isLoopbackHost } from './repo-location.js';
import { joinRepoPath } from './repo-paths.js';
import { syncOptionName } from './sync-options.js';
import { hasPlaceholders } from './template.js';

/** The render options of an app; at most one may be given. */
export const RENDER_FIELDS = ['kustomize', 'helm', 'directory'] as const;

/** An ignoreDifferences rule must name something to ignore. */
export function checkIgnoreRuleIgnoresSomething(raw: unknown, ctx: Ctx): void {
  const rule = raw as Record<string, unknown>;
  const lists = ['jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'];
  if (lists.some((k) => Array.isArray(rule[k]) && (rule[k] as unknown[]).length > 0)) return;
  report(
    ctx,
    {
      message: 'This ignoreDifferences rule ignores nothing.',
      problemCode: 'config.bad-ignore-rule',
      hint: 'Add jsonPointers, jqPathExpressions or managedFieldsManagers, e.g. jsonPointers: [/spec/replicas].',
    },
    ['kind'],
  );
}

/** Each sync option at most once. */
export function checkNoRepeatedOption(options: string[], ctx: Ctx): void {
  const seen = new Set<string>();
  options.forEach((option, i) => {
    const name = syncOptionName(option);
    if (seen.has(name))
      report(
        ctx,
        {
          message: `The sync option ${name} is given twice.`,
          problemCode: 'config.bad-sync-option',
          hint: 'Keep one of them.',
        },
        [i],
      );
    seen.add(name);
  });
}

/** One renderer at most, and Helm value files inside the repository. */
export function checkAppCombinations(raw: unknown, ctx: Ctx): void {
  const app = raw as Record<string, unknown>;
  const renderers = RENDER_FIELDS.filter((k) => app[k] !== undefined);
  for (const extra of renderers.slice(1)) {
    report(
      ctx,
      {
        message: `An app renders one way only, but both ${renderers[0]} and ${extra} are given.`,
        problemCode: 'config.conflicting-render',
        hint: 'Keep the one that matches the files at the path: kustomize (kustomization.yaml), helm (Chart.yaml) or directory (plain manifests).',
        at: 'key',
      },
      [extra],
    );
  }
  checkValueFilesStayInRepo(app, ctx);
}

function checkValueFilesStayInRepo(app: Record<string, unknown>, ctx: Ctx): void {
  const appPath = typeof app.path === 'string' && !hasPlaceholders(app.path) ? app.path : '';
  const files = (app.helm as { valueFiles?: unknown } | undefined)?.valueFiles;
  if (!Array.isArray(files)) return;
  files.forEach((file: unknown, i: number) => {
    if (typeof file !== 'string' || hasPlaceholders(file) || joinRepoPath(appPath, file) !== undefined)
      return;
    report(
      ctx,
      {
        message: `The value file "${file}" lies outside the repository.`,
        problemCode: 'config.bad-path',
        hint: 'Value files are read from the repository, relative to the app path.',
      },
      ['helm', 'valueFiles', i],
    );
  });
}

/** No plain http:// to other hosts unless insecure, and no auth for local repositories. */
export function checkRepoTransport(raw: unknown, ctx: Ctx): void {
  const repo = raw as { url?: unknown; insecure?: unknown; auth?: unknown };
  if (typeof repo.url !== 'string') return;
  const location = classifyRepoUrl(repo.url);
  if (isCheckFailure(location)) return;
  if (location.kind === 'local' && repo.auth !== undefined) {
    report(
      ctx,
      {
        message: 'auth is given for a local repository, which needs none.',
        problemCode: 'config.bad-auth',
        hint: 'Remove auth, or use an https:// URL.',
        at: 'key',
      },
      ['auth'],
    );
  }
  if (
    location.kind === 'remote' &&
    location.scheme === 'http' &&
    !isLoopbackHost(location.host) &&
    repo.insecure !== true
  ) {
    report(ctx, plainHttpRefused(), ['url']);
  }
}

function plainHttpRefused(): CheckFailure {
  return {
    message: 'Plain http:// would send the repository and any token over the network unencrypted.',
    problemCode: 'config.insecure-url',
    hint: 'Use https://, or set insecure: true on this repo if you accept the risk (http:// to localhost is always allowed).',
  };
}
