/** `repos`, with defaults and local paths made absolute. */
import type { Problem } from '../problem.js';
import { parseByteSize } from './byte-size.js';
import { parseDuration } from './duration.js';
import type { PathBase } from './local-paths.js';
import { homeUnknown, resolveLocalPath } from './local-paths.js';
import { classifyRepoUrl, isCheckFailure } from './repo-location.js';
import type { Indexed } from './check-list.js';
import type { RepoEntry } from './schema.js';
import type { FleetSettings, Repo, RepoLocation } from './types.js';
import type { YamlSource } from './yaml-source.js';
import { sourceAt } from './yaml-source.js';

/** The repos written in the file. */
export function resolveRepos(
  entries: readonly Indexed<RepoEntry>[],
  settings: FleetSettings,
  src: YamlSource,
  paths: PathBase,
): { repos: Repo[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const repos: Repo[] = [];
  for (const { value, index } of entries) {
    const location = locate(value, paths);
    if (!location) {
      problems.push(homeUnknown(sourceAt(src, ['repos', index, 'url'])));
      continue;
    }
    repos.push({
      name: value.name,
      location,
      ...(value.auth ? { auth: { ...value.auth } } : {}),
      pollIntervalMs:
        (value.pollInterval !== undefined ? parseDuration(value.pollInterval) : undefined) ??
        settings.pollIntervalMs,
      ...(value.timeout !== undefined ? { timeoutMs: parseDuration(value.timeout) } : {}),
      ...(value.maxFetchSize !== undefined ? { maxFetchBytes: parseByteSize(value.maxFetchSize) } : {}),
      source: sourceAt(src, ['repos', index]),
    });
  }
  return { repos, problems };
}

function locate(entry: RepoEntry, paths: PathBase): RepoLocation | undefined {
  const written = classifyRepoUrl(entry.url);
  // The schema refused every failure already; this keeps the types honest.
  if (isCheckFailure(written)) return undefined;
  if (written.kind === 'remote')
    return { kind: 'remote', url: written.url, insecure: entry.insecure ?? false };
  const path = resolveLocalPath(written.path, paths);
  return path === undefined ? undefined : { kind: 'local', path };
}
