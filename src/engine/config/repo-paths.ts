/** Paths inside a repository (`apps/web`, Helm value files): normalised, and kept inside the repository. */

/**
 * `path` relative to the repository root, joined onto `base` (also repository-relative), with `.`
 * and empty segments removed; '' is the root. Undefined when the result would leave the repository.
 */
export function joinRepoPath(base: string, path: string): string | undefined {
  if (path.startsWith('/')) return undefined;
  const out: string[] = [];
  for (const segment of [...base.split('/'), ...path.split('/')]) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(segment);
  }
  return out.join('/');
}
