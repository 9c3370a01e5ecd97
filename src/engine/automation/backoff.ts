/** Waits between automated attempts: the app's retry policy for a failing revision, and self-heal's own
 * back-off for drift that does not go away. */
import type { RetryPolicy } from '../config/types.js';

/** Self-heal waits 2 s × 3ⁿ after its n-th failure in a row (2 s after a success), at most 5 minutes. */
export const SELF_HEAL_BACKOFF = { baseMs: 2_000, factor: 3, maxMs: 5 * 60_000 } as const;

/** The wait before retry number `retry` (0 for the first retry) under `policy`. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.backoffMs * policy.factor ** retry, policy.maxBackoffMs);
}

/** The wait after the last self-heal when `failures` self-heals in a row have failed. */
export function selfHealDelayMs(failures: number): number {
  const { baseMs, factor, maxMs } = SELF_HEAL_BACKOFF;
  return Math.min(baseMs * factor ** failures, maxMs);
}
