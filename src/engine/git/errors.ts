/** Maps errors thrown by isomorphic-git and Node's networking onto the git module's problems. */
import type { Problem } from '../problem.js';
import { authFailed, repoNotFound, serverError, unreachable, type RepoContext } from './problems.js';

/** isomorphic-git's error class name (`HttpError`, `NotFoundError`…) or Node's system code (`ECONNREFUSED`). */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The message of any thrown value; the caller redacts it before it goes anywhere. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const SYSTEM_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/** The problem for an error met while talking to the server, or undefined when it is not a network error. */
export function networkProblem(err: unknown, ctx: RepoContext, hadCredentials: boolean): Problem | undefined {
  const code = errorCode(err);
  if (code === 'HttpError') {
    const status = Number((err as { data?: { statusCode?: unknown } }).data?.statusCode);
    if (status === 401 || status === 403) return authFailed(ctx, status, hadCredentials);
    if (status === 404) return repoNotFound(ctx, 'HTTP 404');
    return status >= 500 ? serverError(ctx, status) : repoNotFound(ctx, `HTTP ${status}`);
  }
  if (code === 'SmartHttpError')
    return repoNotFound(ctx, 'the server there does not speak the Git smart-HTTP protocol');
  if (code === 'UnknownTransportError' || code === 'UrlParseError') {
    return {
      code: 'git.unsupported-url',
      message: `Repo ${ctx.repo}: ${ctx.url} is not an http(s) URL or a local path.`,
      hint: 'flotilla reads repositories over HTTP(S) or from a local folder; SSH is not supported.',
    };
  }
  if (code && SYSTEM_ERRORS[code]) return unreachable(ctx, SYSTEM_ERRORS[code]);
  if (errorMessage(err) === 'Request timed out') return unreachable(ctx, 'no answer in time');
  return undefined;
}
