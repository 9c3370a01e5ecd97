/**
 * Builds bare Git repositories for tests with isomorphic-git's object API: commits are made from
 * file maps, branches are moved like a push (or a force push) would move them.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git, { type TreeEntry } from 'isomorphic-git';

/** File path → content; `null` in a change removes the file. */
export type Files = Record<string, string>;
export type Changes = Record<string, string | null>;

/** Options of one commit. */
export interface CommitOptions {
  branch?: string;
  /** Parents; default: the branch's current tip (none for a new branch). */
  parents?: string[];
  author?: { name: string; email: string };
  /** Also move the branch to the new commit (default true). */
  move?: boolean;
}

/** A temporary folder removed by {@link removeTempDir}. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `flotilla-${prefix}-`));
}

/** Removes a folder made by {@link makeTempDir}. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A bare repository under construction. */
export class RepoBuilder {
  private readonly contents = new Map<string, Files>();
  // Commit times step a minute apart from a fixed origin, so tests are reproducible.
  private clock = 1_700_000_000;

  private constructor(readonly gitdir: string) {}

  /** An empty bare repository at `gitdir` whose HEAD names `branch`. */
  static async create(gitdir: string, branch = 'main'): Promise<RepoBuilder> {
    await git.init({ fs, gitdir, bare: true, defaultBranch: branch });
    return new RepoBuilder(gitdir);
  }

  /** Commits the branch's files with `changes` applied; returns the new commit's SHA. */
  async commit(message: string, changes: Changes, options: CommitOptions = {}): Promise<string> {
    const branch = options.branch ?? 'main';
    const tip = await this.tip(branch);
    const parents = options.parents ?? (tip ? [tip] : []);
    const files: Files = { ...(parents[0] ? this.contents.get(parents[0]) : {}) };
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) delete files[path];
      else files[path] = content;
    }
    this.clock += 60;
    const person = {
      ...(options.author ?? { name: 'Ada Lovelace', email: 'ada@example.com' }),
      timestamp: this.clock,
      timezoneOffset: 0,
    };
    const tree = await this.writeTree(files);
    const sha = await git.writeCommit({
      fs,
      gitdir: this.gitdir,
      commit: { message, tree, parent: parents, author: person, committer: person },
    });
    this.contents.set(sha, files);
    if (options.move ?? true) await this.setBranch(branch, sha);
    return sha;
  }

  /** Points a branch at a commit, as a (force) push would. */
  async setBranch(branch: string, sha: string): Promise<void> {
    await git.writeRef({ fs, gitdir: this.gitdir, ref: `refs/heads/${branch}`, value: sha, force: true });
  }

  /** Deletes a branch, as `git push --delete` would. */
  async deleteBranch(branch: string): Promise<void> {
    await git.deleteRef({ fs, gitdir: this.gitdir, ref: `refs/heads/${branch}` });
  }

  /** Creates a tag: annotated when a message is given, lightweight otherwise. */
  async tag(name: string, sha: string, message?: string): Promise<void> {
    if (message === undefined) {
      await git.writeRef({ fs, gitdir: this.gitdir, ref: `refs/tags/${name}`, value: sha });
      return;
    }
    const tagger = {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      timestamp: this.clock,
      timezoneOffset: 0,
    };
    const oid = await git.writeTag({
      fs,
      gitdir: this.gitdir,
      tag: { object: sha, type: 'commit', tag: name, tagger, message },
    });
    await git.writeRef({ fs, gitdir: this.gitdir, ref: `refs/tags/${name}`, value: oid });
  }

  /** The commit a branch points at, or undefined. */
  async tip(branch: string): Promise<string | undefined> {
    try {
      return await git.resolveRef({ fs, gitdir: this.gitdir, ref: `refs/heads/${branch}` });
    } catch {
      return undefined;
    }
  }

  private async writeTree(files: Files): Promise<string> {
    const here = new Map<string, string>();
    const below = new Map<string, Files>();
    for (const [path, content] of Object.entries(files)) {
      const slash = path.indexOf('/');
      if (slash < 0) {
        here.set(path, content);
        continue;
      }
      const dir = path.slice(0, slash);
      const sub = below.get(dir) ?? {};
      sub[path.slice(slash + 1)] = content;
      below.set(dir, sub);
    }
    const entries: TreeEntry[] = [];
    for (const [name, content] of here) {
      const oid = await git.writeBlob({ fs, gitdir: this.gitdir, blob: new TextEncoder().encode(content) });
      entries.push({ mode: '100644', path: name, oid, type: 'blob' });
    }
    for (const [name, sub] of below)
      entries.push({ mode: '040000', path: name, oid: await this.writeTree(sub), type: 'tree' });
    return git.writeTree({ fs, gitdir: this.gitdir, tree: entries });
  }
}
