/** Per-cluster request budget: a token bucket, so a fleet-wide refresh never floods one API server. */
import type { Clock, TimerHandle } from './deps.js';
import { systemClock } from './deps.js';

/** Sustained rate and burst size of one cluster's requests. */
export interface BudgetOptions {
  /** Tokens added per second (sustained requests per second). */
  qps: number;
  /** Bucket size: how many requests may go at once after a quiet period. */
  burst: number;
}

/** Defaults in the spirit of client-go's (5 qps / 10 burst), raised because watches and probes are few
 * and a dry-run diff of a large app is many small requests. */
const defaultBudget: BudgetOptions = { qps: 20, burst: 40 };

/** How far a throttled cluster's rate drops and how fast it comes back. */
interface ThrottleOptions {
  /** Lowest fraction of the configured rate that repeated throttling can bring it to. */
  minFactor: number;
  /** Quiet time (no throttled answer) after which the rate doubles again, up to the configured one. */
  recoveryMs: number;
  /** Throttled answers within this time of the last halving count once: requests in flight together all
   * meet the same 429, and that is one signal, not many. */
  stepMs: number;
}

/** Down to 1/16 of the rate at worst, halved at most once a second; back up by doubling every 10 quiet seconds. */
export const defaultThrottle: ThrottleOptions = { minFactor: 1 / 16, recoveryMs: 10_000, stepMs: 1_000 };

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** A token bucket; requests `take()` a token and wait in FIFO order when the bucket is empty. A throttled
 * server (`slowDown()`) halves the rate, which recovers step by step once the server stops throttling. */
export class RequestBudget {
  private tokens: number;
  private lastRefill: number;
  /** Fraction of `qps` in effect: 1 unless the server throttled us recently. */
  private factor = 1;
  private calmSince = 0;
  private lastHalving = Number.NEGATIVE_INFINITY;
  private readonly throttle: ThrottleOptions;
  private readonly queue: Waiter[] = [];
  private timer: TimerHandle | undefined;
  private readonly qps: number;
  private readonly burst: number;

  constructor(
    options: Partial<BudgetOptions> = {},
    private readonly clock: Clock = systemClock,
    throttle: Partial<ThrottleOptions> = {},
  ) {
    this.throttle = { ...defaultThrottle, ...throttle };
    this.qps = options.qps ?? defaultBudget.qps;
    this.burst = Math.max(1, options.burst ?? defaultBudget.burst);
    if (!(this.qps > 0)) throw new RangeError(`request budget: qps must be positive, got ${this.qps}`);
    this.tokens = this.burst;
    this.lastRefill = clock.now();
  }

  /** Requests currently waiting for a token. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Tokens available now (fractional). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Requests per second in effect now: the configured rate, or less while the server throttles. */
  currentQps(): number {
    this.refill();
    return this.qps * this.factor;
  }

  /** The server answered 429: halve the rate (down to the floor) and drop the stored burst. */
  slowDown(): void {
    this.refill();
    const now = this.clock.now();
    this.calmSince = now;
    if (now - this.lastHalving < this.throttle.stepMs) return;
    this.lastHalving = now;
    this.factor = Math.max(this.throttle.minFactor, this.factor / 2);
    this.tokens = Math.min(this.tokens, 0);
    if (this.timer !== undefined) {
      // Waiters were timed for the old rate; reschedule them for the new one.
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.schedule();
    }
  }

  /** Takes a token at once if one is free and nobody is queued; never waits. */
  tryTake(): boolean {
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Resolves when a token is taken; rejects with the signal's reason when aborted while waiting. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Rejects every waiter (the client is closing). */
  close(reason: unknown = new Error('request budget closed')): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.queue.splice(0)) {
      w.signal?.removeEventListener('abort', w.onAbort);
      w.reject(reason);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.lastRefill);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps * this.factor) / 1000);
    this.lastRefill = now;
    while (this.factor < 1 && now - this.calmSince >= this.throttle.recoveryMs) {
      this.factor = Math.min(1, this.factor * 2);
      this.calmSince += this.throttle.recoveryMs;
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.refill();
    const waitMs = Math.max(0, Math.ceil(((1 - this.tokens) * 1000) / (this.qps * this.factor)));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, waitMs);
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      const w = this.queue.shift()!;
      this.tokens -= 1;
      w.signal?.removeEventListener('abort', w.onAbort);
      w.resolve();
    }
    this.schedule();
  }
}
