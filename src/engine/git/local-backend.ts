/** A repository in a local folder, read in place: no clone, no fetch, never modified. */
import { join, resolve } from 'node:path';
import git from 'isomorphic-git';
import { ProblemError, type Problem } from '../problem.js';
import type { Backend, RefTip } from './backend.js';
import { errorCode } from './errors.js';
import { hasCommit, peelToCommit, type ObjectStore } from './object-store.js';
import { repoNotFound, revisionNotFound, type RepoContext } from './problems.js';
import { displayRef } from './revision.js';

/** The git directory of a local repository: `<path>/.git`, the folder a `.git` file names, or `<path>` itself when bare. */
export function localGitdir(fs: ObjectStore['fs'], path: string): string {
  const dotGit = join(path, '.git');
  try {
    if (fs.statSync(dotGit).isFile()) {
      const named = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (named) return resolve(path, named);
    }
    return fs.existsSync(dotGit) ? dotGit : path;
  } catch {
    return path;
  }
}

/** {@link Backend} over a local repository. */
export class LocalBackend implements Backend {
  readonly remote = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly context: () => RepoContext,
  ) {}

  async open(): Promise<Problem[]> {
    const { fs, gitdir } = this.store;
    if (!fs.existsSync(join(gitdir, 'HEAD')) || !fs.existsSync(join(gitdir, 'objects'))) {
      throw new ProblemError([
        repoNotFound(this.context(), 'the folder is missing or is not a Git repository'),
      ]);
    }
    return [];
  }

  // A user's own repository is never deleted or rewritten, whatever state it is in.
  async recover(): Promise<Problem | undefined> {
    return undefined;
  }

  async lookupRef(ref: string): Promise<RefTip | undefined> {
    try {
      const oid = await git.resolveRef({ fs: this.store.fs, gitdir: this.store.gitdir, ref });
      return { ref, sha: await peelToCommit(this.store, oid) };
    } catch (err) {
      if (errorCode(err) === 'NotFoundError') return undefined;
      throw err;
    }
  }

  async listRefs(): Promise<RefTip[]> {
    const tips: RefTip[] = [];
    for (const dir of ['refs/heads', 'refs/tags']) {
      const names = await git.listRefs({ fs: this.store.fs, gitdir: this.store.gitdir, filepath: dir });
      for (const name of names) {
        const tip = await this.lookupRef(`${dir}/${name}`);
        if (tip) tips.push(tip);
      }
    }
    return tips;
  }

  async fetchTip(ref: string): Promise<string> {
    const tip = await this.lookupRef(ref);
    if (!tip)
      throw new ProblemError([
        revisionNotFound(this.context(), displayRef(ref), 'the local repository has no such ref'),
      ]);
    return tip.sha;
  }

  fetchCommit(sha: string): Promise<boolean> {
    return hasCommit(this.store, sha);
  }

  async deepen(): Promise<boolean> {
    return false;
  }
}
