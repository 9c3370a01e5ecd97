/** Which files differ between two commits, found by walking both trees and skipping equal subtrees. */
import git, { type WalkerEntry } from 'isomorphic-git';
import type { ObjectStore } from './object-store.js';

/**
 * Paths of files added, removed or modified (content or mode) between two commits, sorted.
 * A subtree with the same id on both sides is not entered, so the cost follows the size of the
 * change, not of the repository.
 */
export async function changedPaths(store: ObjectStore, from: string, to: string): Promise<string[]> {
  const changed: string[] = [];
  await git.walk({
    fs: store.fs,
    gitdir: store.gitdir,
    cache: store.cache,
    trees: [git.TREE({ ref: from }), git.TREE({ ref: to })],
    map: async (path, [a, b]) => {
      const [before, after] = await Promise.all([describe(a), describe(b)]);
      if (before?.oid === after?.oid && before?.mode === after?.mode) return null;
      // A file on either side (a file may also have become a folder): the path itself changed.
      if (path !== '.' && (isFile(before) || isFile(after))) changed.push(path);
      // Returning undefined keeps walking below this entry without collecting anything.
      return undefined;
    },
  });
  return [...new Set(changed)].sort();
}

function isFile(entry: { type: string } | undefined): boolean {
  return entry !== undefined && entry.type !== 'tree';
}

async function describe(
  entry: WalkerEntry | null | undefined,
): Promise<{ oid: string; mode: number; type: string } | undefined> {
  if (!entry) return undefined;
  const [oid, mode, type] = await Promise.all([entry.oid(), entry.mode(), entry.type()]);
  return { oid, mode, type };
}
