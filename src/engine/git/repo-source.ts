/** One configured repository, kept current and read from: what a repo worker knows of Git. */
import nodeFs from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, ProblemError, type Problem, type Result } from '../problem.js';
import type { FileTree } from '../source.js';
import type { Backend } from './backend.js';
import { repoCacheDir } from './cache-dir.js';
import { changedPaths } from './changed-paths.js';
import { CommitFinder, type Ancestry, type FoundRevision } from './commit-finder.js';
import { CommitTree } from './commit-tree.js';
import { basicAuthHeader, readCredentials, splitUrlCredentials, type Credentials } from './credentials.js';
import { errorMessage, networkProblem } from './errors.js';
import { FetchLimitError, FetchLimits } from './fetch-limits.js';
import { httpWithTimeout } from './http.js';
import { LocalBackend, localGitdir } from './local-backend.js';
import { commitPresence, type CommitPresence } from './reachability.js';
import { readCommit, toCommitInfo, type ObjectStore } from './object-store.js';
import {
  branchVanished,
  fetchDeadline,
  fetchTooLarge,
  gitFailed,
  historyRewritten,
  type RepoContext,
} from './problems.js';
import { createRedactor, redactProblem, type Redactor } from '../redact.js';
import { RemoteBackend } from './remote-backend.js';
import { shortSha } from './revision.js';
import type {
  CommitInfo,
  CommitLog,
  GitLogEntry,
  PollResult,
  RepoSourceDeps,
  RepoSpec,
  ResolvedRevision,
} from './types.js';

/** Options of {@link createRepoSource}. */
export interface RepoSourceOptions extends RepoSourceDeps {
  /** Folder holding one cache folder per remote repo (see `defaultCacheRoot`); unused for local repos. */
  cacheRoot: string;
}

/** A revision being followed, and the commit it stands at now. */
interface Tracked extends FoundRevision {
  revision: string;
}

const DEFAULT_HISTORY_LIMIT = 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 5 * 60_000;
const DEFAULT_MAX_FETCH_BYTES = 512 * 1024 * 1024;

/** Builds the source for one configured repository; it neither writes nor goes online until used. */
export function createRepoSource(spec: RepoSpec, options: RepoSourceOptions): RepoSource {
  return new RepoSource(spec, options);
}

/**
 * One repository: polls its revisions, brings commits into its object store on demand, and reads
 * files, commits and changes from that store. Every method reports failures as problems, in plain
 * words and free of secrets; nothing throws. Fetches run one at a time per repository.
 */
export class RepoSource {
  /** The repo's name in the fleet file. */
  readonly name: string;
  /** The git directory objects are read from: the cache folder, or the local repository's. */
  readonly gitdir: string;
  private readonly store: ObjectStore;
  private readonly backend: Backend;
  private readonly finder: CommitFinder;
  private readonly redact: Redactor;
  private readonly url: string;
  private readonly setupProblem: Problem | undefined;
  private readonly credentials: Credentials | undefined;
  private readonly tokenEnv: string | undefined;
  private readonly historyLimit: number;
  private readonly logSink: ((entry: GitLogEntry) => void) | undefined;
  private readonly limits: FetchLimits;
  private readonly newPackCache: () => object;
  private readonly tracked = new Map<string, Tracked>();
  private queue: Promise<unknown> = Promise.resolve();
  private opened = false;

  constructor(spec: RepoSpec, options: RepoSourceOptions) {
    const fs = options.fs ?? nodeFs;
    const split = splitUrlCredentials(spec.url.trim());
    const fromEnv = readCredentials(spec, options.env);
    this.name = spec.name;
    this.url = split.url;
    this.credentials = fromEnv.ok ? (fromEnv.value ?? split.credentials) : undefined;
    this.tokenEnv = spec.auth?.tokenEnv;
    this.redact = createRedactor(secretsOf(this.credentials, split.credentials), this.credentials?.username);
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.logSink = options.log;
    this.setupProblem = fromEnv.ok ? unsupportedUrl(spec.name, this.url) : fromEnv.problems[0];
    const remote = /^https?:\/\//i.test(this.url);
    this.gitdir = remote
      ? repoCacheDir(options.cacheRoot, spec.name, this.url)
      : localGitdir(fs, localPath(this.url));
    this.newPackCache = options.packCache ?? (() => ({}));
    this.store = { fs, gitdir: this.gitdir, cache: this.newPackCache(), suspect: false };
    this.limits = new FetchLimits(options.http ?? httpWithTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS), {
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      maxResponseBytes: options.maxFetchBytes ?? DEFAULT_MAX_FETCH_BYTES,
    });
    this.backend = remote
      ? new RemoteBackend({
          store: this.store,
          http: this.limits.http,
          url: this.url,
          headers: () => this.requestHeaders(),
          context: () => this.context(),
          log: (level, message) => this.note(level, message),
        })
      : new LocalBackend(this.store, () => this.context());
    this.finder = new CommitFinder(this.store, this.backend, () => this.context(), this.historyLimit);
  }

  /**
   * Checks one revision (branch, tag, `HEAD`, full or short SHA) for a new commit. When nothing
   * changed a remote costs one refs request; a moved tip is fetched (shallow) and checked for
   * rewritten history. On failure the last good commit stays in use and is returned as `sha`.
   */
  poll(revision: string): Promise<PollResult> {
    return this.exclusive(async () => {
      const previous = this.tracked.get(revision);
      const oldSha = previous?.sha;
      const warnings: Problem[] = [];
      const outcome = await this.guarded('polling', warnings, previous?.sha, () =>
        previous ? this.advance(previous, warnings) : this.track(revision),
      );
      const sha = this.tracked.get(revision)?.sha;
      if (!outcome.ok)
        return { revision, sha, moved: false, oldSha, rewritten: false, errors: outcome.problems, warnings };
      const { moved, rewritten } = outcome.value;
      return { revision, sha, moved, oldSha, newSha: sha, rewritten, errors: [], warnings };
    });
  }

  /** Resolves a revision once, without following it (e.g. `render --revision`, a rollback target). */
  resolve(revision: string): Promise<Result<ResolvedRevision>> {
    return this.exclusive(async () => {
      const warnings: Problem[] = [];
      const outcome = await this.guarded('resolving a revision', warnings, undefined, () =>
        this.finder.resolve(revision),
      );
      if (!outcome.ok) return outcome;
      const { kind, ref, sha } = outcome.value;
      return ok({ revision, kind, ...(ref ? { ref } : {}), sha, warnings });
    });
  }

  /** The commit a followed revision stands at: the last good one after a failed poll. */
  currentSha(revision: string): string | undefined {
    return this.tracked.get(revision)?.sha;
  }

  /** The files of a commit, read from the object store (fetched first if needed). */
  tree(sha: string): Promise<Result<FileTree>> {
    return this.withCommits(
      'reading a commit',
      [sha],
      () => new CommitTree(this.store, sha, `${this.name}@${shortSha(sha)}`, this.redact),
    );
  }

  /** SHA, author, date and subject of one commit. */
  commitInfo(sha: string): Promise<Result<CommitInfo>> {
    return this.withCommits('reading a commit', [sha], async () =>
      toCommitInfo(await readCommit(this.store, sha)),
    );
  }

  /**
   * Commits in `to` that are not in `from` (what is merged but not yet live), newest first, at
   * most `max`. Without `from`, the last `max` commits of `to`. History is fetched as needed.
   */
  log(from: string | undefined, to: string, max = 50): Promise<Result<CommitLog>> {
    return this.withCommits('reading history', from ? [to, from] : [to], () =>
      this.finder.log(from, to, max),
    );
  }

  /**
   * Whether a commit is still in the repository: readable, and reached from `first` (a followed revision's
   * commit, searched first) or from any branch or tag. A commit only the cache still holds is not.
   */
  commitPresence(sha: string, first?: { name: string; sha: string }): Promise<Result<CommitPresence>> {
    return this.exclusive(() =>
      this.guarded('checking a commit', [], undefined, async () => {
        const deps = { store: this.store, backend: this.backend, finder: this.finder };
        const presence = await commitPresence(deps, sha, first);
        // The reason quotes Git's errors, which may carry the URL.
        return presence.state === 'undecided'
          ? { ...presence, reason: this.redact(presence.reason) }
          : presence;
      }),
    );
  }

  /** Paths of the files that differ between two commits, for deciding which apps to re-render. */
  changedPaths(from: string, to: string): Promise<Result<string[]>> {
    return this.withCommits('comparing commits', [from, to], () => changedPaths(this.store, from, to));
  }

  /** Drops isomorphic-git's cache (parsed packs) so its memory can be reclaimed; it refills on use. */
  releaseMemory(): void {
    this.store.cache = this.newPackCache();
  }

  /** First poll of a revision: resolve it and follow it from now on. */
  private async track(revision: string): Promise<{ moved: boolean; rewritten: boolean }> {
    const found = await this.finder.resolve(revision);
    this.tracked.set(revision, { revision, ...found });
    return { moved: true, rewritten: false };
  }

  /** Later polls: one refs request; a fetch only when the tip moved. */
  private async advance(
    tracked: Tracked,
    warnings: Problem[],
  ): Promise<{ moved: boolean; rewritten: boolean }> {
    const unchanged = { moved: false, rewritten: false };
    if (!tracked.ref) {
      await this.finder.ensureCommit(tracked.sha, tracked.revision);
      return unchanged;
    }
    const tip = await this.backend.lookupRef(tracked.ref);
    if (!tip) throw new ProblemError([branchVanished(this.context(tracked.sha), tracked.ref)]);
    if (tip.sha === tracked.sha) {
      await this.finder.ensureCommit(tracked.sha, tracked.revision);
      return unchanged;
    }
    const newSha = await this.backend.fetchTip(tracked.ref);
    if (newSha === tracked.sha) return unchanged;
    const ancestry = tracked.kind === 'tag' ? 'descends' : await this.ancestryOrUnknown(tracked.sha, newSha);
    if (ancestry === 'rewritten')
      warnings.push(historyRewritten(this.context(), tracked.ref, tracked.sha, newSha));
    if (ancestry === 'unknown')
      this.note(
        'info',
        `cannot tell within ${this.historyLimit} commits whether ${shortSha(newSha)} descends from ${shortSha(tracked.sha)}`,
      );
    tracked.sha = newSha;
    return { moved: true, rewritten: ancestry === 'rewritten' };
  }

  /** The new tip is already fetched; failing to place it in history must not keep it out of use. */
  private async ancestryOrUnknown(oldSha: string, newSha: string): Promise<Ancestry> {
    try {
      return await this.finder.ancestry(oldSha, newSha);
    } catch (err) {
      this.note(
        'warn',
        `could not check whether ${shortSha(newSha)} descends from ${shortSha(oldSha)}: ${errorMessage(err)}`,
      );
      return 'unknown';
    }
  }

  /** Runs `read` once the given commits are in the store. */
  private withCommits<T>(action: string, shas: string[], read: () => T | Promise<T>): Promise<Result<T>> {
    return this.exclusive(() =>
      this.guarded(action, [], undefined, async () => {
        for (const sha of shas) await this.finder.ensureCommit(sha, sha);
        return read();
      }),
    );
  }

  /**
   * Opens the store if needed, runs `operation` within the fetch limits, and turns any failure into
   * problems. A failure that a damaged cache explains re-creates the cache and runs the operation once
   * more. The pack cache of the batch is dropped at its end, so parsed packs do not outlive it.
   */
  private async guarded<T>(
    action: string,
    warnings: Problem[],
    lastGood: string | undefined,
    operation: () => Promise<T>,
  ): Promise<Result<T>> {
    try {
      if (this.setupProblem) throw new ProblemError([this.setupProblem]);
      return ok(await this.limits.run(() => this.openAndRun(warnings, operation)));
    } catch (err) {
      return fail(...this.problemsOf(err, action, lastGood));
    } finally {
      this.releaseMemory();
    }
  }

  private async openAndRun<T>(warnings: Problem[], operation: () => Promise<T>): Promise<T> {
    if (!this.opened || this.store.suspect) {
      warnings.push(...(await this.backend.open()));
      this.opened = true;
      this.store.suspect = false;
    }
    try {
      return await operation();
    } catch (err) {
      if (err instanceof ProblemError || this.limits.tripped || networkProblem(err, this.context(), false))
        throw err;
      const recovered = await this.backend.recover();
      if (!recovered) throw err;
      warnings.push(recovered);
      return await operation();
    }
  }

  private problemsOf(err: unknown, action: string, lastGood: string | undefined): Problem[] {
    const ctx = this.context(lastGood);
    const problems =
      err instanceof ProblemError
        ? err.problems
        : err instanceof FetchLimitError
          ? [err.limit === 'deadline' ? fetchDeadline(ctx, err.value) : fetchTooLarge(ctx, err.value)]
          : [networkProblem(err, ctx, !!this.credentials) ?? gitFailed(ctx, action, errorMessage(err))];
    return problems.map((p) => redactProblem(p, this.redact));
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private requestHeaders(): Record<string, string> {
    return this.credentials ? { Authorization: basicAuthHeader(this.credentials) } : {};
  }

  private context(lastGood?: string): RepoContext {
    return {
      repo: this.name,
      url: this.redact(this.url),
      ...(this.tokenEnv ? { tokenEnv: this.tokenEnv } : {}),
      ...(lastGood ? { lastGood } : {}),
    };
  }

  private note(level: GitLogEntry['level'], message: string): void {
    this.logSink?.({ level, repo: this.name, message: this.redact(message) });
  }
}

/** The values to mask: tokens, and a user name that carried a token in a URL (`https://TOKEN@host`). */
function secretsOf(credentials: Credentials | undefined, fromUrl: Credentials | undefined): string[] {
  const secrets = [credentials?.token ?? '', fromUrl?.token ?? ''];
  if (fromUrl && !fromUrl.token) secrets.push(fromUrl.username);
  return secrets.filter(Boolean);
}

function localPath(url: string): string {
  return url.startsWith('file://') ? fileURLToPath(url) : resolvePath(url);
}

/** SSH and other transports isomorphic-git cannot speak, caught before any attempt. */
function unsupportedUrl(repo: string, url: string): Problem | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  const scpLike = !scheme && /^[^/\\]+@[^/\\]+:/.test(url);
  if ((!scheme || ['http', 'https', 'file'].includes(scheme)) && !scpLike) return undefined;
  return {
    code: 'git.unsupported-url',
    message: `Repo ${repo}: ${url} uses a transport flotilla cannot read (only http, https and local paths).`,
    hint: 'Use the HTTPS URL of the repository with a token in auth, or clone it locally and give its path.',
  };
}
