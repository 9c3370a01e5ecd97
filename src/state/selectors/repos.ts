/** Derived repo data: the repo line's rows, and whether an app is compared with a stale commit. */
import { memoizeLast } from '../memo.js';
import type { RepoView, ViewModel } from '../types.js';

const sortedRepos = memoizeLast((repos: Record<string, RepoView>): RepoView[] =>
  Object.values(repos).sort((a, b) => a.name.localeCompare(b.name)),
);

/** Every repo, by name. */
export function selectRepoRows(state: ViewModel): RepoView[] {
  return sortedRepos(state.repos);
}

/** True while the repo's polls fail: what is shown for its apps rests on its last good commit. */
export function isRepoStale(repo: RepoView | undefined): boolean {
  return repo !== undefined && repo.failures > 0;
}

/** The repo an app comes from, when known. */
export function selectAppRepo(state: ViewModel, appId: string): RepoView | undefined {
  const name = state.apps[appId]?.repo;
  return name === undefined ? undefined : state.repos[name];
}
