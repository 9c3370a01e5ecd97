/** A FileTree over a folder on disk: for local app paths and tests. Behaves like a Git tree:
 * symlinks are listed with mode 120000 and read as their target path, never followed. */
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FileTree, TreeFile } from '../source.js';
import { normaliseRepoPath } from './paths.js';

/** Folders a working copy has that a commit's tree never does. */
const skippedFolders = new Set(['.git']);

/** Opens `root` as a FileTree; `label` names it in messages (default: the folder). */
export function createDiskTree(root: string, label = root): FileTree {
  const base = resolve(root);
  const toDisk = (path: string): string => {
    const clean = normaliseRepoPath(path);
    if (clean === null) throw new Error(`path ${path} is outside ${label}`);
    return join(base, clean);
  };
  return {
    label,
    async listFiles(dir: string): Promise<TreeFile[]> {
      const start = normaliseRepoPath(dir);
      if (start === null) return [];
      const files: TreeFile[] = [];
      await walk(base, start, files);
      return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async readFile(path: string): Promise<Uint8Array> {
      const full = toDisk(path);
      const info = await lstat(full);
      return info.isSymbolicLink() ? new TextEncoder().encode(await readlink(full)) : readFile(full);
    },
  };
}

async function walk(base: string, dir: string, out: TreeFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(base, dir), { withFileTypes: true });
  } catch {
    return; // a missing folder lists as empty, as the FileTree contract says
  }
  for (const entry of entries) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) await walk(base, path, out);
    } else if (entry.isSymbolicLink()) {
      out.push({ path, mode: '120000' });
    } else if (entry.isFile()) {
      const { mode } = await lstat(join(base, path));
      out.push({ path, mode: mode & 0o111 ? '100755' : '100644' });
    }
  }
}
