/** Read-only access to the files of one commit: what renderers read, whatever stores them. */

/** One file of a tree. */
export interface TreeFile {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  /** File mode as Git records it ('100644', '100755', '120000' for symlinks). */
  mode?: string;
}

/** The files of one commit (or a folder on disk), addressed by repository-relative paths. */
export interface FileTree {
  /** A label for messages: repo name and short commit, or a folder. */
  readonly label: string;
  /** Every file below `dir` ('' for the root), recursively. Empty when `dir` does not exist. */
  listFiles(dir: string): Promise<TreeFile[]>;
  /** Contents of one file; rejects when it does not exist. */
  readFile(path: string): Promise<Uint8Array>;
}
