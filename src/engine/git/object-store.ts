/** Reading a repository's object store directly: commits, trees and blobs, no working tree. */
import type nodeFs from 'node:fs';
import git, { type ReadCommitResult } from 'isomorphic-git';
import { errorCode } from './errors.js';
import type { CommitInfo } from './types.js';

/** One repository's object store and the isomorphic-git cache that goes with it. */
export interface ObjectStore {
  readonly fs: typeof nodeFs;
  readonly gitdir: string;
  /** isomorphic-git's per-repository cache (parsed pack indexes, pack contents); replaced to free memory. */
  cache: object;
  /** Set when a read failed in a way a damaged store would explain, so the next poll checks it. */
  suspect: boolean;
}

/** Whether the commit is in the store. Errors other than "not found" are left to the caller. */
export async function hasCommit(store: ObjectStore, sha: string): Promise<boolean> {
  try {
    await readCommit(store, sha);
    return true;
  } catch (err) {
    if (errorCode(err) === 'NotFoundError') return false;
    throw err;
  }
}

/** Reads one commit object. */
export function readCommit(store: ObjectStore, sha: string): Promise<ReadCommitResult> {
  return git.readCommit({ fs: store.fs, gitdir: store.gitdir, oid: sha, cache: store.cache });
}

/** A commit as the history pane shows it. */
export function toCommitInfo(result: ReadCommitResult): CommitInfo {
  const { commit } = result;
  return {
    sha: result.oid,
    parents: [...commit.parent],
    author: { name: commit.author.name, email: commit.author.email },
    date: new Date(commit.author.timestamp * 1000).toISOString(),
    subject: commit.message.split('\n', 1)[0]?.trim() ?? '',
  };
}

/** Follows annotated tags until a commit: a tag ref may point at a tag object. */
export async function peelToCommit(store: ObjectStore, oid: string): Promise<string> {
  let current = oid;
  for (let hops = 0; hops < 10; hops++) {
    const { type, object } = await git.readObject({
      fs: store.fs,
      gitdir: store.gitdir,
      oid: current,
      cache: store.cache,
      format: 'parsed',
    });
    if (type !== 'tag') return current;
    current = (object as { object: string }).object;
  }
  return current;
}

/**
 * The commits whose SHA starts with `prefix`: none, one, or several (ambiguous). Trees and blobs
 * that share the prefix do not count, since a revision always names a commit.
 */
export async function commitsWithPrefix(store: ObjectStore, prefix: string): Promise<string[]> {
  let candidates: string[];
  try {
    candidates = [
      await git.expandOid({
        fs: store.fs,
        gitdir: store.gitdir,
        oid: prefix.toLowerCase(),
        cache: store.cache,
      }),
    ];
  } catch (err) {
    const code = errorCode(err);
    if (code === 'NotFoundError') return [];
    if (code !== 'AmbiguousError') throw err;
    candidates = (err as { data?: { matches?: string[] } }).data?.matches ?? [];
  }
  const commits: string[] = [];
  for (const oid of candidates) {
    const { type } = await git.readObject({
      fs: store.fs,
      gitdir: store.gitdir,
      oid,
      cache: store.cache,
      format: 'content',
    });
    if (type === 'commit') commits.push(oid);
  }
  return commits;
}
