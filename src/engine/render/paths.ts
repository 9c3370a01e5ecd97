/** Repository-relative paths: always `/`-separated, never leading `./` or `/`, '' for the root. */

/** Normalises an app path as users write it (`./apps/web/`, `.`, `/apps`) to `apps/web` or ''; null if it climbs out. */
export function normaliseRepoPath(path: string): string | null {
  return resolveInRepo('', path.replace(/\\/g, '/').replace(/^\/+/, ''));
}

/** Resolves `relative` against the folder `dir`; null when it climbs above the repository root. */
export function resolveInRepo(dir: string, relative: string): string | null {
  if (relative.startsWith('/')) return null;
  const segments: string[] = [];
  for (const part of `${dir}/${relative}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') segments.push(part);
    else if (segments.pop() === undefined) return null;
  }
  return segments.join('/');
}

/** `path` relative to `dir` when it lies inside it, else null. */
export function relativeInside(dir: string, path: string): string | null {
  if (dir === '') return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : null;
}

/** Folder part of a repository path ('' for a file at the root). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Joins a folder and a name, with no leading slash for the root folder. */
export function joinRepoPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
