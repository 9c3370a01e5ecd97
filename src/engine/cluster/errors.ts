/** Maps failed API requests to plain-words Problems: what went wrong, on which cluster, what to do. */
import type { Problem } from '../problem.js';
import { ProblemError } from '../problem.js';
import { redactSecrets } from '../redact.js';
import { parseResourcePath, rbacVerb, resourceLabel } from './paths.js';

/** Problem codes of the cluster layer. */
type ClusterProblemCode =
  | 'cluster.unreachable'
  | 'cluster.tls'
  | 'cluster.unauthorized'
  | 'cluster.forbidden'
  | 'cluster.denied'
  | 'cluster.not-found'
  | 'cluster.conflict'
  | 'cluster.invalid'
  | 'cluster.bad-request'
  | 'cluster.gone'
  | 'cluster.throttled'
  | 'cluster.server-error'
  | 'cluster.unknown-kind'
  | 'cluster.config'
  | 'cluster.read-only'
  | 'cluster.aborted';

/** Which request failed where; used only to word the message. */
export interface RequestContext {
  /** Fleet name of the cluster. */
  cluster: string;
  /** Kubeconfig context the credentials come from. */
  context: string;
  /** API server URL (no credentials in it). */
  server: string;
  method: string;
  path: string;
  query?: Record<string, unknown>;
}

/** A failed request: carries its Problem, and the HTTP status when the server answered. */
export class ClusterRequestError extends ProblemError {
  constructor(
    readonly problem: Problem & { code: ClusterProblemCode },
    /** HTTP status, absent when the server never answered. */
    readonly status?: number,
    /** The Kubernetes Status `reason` (e.g. `NotFound`, `Conflict`), when the server sent one. */
    readonly reason?: string,
    /** The Status `details.name`: set when a 404 is about a missing object, absent when the resource type is unknown. */
    readonly detailsName?: string,
    /** The server's own words (the Status `message`, credentials redacted), for callers that classify them. */
    readonly serverMessage?: string,
  ) {
    super([problem]);
    this.name = 'ClusterRequestError';
  }

  /** The problem code, for `switch`es. */
  get code(): ClusterProblemCode {
    return this.problem.code;
  }
}

/** True when `err` is a ClusterRequestError with one of the codes. */
export function isClusterError(err: unknown, ...codes: ClusterProblemCode[]): err is ClusterRequestError {
  return err instanceof ClusterRequestError && (codes.length === 0 || codes.includes(err.code));
}

// TLS failures, by Node's error codes (OpenSSL verification errors and Node's own).
const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'EPROTO',
]);

const networkWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EPIPE: 'connection closed',
  ECONNABORTED: 'connection aborted',
  ERR_STREAM_PREMATURE_CLOSE: 'connection closed early',
  UND_ERR_SOCKET: 'connection closed',
};

/** Error thrown when a request exceeds its time limit (set by the transport). */
export class RequestTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Problem for a request that got no HTTP answer: unreachable, timed out, TLS failure. */
export function problemFromNetworkError(
  err: unknown,
  ctx: RequestContext,
  secrets: readonly string[] = [],
): ClusterRequestError {
  const code = errorCode(err);
  const raw = err instanceof Error ? err.message : String(err);
  const detail = redactSecrets(raw, secrets);
  const isTls =
    (code !== undefined &&
      (tlsCodes.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) ||
    /certificate|SSL routines|TLS/i.test(raw);
  if (isTls) {
    return new ClusterRequestError({
      code: 'cluster.tls',
      message: `Cluster ${ctx.cluster}: the TLS connection to ${ctx.server} failed (${detail}).`,
      hint: `Check certificate-authority, tls-server-name and the client certificate of kubeconfig context "${ctx.context}", and that ${ctx.server} is the right server.`,
    });
  }
  if (err instanceof RequestTimeoutError) {
    return new ClusterRequestError({
      code: 'cluster.unreachable',
      message: `Cluster ${ctx.cluster}: the API server at ${ctx.server} did not answer within ${Math.round(err.timeoutMs / 100) / 10} s.`,
      hint: 'The server may be overloaded or the network slow or cut; flotilla keeps retrying.',
    });
  }
  const words = (code && networkWords[code]) ?? detail;
  return new ClusterRequestError({
    code: 'cluster.unreachable',
    message: `Cluster ${ctx.cluster}: cannot reach the API server at ${ctx.server} (${words}).`,
    hint: 'Check that the cluster is running and that this host can reach it (VPN, proxy-url, firewall); flotilla keeps retrying.',
  });
}

// The authorizer words every denial the same way, whichever authorizer (RBAC, webhook, node) decided:
// `<resource> "<name>" is forbidden: User "<user>" cannot <verb> resource|path ...`.
const authorizerDenial = /\bUser "[^"]*" cannot [a-z]+ (?:resource|path)\b/;

/**
 * True when a 403's Status message is the authorizer's: the identity may not do this at all. Admission
 * refusals (ResourceQuota, LimitRanger, PodSecurity, webhooks, a namespace being deleted) are 403s too,
 * but about this one object, and always explain themselves. A 403 with no message says nothing of
 * admission, so it counts as the authorizer's.
 */
export function isAuthorizationDenial(message: string | undefined): boolean {
  return !message || authorizerDenial.test(message);
}

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The parts of a Kubernetes `Status` body used for messages. */
interface StatusBody {
  kind?: unknown;
  message?: unknown;
  reason?: unknown;
  details?: {
    name?: unknown;
    kind?: unknown;
    group?: unknown;
    causes?: Array<{ message?: unknown; field?: unknown }>;
  };
}

function asStatus(body: unknown): StatusBody | undefined {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as StatusBody) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Problem for an HTTP answer of 300 or more. `body` is the parsed JSON (a `Status`) or text. */
export function problemFromResponse(
  status: number,
  body: unknown,
  ctx: RequestContext,
  secrets: readonly string[] = [],
): ClusterRequestError {
  const st = asStatus(body);
  const serverWords = redactSecrets(
    str(st?.message) ?? (typeof body === 'string' ? body.trim().slice(0, 300) : '') ?? '',
    secrets,
  );
  const reason = str(st?.reason);
  const parsed = parseResourcePath(ctx.path);
  const verb = rbacVerb(ctx.method, parsed, ctx.query);
  const resource = parsed?.resource ? resourceLabel(parsed) : ctx.path;
  const where = parsed?.namespace
    ? ` in namespace ${parsed.namespace}`
    : parsed?.resource && !parsed.name
      ? ' across all namespaces'
      : '';
  const object = parsed?.name
    ? `${resource} ${parsed.namespace ? `${parsed.namespace}/` : ''}${parsed.name}`
    : resource;
  const on = `Cluster ${ctx.cluster}`;
  const detailsName = str(st?.details?.name);
  const make = (code: ClusterProblemCode, message: string, hint?: string) =>
    new ClusterRequestError(
      hint ? { code, message, hint } : { code, message },
      status,
      reason,
      detailsName,
      serverWords || undefined,
    );

  switch (status) {
    case 401:
      return make(
        'cluster.unauthorized',
        `${on}: the API server at ${ctx.server} rejected the credentials of context "${ctx.context}" (401 Unauthorized); they are missing, invalid or expired.`,
        `Log in again for context "${ctx.context}" (refresh the token, or re-run the exec/OIDC login), then retry.`,
      );
    case 403:
      // Admission sees only writes, and explains itself in a Status; a bare 403 came from in front of the server.
      if (writes.has(ctx.method.toUpperCase()) && str(st?.message) && !isAuthorizationDenial(serverWords))
        return make(
          'cluster.denied',
          `${on}: the API server would reject this ${verb} of ${object}: ${serverWords}`,
          'A policy of the cluster refused it (ResourceQuota, LimitRange, PodSecurity, an admission webhook, or a namespace being deleted): change the manifest or ask the cluster admin about the policy.',
        );
      return make(
        'cluster.forbidden',
        `${on}: context "${ctx.context}" may not ${verb} ${parsed?.name ? object : resource}${where} (403 Forbidden).`,
        `Ask a cluster admin to grant "${verb}" on ${resource}, or use a context that has it.${serverWords ? ` Server said: ${serverWords}` : ''}`,
      );
    case 404:
      return parsed?.name
        ? make('cluster.not-found', `${on}: ${object} not found.`)
        : make(
            'cluster.not-found',
            `${on}: the API server at ${ctx.server} does not serve ${resource}.`,
            'The kind may need a CustomResourceDefinition or a newer Kubernetes version.',
          );
    case 409:
      return make(
        'cluster.conflict',
        `${on}: conflict on ${object}: ${serverWords || 'the object changed or is owned by another field manager'}.`,
        ctx.method.toUpperCase() === 'PATCH'
          ? 'Another field manager owns these fields: resolve the conflict or apply with force.'
          : 'The object changed meanwhile; retry with the latest version.',
      );
    case 410:
      return make('cluster.gone', `${on}: the requested version of ${resource} is too old (410 Gone).`);
    case 422:
      return make(
        'cluster.invalid',
        `${on}: the API server rejected ${object} as invalid: ${serverWords}`,
        'Fix the manifest in Git.',
      );
    case 429:
      return make(
        'cluster.throttled',
        `${on}: the API server at ${ctx.server} is throttling requests (429 Too Many Requests).`,
        'flotilla slows its requests to this cluster and retries reads and dry runs a few times; lower settings.requestBudget if it persists.',
      );
    default:
      if (status >= 500) {
        return make(
          'cluster.server-error',
          `${on}: the API server at ${ctx.server} failed to ${verb} ${object} (${status}${reason ? ` ${reason}` : ''})${serverWords ? `: ${serverWords}` : '.'}`,
          'This is a problem on the cluster side (apiserver, etcd, or a webhook); reads and dry runs are retried a few times on 502, 503 and 504, and the next refresh tries again.',
        );
      }
      return make(
        'cluster.bad-request',
        `${on}: the API server refused to ${verb} ${object} (${status}${reason ? ` ${reason}` : ''})${serverWords ? `: ${serverWords}` : '.'}`,
      );
  }
}
