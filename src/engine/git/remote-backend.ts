/** A repository on a smart-HTTP server, cached as a bare, shallow, single-branch clone. */
import { dirname } from 'node:path';
import git from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git/http/node';
import { ProblemError, type Problem } from '../problem.js';
import type { Backend, RefTip } from './backend.js';
import { inspectCache } from './cache-health.js';
import { errorCode } from './errors.js';
import { hasCommit, peelToCommit, type ObjectStore } from './object-store.js';
import { cacheCorrupt, cacheNotPrivate, revisionNotFound, type RepoContext } from './problems.js';
import { checkPrivateDir, ensurePrivateDir } from './private-dir.js';
import { displayRef } from './revision.js';
import type { GitLogEntry } from './types.js';

/** What a remote backend is built from. */
interface RemoteBackendOptions {
  store: ObjectStore;
  http: HttpClient;
  /** The URL without credentials; it is also what the cache's config records. */
  url: string;
  /** Headers for every request, credentials included, so no request waits for a 401 first. */
  headers: () => Record<string, string>;
  context: () => RepoContext;
  log: (level: GitLogEntry['level'], message: string) => void;
}

/** {@link Backend} over HTTP with isomorphic-git. */
export class RemoteBackend implements Backend {
  readonly remote = true;

  constructor(private readonly options: RemoteBackendOptions) {}

  async open(): Promise<Problem[]> {
    const { store, url } = this.options;
    await this.refuseUnlessPrivate(dirname(store.gitdir), ensurePrivateDir);
    if (store.fs.existsSync(store.gitdir)) await this.refuseUnlessPrivate(store.gitdir, checkPrivateDir);
    const found = await inspectCache(store, url);
    if (found.state === 'healthy') return [];
    if (found.state === 'absent') {
      await this.create();
      return [];
    }
    return [await this.recreate(found.detail)];
  }

  async recover(): Promise<Problem | undefined> {
    const found = await inspectCache(this.options.store, this.options.url);
    if (found.state === 'healthy') return undefined;
    return this.recreate(found.state === 'damaged' ? found.detail : 'the cache folder vanished');
  }

  async lookupRef(ref: string): Promise<RefTip | undefined> {
    // One ls-refs command (protocol v2), narrowed to this ref by prefix; the prefix also matches
    // longer names (`main` matches `main-old`), hence the exact comparison.
    const refs = await git.listServerRefs({
      http: this.options.http,
      url: this.options.url,
      headers: this.options.headers(),
      prefix: ref,
      symrefs: ref === 'HEAD',
      peelTags: true,
    });
    const found = refs.find((r) => r.ref === ref);
    return found ? { ref, sha: found.peeled ?? found.oid } : undefined;
  }

  async listRefs(): Promise<RefTip[]> {
    const refs = await git.listServerRefs({
      http: this.options.http,
      url: this.options.url,
      headers: this.options.headers(),
      prefix: 'refs/',
      peelTags: true,
    });
    return refs
      .filter((r) => r.ref.startsWith('refs/heads/') || r.ref.startsWith('refs/tags/'))
      .map((r) => ({ ref: r.ref, sha: r.peeled ?? r.oid }));
  }

  async fetchTip(ref: string): Promise<string> {
    this.options.log('debug', `fetching ${displayRef(ref)} (depth 1)`);
    const { fetchHead } = await this.fetch(ref, 1);
    if (!fetchHead)
      throw new ProblemError([
        revisionNotFound(this.options.context(), displayRef(ref), 'the repository is empty'),
      ]);
    return peelToCommit(this.options.store, fetchHead);
  }

  async fetchCommit(sha: string): Promise<boolean> {
    this.options.log('debug', `fetching commit ${sha}`);
    // Servers answer a request for an unknown commit with an error isomorphic-git does not
    // always raise, so presence is checked afterwards instead of trusting the fetch.
    try {
      await this.fetch(sha, 1);
    } catch (err) {
      if (errorCode(err) !== 'NotFoundError') throw err;
    }
    return hasCommit(this.options.store, sha);
  }

  async deepen(from: string, depth: number): Promise<boolean> {
    this.options.log('debug', `deepening history below ${from} to ${depth} commits`);
    await this.fetch(from, depth);
    return true;
  }

  /** A shallow, single-ref fetch without tags: the only way objects enter the cache. */
  private fetch(ref: string, depth: number): ReturnType<typeof git.fetch> {
    const { store, http, url, headers } = this.options;
    return git.fetch({
      fs: store.fs,
      http,
      gitdir: store.gitdir,
      cache: store.cache,
      url,
      ref,
      depth,
      singleBranch: true,
      tags: false,
      headers: headers(),
    });
  }

  /** An empty bare repository that knows its remote: a clone before its first fetch. */
  private async create(): Promise<void> {
    const { store, url } = this.options;
    this.options.log('info', `creating cache ${store.gitdir}`);
    await this.refuseUnlessPrivate(store.gitdir, ensurePrivateDir);
    await git.init({ fs: store.fs, gitdir: store.gitdir, bare: true, defaultBranch: 'main' });
    await git.addRemote({ fs: store.fs, gitdir: store.gitdir, remote: 'origin', url, force: true });
  }

  /** Throws the problem of a folder that is not ours alone. */
  private async refuseUnlessPrivate(
    dir: string,
    check: (fs: ObjectStore['fs'], dir: string) => Promise<string | undefined>,
  ): Promise<void> {
    const refusal = await check(this.options.store.fs, dir);
    if (refusal) throw new ProblemError([cacheNotPrivate(this.options.context(), dir, refusal)]);
  }

  /** Deletes a damaged cache and starts a new one; commits come back on demand. */
  private async recreate(detail: string): Promise<Problem> {
    const { store } = this.options;
    this.options.log('warn', `cache damaged (${detail}); deleting ${store.gitdir} and cloning again`);
    // Renamed first so a half-finished delete never looks like a cache.
    const doomed = `${store.gitdir}.damaged-${process.pid}-${Date.now()}`;
    await store.fs.promises.rename(store.gitdir, doomed).catch(() => undefined);
    await store.fs.promises.rm(doomed, { recursive: true, force: true });
    await store.fs.promises.rm(store.gitdir, { recursive: true, force: true });
    store.cache = {};
    await this.create();
    return cacheCorrupt(this.options.context(), store.gitdir, detail);
  }
}
