/** Waits between automated attempts: the app's retry policy for a failing revision, and self-heal's own
 * back-off for drift that does not go away. */
import type { RetryPolicy } from '../config/types.js';

/** Self-heal n+1 since the app was last in sync waits 2 s × 3ⁿ after self-heal n (2, 6, 18, 54, 162 s), at
 * most 5 minutes. */
export const SELF_HEAL_BACKOFF = { baseMs: 2_000, factor: 3, maxMs: 5 * 60_000 } as const;

/** The wait before retry number `retry` (0 for the first retry) under `policy`. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.backoffMs * policy.factor ** retry, policy.maxBackoffMs);
}

/** The wait after the last self-heal when `earlier` self-heals came before it since the app was in sync. */
export function selfHealDelayMs(earlier: number): number {
  const { baseMs, factor, maxMs } = SELF_HEAL_BACKOFF;
  return Math.min(baseMs * factor ** earlier, maxMs);
}
