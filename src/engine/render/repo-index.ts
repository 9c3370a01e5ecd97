/** The whole file list of a tree, indexed, so reference-following needs one listing, not one per lookup. */
import type { FileTree, TreeFile } from '../source.js';
import { parentOf, relativeInside } from './paths.js';

/** Files and folders of a tree. */
export interface RepoIndex {
  files: Map<string, TreeFile>;
  /** Every folder that holds a file at any depth ('' included). */
  dirs: Set<string>;
  /** Files at any depth below `dir`. */
  filesUnder(dir: string): TreeFile[];
}

/** Lists the whole tree once. */
export async function indexTree(tree: FileTree): Promise<RepoIndex> {
  const list = await tree.listFiles('');
  const files = new Map(list.map((file) => [file.path, file]));
  const dirs = new Set<string>(['']);
  for (const file of list) {
    for (let dir = parentOf(file.path); dir !== '' && !dirs.has(dir); dir = parentOf(dir)) dirs.add(dir);
  }
  return { files, dirs, filesUnder: (dir) => list.filter((file) => relativeInside(dir, file.path) !== null) };
}
