/** Writes part of a tree into a temporary folder for kustomize or helm, which only read real files. */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Problem } from '../problem.js';
import type { FileTree, TreeFile } from '../source.js';
import { followSymlink, symlinkMode } from './symlinks.js';

/** Creates an empty temporary folder below `parent`, by its real path (tools print real paths). */
export async function makeTempRoot(parent: string): Promise<string> {
  return realpath(await mkdtemp(join(parent, 'flotilla-render-')));
}

/** Removes a temporary folder made by makeTempRoot; never fails the render. */
export async function removeTempRoot(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true }).catch(() => undefined);
}

/** Writes `files` below `root` at their repository paths.
 * A symlink is written as a copy of the file it points to, and only when that file is inside the
 * repository: the tools never see a link, so they cannot be led to a file of this host. */
export async function materialise(
  tree: FileTree,
  files: Iterable<TreeFile>,
  root: string,
  signal: AbortSignal,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const made = new Set<string>();
  for (const file of files) {
    signal.throwIfAborted();
    let from = file.path;
    if (file.mode === symlinkMode) {
      const target = await followSymlink(tree, file.path);
      if (!target.ok) {
        problems.push(target.problem);
        continue;
      }
      if (target.path === null) continue; // links to folders and dangling links are left out
      from = target.path;
    }
    const destination = join(root, file.path);
    const dir = dirname(destination);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(destination, await tree.readFile(from), { mode: file.mode === '100755' ? 0o755 : 0o644 });
  }
  return problems;
}
