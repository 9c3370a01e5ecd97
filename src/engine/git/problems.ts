/** The git module's problems, in plain words with what to do next, and how a thrown error maps to one. */
import type { Problem } from '../problem.js';
import { displayRef, shortSha } from './revision.js';

/** Which repo a problem is about; `url` must already be free of credentials. */
export interface RepoContext {
  repo: string;
  url: string;
  /** Names of the variables holding credentials, to point at in hints. */
  tokenEnv?: string;
  /** The commit that stays in use when an operation fails. */
  lastGood?: string;
}

function keeping(ctx: RepoContext): string {
  return ctx.lastGood ? ` flotilla keeps using commit ${shortSha(ctx.lastGood)} meanwhile.` : '';
}

/** The server could not be reached at all. */
export function unreachable(ctx: RepoContext, detail: string): Problem {
  return {
    code: 'git.unreachable',
    message: `Repo ${ctx.repo}: cannot reach the Git server at ${ctx.url} (${detail}).`,
    hint: `Check the URL, the network and that the server is up; flotilla retries at the next poll.${keeping(ctx)}`,
  };
}

/** The server answered, but with an error of its own. */
export function serverError(ctx: RepoContext, status: number): Problem {
  return {
    code: 'git.server-error',
    message: `Repo ${ctx.repo}: the Git server at ${ctx.url} answered HTTP ${status}.`,
    hint: `This is usually temporary; flotilla retries at the next poll.${keeping(ctx)}`,
  };
}

/** The server refused the credentials, or wants some and none are configured. */
export function authFailed(ctx: RepoContext, status: number, hadCredentials: boolean): Problem {
  return hadCredentials
    ? {
        code: 'git.auth',
        message: `Repo ${ctx.repo}: the Git server at ${ctx.url} refused the credentials (HTTP ${status}).`,
        hint: `Check the token${ctx.tokenEnv ? ` in $${ctx.tokenEnv}` : ''}: it may be wrong, expired or lack read access.${keeping(ctx)}`,
      }
    : {
        code: 'git.auth',
        message: `Repo ${ctx.repo}: the Git server at ${ctx.url} requires credentials (HTTP ${status}) and none are configured.`,
        hint: `Add auth: { usernameEnv: …, tokenEnv: … } to repo ${ctx.repo}, naming environment variables that hold them.`,
      };
}

/** No repository at that URL or path. */
export function repoNotFound(ctx: RepoContext, detail: string): Problem {
  return {
    code: 'git.not-found',
    message: `Repo ${ctx.repo}: there is no Git repository at ${ctx.url} (${detail}).`,
    hint: 'Check the url of the repo. Some servers answer "not found" for private repositories, so check its credentials too.',
  };
}

/** A branch that was followed no longer exists on the server. */
export function branchVanished(ctx: RepoContext, ref: string): Problem {
  return {
    code: 'git.branch-vanished',
    message: `Repo ${ctx.repo}: ${ref.startsWith('refs/tags/') ? 'tag' : 'branch'} ${displayRef(ref)} no longer exists on the server.`,
    hint: `Restore it, or point the apps that use it at another revision.${keeping(ctx)}`,
  };
}

/** The followed branch was force-pushed: the new tip does not descend from the old one. */
export function historyRewritten(ctx: RepoContext, ref: string, oldSha: string, newSha: string): Problem {
  return {
    code: 'git.history-rewritten',
    message: `Repo ${ctx.repo}: the history of ${displayRef(ref)} was rewritten (force push): the new tip ${shortSha(newSha)} does not descend from ${shortSha(oldSha)}.`,
    hint: `flotilla now uses ${shortSha(newSha)}. If the rewrite was not intended, restore the branch on the server.`,
  };
}

/** The local cache was damaged; it was deleted and cloned again. */
export function cacheCorrupt(ctx: RepoContext, cacheDir: string, detail: string): Problem {
  return {
    code: 'git.cache-corrupt',
    message: `Repo ${ctx.repo}: the local cache was damaged (${detail}); it was deleted and cloned again.`,
    hint: `Nothing to do unless this repeats; then check the disk holding ${cacheDir}.`,
  };
}

/** A branch, tag or commit that cannot be found. */
export function revisionNotFound(ctx: RepoContext, revision: string, detail: string): Problem {
  return {
    code: 'git.revision-not-found',
    message: `Repo ${ctx.repo}: revision ${revision} was not found: ${detail}.`,
    hint: 'Check the revision of the app: branch and tag names are case-sensitive; give a commit as a full 40-digit SHA when it is old or not on the default branch.',
  };
}

/** A short SHA that matches several objects. */
export function ambiguousRevision(ctx: RepoContext, revision: string, count: number): Problem {
  return {
    code: 'git.revision-ambiguous',
    message: `Repo ${ctx.repo}: the short SHA ${revision} matches ${count} objects.`,
    hint: 'Give more digits of the commit SHA, or all 40.',
  };
}

/** Anything else; the detail is the underlying message, already redacted by the caller. */
export function gitFailed(ctx: RepoContext, action: string, detail: string): Problem {
  return {
    code: 'git.failed',
    message: `Repo ${ctx.repo}: ${action} failed: ${detail}`,
    hint: `flotilla retries at the next poll.${keeping(ctx)}`,
  };
}

/** An operation ran past its deadline: the server is stalled, trickling, or the repository is too big for it. */
export function fetchDeadline(ctx: RepoContext, deadlineMs: number): Problem {
  return {
    code: 'git.deadline',
    message: `Repo ${ctx.repo}: the Git server at ${ctx.url} did not finish within ${formatSeconds(deadlineMs)}; the request was abandoned.`,
    hint: `The server may be stalled or very slow; flotilla retries at the next poll. If the repository is just large, raise its timeout in the fleet file.${keeping(ctx)}`,
  };
}

/** A response was larger than the cap: the wrong repository, a huge history, or a misbehaving server. */
export function fetchTooLarge(ctx: RepoContext, maxBytes: number): Problem {
  return {
    code: 'git.fetch-too-large',
    message: `Repo ${ctx.repo}: the Git server at ${ctx.url} sent more than ${formatMebibytes(maxBytes)} in one response; the fetch was stopped.`,
    hint: `Check that the URL names the repository of manifests you mean; if it is really that large, raise its maxFetchSize in the fleet file.${keeping(ctx)}`,
  };
}

/** The cache folder is not private to this user, so what is read from it cannot be trusted. */
export function cacheNotPrivate(ctx: RepoContext, dir: string, detail: string): Problem {
  return {
    code: 'git.cache-not-private',
    message: `Repo ${ctx.repo}: the cache folder ${dir} ${detail}; flotilla neither reads nor writes Git data there.`,
    hint: 'Remove the folder, or set FLOTILLA_CACHE_DIR (or XDG_CACHE_HOME) to a folder of your own.',
  };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatMebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Math.round(mib * 10) / 10} MiB` : `${bytes} bytes`;
}
