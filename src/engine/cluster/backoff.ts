/** Exponential back-off with a cap and jitter, for watch restarts and retries. */

/** How back-off delays grow. */
export interface BackoffOptions {
  /** First delay, in milliseconds. */
  initialMs: number;
  /** Largest delay, in milliseconds. */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Fraction (0..1) of each delay that is randomised, so a fleet of watches does not retry in step. */
  jitter: number;
}

/** 1 s, 2 s, 4 s … capped at 60 s, each up to 30 % shorter at random. */
const defaultBackoff: BackoffOptions = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0.3 };

/** Counts failed attempts and says how long to wait before the next one. */
export class Backoff {
  private attempt = 0;
  private readonly options: BackoffOptions;

  constructor(
    options: Partial<BackoffOptions> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...defaultBackoff, ...options };
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt, and counts this attempt. */
  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.options;
    // Clamp the exponent so a long outage does not overflow to Infinity before the cap applies.
    const base = Math.min(maxMs, initialMs * Math.pow(factor, Math.min(this.attempt, 64)));
    this.attempt += 1;
    const j = Math.min(1, Math.max(0, jitter));
    return Math.round(base * (1 - j * this.random()));
  }

  /** Starts over after a success. */
  reset(): void {
    this.attempt = 0;
  }
}
