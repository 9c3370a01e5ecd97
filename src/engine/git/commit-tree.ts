/** The files of one commit, read from the object store: what renderers read, without a checkout. */
import git, { type TreeEntry } from 'isomorphic-git';
import { ProblemError } from '../problem.js';
import type { FileTree, TreeFile } from '../source.js';
import { errorCode, errorMessage } from './errors.js';
import type { ObjectStore } from './object-store.js';
import { normaliseRepoPath } from './paths.js';
import type { Redactor } from '../redact.js';

/** A {@link FileTree} over one commit of a repository's object store. */
export class CommitTree implements FileTree {
  constructor(
    private readonly store: ObjectStore,
    /** The commit whose files this tree shows. */
    readonly sha: string,
    readonly label: string,
    private readonly redact: Redactor,
  ) {}

  /** Every file below `dir`, recursively; submodules are left out (they hold no files here). */
  async listFiles(dir: string): Promise<TreeFile[]> {
    const base = normaliseRepoPath(dir);
    if (base === undefined) return [];
    const root = await this.treeAt(base);
    if (!root) return [];
    const files: TreeFile[] = [];
    await this.collect(root, base, files);
    return files;
  }

  /** Contents of one file at this commit. */
  async readFile(path: string): Promise<Uint8Array> {
    const filepath = normaliseRepoPath(path);
    if (!filepath) throw this.notFound(path, 'is not a file path inside the repository');
    try {
      const { blob } = await git.readBlob({
        fs: this.store.fs,
        gitdir: this.store.gitdir,
        oid: this.sha,
        filepath,
        cache: this.store.cache,
      });
      return blob;
    } catch (err) {
      const code = errorCode(err);
      if (code === 'NotFoundError') throw this.notFound(path, 'does not exist');
      if (code === 'ObjectTypeError') throw this.notFound(path, 'is a folder, not a file');
      throw this.readFailed(err);
    }
  }

  /** The tree object at `dir`, or undefined when there is none (missing, or a file). */
  private async treeAt(dir: string): Promise<TreeEntry[] | undefined> {
    try {
      const { tree } = await git.readTree({
        fs: this.store.fs,
        gitdir: this.store.gitdir,
        oid: this.sha,
        filepath: dir || undefined,
        cache: this.store.cache,
      });
      return tree;
    } catch (err) {
      const code = errorCode(err);
      if (code === 'NotFoundError' || code === 'ObjectTypeError') return undefined;
      throw this.readFailed(err);
    }
  }

  private async collect(entries: TreeEntry[], prefix: string, into: TreeFile[]): Promise<void> {
    for (const entry of entries) {
      const path = prefix ? `${prefix}/${entry.path}` : entry.path;
      if (entry.type === 'blob') into.push({ path, mode: entry.mode });
      if (entry.type !== 'tree') continue;
      try {
        const { tree } = await git.readTree({
          fs: this.store.fs,
          gitdir: this.store.gitdir,
          oid: entry.oid,
          cache: this.store.cache,
        });
        await this.collect(tree, path, into);
      } catch (err) {
        throw this.readFailed(err);
      }
    }
  }

  private notFound(path: string, what: string): ProblemError {
    return new ProblemError([
      { code: 'git.file-not-found', message: `${this.label}: ${path} ${what}.`, source: { file: path } },
    ]);
  }

  /** A read that should have worked: the store may be damaged, so the next poll checks it. */
  private readFailed(err: unknown): ProblemError {
    this.store.suspect = true;
    return new ProblemError([
      {
        code: 'git.read-failed',
        message: `${this.label}: reading the repository failed: ${this.redact(errorMessage(err))}`,
        hint: 'The local cache may be damaged; the next poll checks it and clones again if needed.',
      },
    ]);
  }
}
