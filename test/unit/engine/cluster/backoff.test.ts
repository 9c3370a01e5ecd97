import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../../src/engine/cluster/backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the cap when jitter is off', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0 });
    expect(Array.from({ length: 7 }, () => b.next())).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(b.attempts).toBe(7);
  });

  it('starts over after reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('shortens each delay by at most the jitter fraction', () => {
    const low = new Backoff({ initialMs: 1_000, maxMs: 10_000, factor: 2, jitter: 0.3 }, () => 0.999999);
    const high = new Backoff({ initialMs: 1_000, maxMs: 10_000, factor: 2, jitter: 0.3 }, () => 0);
    expect(low.next()).toBe(700);
    expect(high.next()).toBe(1_000);
    expect(low.next()).toBe(1_400);
  });

  it('stays finite and capped after very many attempts', () => {
    const b = new Backoff({ initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0 });
    let last = 0;
    for (let i = 0; i < 2_000; i++) last = b.next();
    expect(last).toBe(60_000);
  });

  it('spreads the delays of many watches (jitter is random)', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const delays = new Set(
      Array.from({ length: 20 }, () => new Backoff({ initialMs: 1_000, jitter: 0.3 }, random).next()),
    );
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(700);
  });
});
