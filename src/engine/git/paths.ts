/** Repository-relative paths as the git module accepts them: `/`-separated, no leading `./` or `/`. */

/** Normalises a repository path; `''` is the root. Returns undefined for paths that leave the root. */
export function normaliseRepoPath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.join('/');
}

/**
 * Whether any changed path lies at or below one of the app's paths, so the app must be
 * re-rendered. Pass every folder the app reads (a Kustomize overlay's bases, a chart's
 * dependencies) when they lie outside its own path.
 */
export function pathAffected(changedPaths: readonly string[], appPath: string | readonly string[]): boolean {
  const roots = (typeof appPath === 'string' ? [appPath] : appPath).map(normaliseRepoPath);
  return roots.some((root) => {
    if (root === undefined) return false;
    if (root === '') return changedPaths.length > 0;
    return changedPaths.some((changed) => changed === root || changed.startsWith(`${root}/`));
  });
}
