/** What the diff needs from a cluster, and how it reads the cluster client's errors. */
import { isAuthorizationDenial } from '../cluster/errors.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { isMap } from './json.js';

/** flotilla's field manager: applies and dry runs use it, and client-side diffs read ownership by it. */
export const FIELD_MANAGER = 'flotilla';

/** Access to one cluster, implemented by src/engine/cluster. Both calls reject with an error carrying
 * `statusCode` (the HTTP status) and, when the server sent one, `body` (its Status object). */
export interface LiveAccess {
  /** The live object, or undefined when it does not exist (404). */
  get(id: ObjectIdentity): Promise<KubeObject | undefined>;
  /** Server-side apply of `obj` with `dryRun=All`, `fieldManager=flotilla`, `force=true`, sent raw (never through
   * the client's typed serialiser, which drops unknown fields); resolves with the object the server would store. */
  dryRunApply(obj: KubeObject): Promise<KubeObject>;
}

/** Why a dry run failed, in the terms that decide what the diff does next. */
type DryRunFailure =
  /** The authorizer says the identity may not patch (a read-only viewer): fall back, silently, and stop asking
   * for that kind in that namespace for a while. */
  | 'forbidden'
  /** The server cannot do it (no server-side apply or dry run for this resource): fall back. */
  | 'unsupported'
  /** The server refused this object (invalid, immutable field, conflict, or an admission policy: quota,
   * PodSecurity, a webhook, a namespace being deleted): fall back and report it; a sync would fail. */
  | 'rejected'
  /** Anything else (timeout, 5xx, connection): fall back and report it. */
  | 'failed';

function statusCodeOf(err: unknown): number | undefined {
  if (!isMap(err) && !(err instanceof Error)) return undefined;
  const e = err as Record<string, unknown>;
  for (const candidate of [
    e.statusCode,
    e.status,
    e.code,
    isMap(e.body) ? e.body.code : undefined,
    isMap(e.response) ? e.response.statusCode : undefined,
  ]) {
    if (typeof candidate === 'number' && candidate >= 100 && candidate < 600) return candidate;
  }
  return undefined;
}

/** The server's words for a failed request (its Status message), else the error's own message. */
export function errorMessage(err: unknown): string {
  if (isMap(err) || err instanceof Error) {
    const e = err as Record<string, unknown>;
    if (isMap(e.body) && typeof e.body.message === 'string') return e.body.message;
    if (typeof e.message === 'string' && e.message !== '') return e.message;
  }
  return typeof err === 'string' ? err : 'unknown error';
}

/** Classifies a dry-run failure by HTTP status (and the Status reason when the status is missing); a 403 is
 * the authorizer's only when its Status message says so, else admission refused this object. */
export function classifyDryRunError(err: unknown): DryRunFailure {
  const status = statusCodeOf(err);
  const body = isMap(err) && isMap(err.body) ? err.body : undefined;
  const reason = typeof body?.reason === 'string' ? body.reason : '';
  if (status === 403 || reason === 'Forbidden')
    return isAuthorizationDenial(typeof body?.message === 'string' ? body.message : undefined)
      ? 'forbidden'
      : 'rejected';
  if (
    status === 405 ||
    status === 415 ||
    status === 501 ||
    reason === 'MethodNotAllowed' ||
    reason === 'UnsupportedMediaType'
  )
    return 'unsupported';
  if (
    status === 400 ||
    status === 409 ||
    status === 422 ||
    reason === 'Invalid' ||
    reason === 'Conflict' ||
    reason === 'BadRequest'
  )
    return 'rejected';
  return 'failed';
}
