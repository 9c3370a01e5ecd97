/** When and how long to retry a request the server could not serve right now (throttled, overloaded, reset). */
import type { RawRequest } from './transport.js';

/** Bounds of the automatic retries of reads and dry runs. */
export interface RetryOptions {
  /** Attempts in all, the first included: 4 means at most 3 retries. */
  attempts: number;
  /** Wait before the first retry when the server names none; it doubles on each retry. */
  initialDelayMs: number;
  /** Longest single wait, whatever Retry-After asks. */
  maxDelayMs: number;
  /** Longest total wait of one request across its retries; a retry that would pass it is not made. */
  maxTotalMs: number;
}

/** At most 3 retries, 0.5 s, 1 s, 2 s apart unless the server says otherwise, never more than 20 s in all. */
export const defaultRetry: RetryOptions = {
  attempts: 4,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  maxTotalMs: 20_000,
};

/** What a failed attempt tells the retry decision. */
export interface AttemptFailure {
  /** HTTP status, absent when the server never answered. */
  status?: number;
  /** The Retry-After header, when the server sent one. */
  retryAfter?: string;
  /** Node's error code when no answer came (ECONNRESET…). */
  networkCode?: string;
}

const retriedStatuses = new Set([429, 502, 503, 504]);
// A reset or broken pipe is typically a pooled keep-alive connection the server or a proxy closed meanwhile.
const retriedNetworkCodes = new Set(['ECONNRESET', 'EPIPE']);

/** True for requests that change nothing when repeated: reads, and dry runs (which persist nothing). A real
 * write is never repeated automatically: the first one may have taken effect before the answer was lost. */
export function isRetryable(req: RawRequest): boolean {
  if (req.retry === false) return false;
  const method = req.method.toUpperCase();
  return method === 'GET' || method === 'HEAD' || req.query?.dryRun === 'All';
}

/** True when the failure is one a later attempt may not have. */
function isTransient(failure: AttemptFailure): boolean {
  return failure.status !== undefined
    ? retriedStatuses.has(failure.status)
    : failure.networkCode !== undefined && retriedNetworkCodes.has(failure.networkCode);
}

/** Milliseconds a Retry-After header asks for (delay-seconds or an HTTP date), undefined when it says nothing
 * usable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before attempt `attempt + 1` after a failed attempt `attempt` (1-based), or undefined when no retry
 * is due: the failure is not transient, the attempts are used up, or the wait would pass the total bound.
 */
export function retryDelay(
  failure: AttemptFailure,
  attempt: number,
  waitedMs: number,
  options: RetryOptions,
  now: number,
): number | undefined {
  if (!isTransient(failure) || attempt >= options.attempts) return undefined;
  const asked = parseRetryAfter(failure.retryAfter, now);
  const delay = Math.min(options.maxDelayMs, asked ?? options.initialDelayMs * 2 ** (attempt - 1));
  return waitedMs + delay > options.maxTotalMs ? undefined : delay;
}
