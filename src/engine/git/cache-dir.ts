/** Where a repository's local cache lives: one folder per repo, named after the repo and its URL. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { redactUrlCredentials } from '../redact.js';

/** `$XDG_CACHE_HOME/flotilla/repos`, or `$HOME/.cache/flotilla/repos` when XDG_CACHE_HOME is unset. */
export function defaultCacheRoot(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME ?? '.', '.cache');
  return join(base, 'flotilla', 'repos');
}

/**
 * `<root>/<name>-<hash of url>`: the name keeps the folder recognisable, the hash makes a changed
 * URL start from a fresh cache instead of mixing two repositories' objects.
 */
export function repoCacheDir(root: string, name: string, url: string): string {
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, '_') || 'repo';
  const hash = createHash('sha256').update(redactUrlCredentials(url)).digest('hex').slice(0, 12);
  return join(root, `${safeName}-${hash}`);
}
