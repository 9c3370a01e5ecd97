/** The git module's vocabulary: what callers configure, and the data it hands back. */
import type nodeFs from 'node:fs';
import type { HttpClient } from 'isomorphic-git/http/node';
import type { Problem } from '../problem.js';

/** One configured repository, as the fleet file describes it. */
export interface RepoSpec {
  /** The repo's name in the fleet file. */
  name: string;
  /** `http(s)://…` for a remote repository, or a local path (or `file://` URL) to read in place. */
  url: string;
  /** Names of environment variables holding the credentials; never the secrets themselves. */
  auth?: { usernameEnv?: string; tokenEnv?: string };
}

/** One log line; the text is already free of secrets. */
export interface GitLogEntry {
  level: 'debug' | 'info' | 'warn';
  repo: string;
  message: string;
}

/** What a repository source needs from its surroundings; everything but `env` has a default. */
export interface RepoSourceDeps {
  /** Environment variables to read credentials from (not `process.env` implicitly). */
  env: Readonly<Record<string, string | undefined>>;
  fs?: typeof nodeFs;
  /** isomorphic-git HTTP client; defaults to `isomorphic-git/http/node` with a timeout. */
  http?: HttpClient;
  log?: (entry: GitLogEntry) => void;
  /** Socket idle time after which a request is abandoned (default 30 s). */
  timeoutMs?: number;
  /** Longest one operation (a poll, a read that has to fetch) may take before its requests are aborted
   * (default 5 minutes). */
  deadlineMs?: number;
  /** Most bytes one response from the server (in practice, a pack) may carry (default 512 MiB). */
  maxFetchBytes?: number;
  /** Makes isomorphic-git's cache for one batch of work; it is dropped when the batch ends, releasing the
   * packs it parsed. A seam for tests; the default makes an empty object. */
  packCache?: () => object;
  /** Most commits fetched when history must be deepened (default 1024). */
  historyLimit?: number;
}

/** How a revision was understood. */
export type RevisionKind = 'branch' | 'tag' | 'head' | 'commit';

/** A revision resolved to a commit that is present in the local store. */
export interface ResolvedRevision {
  /** The revision as asked for (`main`, `v1.2`, `3f2a9c1`). */
  revision: string;
  kind: RevisionKind;
  /** The full ref followed (`refs/heads/main`), absent for a commit SHA. */
  ref?: string;
  sha: string;
  /** Things worth telling that did not stop the resolution (a re-cloned cache). */
  warnings: Problem[];
}

/** The outcome of one poll of one revision. Failures are data: `errors` is non-empty. */
export interface PollResult {
  revision: string;
  /** The commit in use now: the new tip, or the last good one when the poll failed. */
  sha?: string;
  /** Whether the commit in use changed with this poll (true on the first successful poll). */
  moved: boolean;
  oldSha?: string;
  newSha?: string;
  /** The new tip does not descend from the old one (force push). */
  rewritten: boolean;
  /** Why the poll failed; the last good commit stays in use. */
  errors: Problem[];
  /** Noteworthy but not failures: rewritten history, a re-cloned cache. */
  warnings: Problem[];
}

/** One commit as history and rollback panes show it. */
export interface CommitInfo {
  sha: string;
  parents: string[];
  author: { name: string; email: string };
  /** Author date, ISO 8601 in UTC. */
  date: string;
  /** First line of the message. */
  subject: string;
}

/** Commits reachable from one commit and not from another, newest first. */
export interface CommitLog {
  commits: CommitInfo[];
  /** More commits exist than were returned (the count limit or the history limit was hit). */
  truncated: boolean;
}
