/** Paths on this machine written in the fleet file (local repos, kubeconfig files). */
import { isAbsolute, join, normalize } from 'node:path';
import type { Problem } from '../problem.js';

/** Where relative paths and `~` lead; injected, because the engine never reads the process's cwd or env. */
export interface PathBase {
  /** Folder relative paths start from: the fleet file's folder. */
  baseDir: string;
  /** The user's home folder, for `~/…`; undefined when unknown. */
  homeDir?: string;
}

/** The path `written` leads to, or undefined when it starts with `~` and no home folder is known. */
export function resolveLocalPath(written: string, base: PathBase): string | undefined {
  if (written === '~' || written.startsWith('~/'))
    return base.homeDir === undefined ? undefined : join(base.homeDir, written.slice(1));
  if (written.startsWith('~')) return undefined;
  return isAbsolute(written) ? normalize(written) : join(base.baseDir, written);
}

/** The problem for a `~/…` path when the loader was not told the home folder. */
export function homeUnknown(source: Problem['source']): Problem {
  return {
    code: 'config.bad-path',
    message: 'This path starts with "~", but the home folder is not known.',
    hint: 'Write the full path.',
    source,
  };
}
