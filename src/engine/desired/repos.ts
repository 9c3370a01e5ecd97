/** One Git source per repo of the fleet, sharing a cache root and the injected environment. */
import type { Fleet, Repo } from '../config/index.js';
import { createRepoSource, type GitLogEntry, type RepoSource } from '../git/index.js';

/** What opening the fleet's repositories needs. */
interface RepoDeps {
  cacheRoot: string;
  env: Readonly<Record<string, string | undefined>>;
  log?: (entry: GitLogEntry) => void;
}

/** The URL (or local path) a repo source reads. */
export function repoUrl(repo: Repo): string {
  return repo.location.kind === 'remote' ? repo.location.url : repo.location.path;
}

/** Opens a source per repo, keyed by repo name. Nothing is fetched until a revision is polled. */
export function openRepos(fleet: Fleet, deps: RepoDeps): Map<string, RepoSource> {
  const sources = new Map<string, RepoSource>();
  for (const repo of fleet.repos) {
    sources.set(
      repo.name,
      createRepoSource(
        { name: repo.name, url: repoUrl(repo), ...(repo.auth ? { auth: { ...repo.auth } } : {}) },
        {
          cacheRoot: deps.cacheRoot,
          env: deps.env,
          ...(deps.log ? { log: deps.log } : {}),
          ...(repo.timeoutMs !== undefined ? { deadlineMs: repo.timeoutMs } : {}),
          ...(repo.maxFetchBytes !== undefined ? { maxFetchBytes: repo.maxFetchBytes } : {}),
        },
      ),
    );
  }
  return sources;
}
