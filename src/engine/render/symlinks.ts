/** Symlinks inside a repository: followed only while they stay inside it, so a manifest can never
 * pull in a file of the host running flotilla (a repo could otherwise link to ~/.kube/config). */
import type { Problem } from '../problem.js';
import type { FileTree } from '../source.js';
import { parentOf, resolveInRepo } from './paths.js';

/** Git's mode for a symlink. */
export const symlinkMode = '120000';

const maxHops = 8;

/** Where a symlink finally points: a regular file's path, or null when it dangles or names a folder. */
type LinkTarget = { ok: true; path: string | null } | { ok: false; problem: Problem };

/** Follows the symlink at `path` (up to 8 hops) to a regular file of the tree. */
export async function followSymlink(tree: FileTree, path: string): Promise<LinkTarget> {
  let current = path;
  for (let hop = 0; hop < maxHops; hop++) {
    const target = new TextDecoder().decode(await tree.readFile(current)).trim();
    const resolved = resolveInRepo(parentOf(current), target);
    if (resolved === null) {
      return {
        ok: false,
        problem: {
          code: 'render.symlink-outside',
          message: `symlink ${path} points outside the repository (${target})`,
          hint: 'Only links to files inside the repository are followed; copy the file into the repository instead.',
          source: { file: path },
        },
      };
    }
    const entry = (await tree.listFiles(parentOf(resolved))).find((file) => file.path === resolved);
    if (!entry) return { ok: true, path: null };
    if (entry.mode !== symlinkMode) return { ok: true, path: resolved };
    current = resolved;
  }
  return {
    ok: false,
    problem: {
      code: 'render.symlink-loop',
      message: `symlink ${path} does not end in a file after ${maxHops} links`,
      source: { file: path },
    },
  };
}
