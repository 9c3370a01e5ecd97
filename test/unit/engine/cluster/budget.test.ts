import { describe, expect, it } from 'vitest';
import { RequestBudget } from '../../../../src/engine/cluster/budget.js';
import { FakeClock, settle } from './fake-clock.js';

describe('RequestBudget (token bucket)', () => {
  it('lets a full burst through at once, then holds the next request until a token refills', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 10, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) await budget.take();
    let fourth = false;
    void budget.take().then(() => (fourth = true));
    await settle();
    expect(fourth).toBe(false);
    expect(budget.waiting).toBe(1);
    await clock.advance(99);
    expect(fourth).toBe(false);
    await clock.advance(1);
    expect(fourth).toBe(true);
  });

  it('serves waiters in order at the sustained rate', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 5, burst: 1 }, clock);
    await budget.take();
    const done: Array<[number, number]> = [];
    const start = clock.now();
    for (let i = 0; i < 4; i++) void budget.take().then(() => done.push([i, clock.now() - start]));
    await clock.advance(1_000);
    expect(done).toEqual([
      [0, 200],
      [1, 400],
      [2, 600],
      [3, 800],
    ]);
  });

  it('never stores more than the burst, however long it was idle', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 100, burst: 4 }, clock);
    await clock.advance(60_000);
    expect(budget.available()).toBe(4);
    let passed = 0;
    while (budget.tryTake()) passed++;
    expect(passed).toBe(4);
  });

  it('uses 20 qps with a burst of 40 by default', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({}, clock);
    let passed = 0;
    while (budget.tryTake()) passed++;
    expect(passed).toBe(40);
    await clock.advance(1_000);
    expect(Math.floor(budget.available())).toBe(20);
  });

  it('drops an aborted waiter from the queue and rejects it', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 1, burst: 1 }, clock);
    await budget.take();
    const ac = new AbortController();
    const waiting = budget.take(ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(budget.waiting).toBe(0);
    // The token that refills goes to the next request, not to the aborted one.
    let next = false;
    void budget.take().then(() => (next = true));
    await clock.advance(1_000);
    expect(next).toBe(true);
  });

  it('rejects every waiter when closed', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 1, burst: 1 }, clock);
    await budget.take();
    const a = budget.take();
    const b = budget.take();
    budget.close(new Error('closed'));
    await expect(a).rejects.toThrow('closed');
    await expect(b).rejects.toThrow('closed');
  });

  it('halves the rate on throttled answers, once per step, down to the floor, and drops the stored burst', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 16, burst: 16 }, clock, {
      minFactor: 1 / 4,
      recoveryMs: 10_000,
      stepMs: 1_000,
    });
    budget.slowDown();
    expect(budget.currentQps()).toBe(8);
    expect(budget.tryTake()).toBe(false);
    // Requests in flight together meet the same throttling: within one step it counts once.
    budget.slowDown();
    expect(budget.currentQps()).toBe(8);
    await clock.advance(1_000);
    budget.slowDown();
    await clock.advance(1_000);
    budget.slowDown();
    expect(budget.currentQps()).toBe(4);
    // At 4 qps the next token takes 250 ms.
    let served = false;
    void budget.take().then(() => (served = true));
    await clock.advance(249);
    expect(served).toBe(false);
    await clock.advance(1);
    expect(served).toBe(true);
  });

  it('recovers the configured rate step by step once the server stops throttling', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 16, burst: 16 }, clock, {
      minFactor: 1 / 16,
      recoveryMs: 10_000,
      stepMs: 0,
    });
    for (let i = 0; i < 3; i++) budget.slowDown();
    expect(budget.currentQps()).toBe(2);
    await clock.advance(9_999);
    expect(budget.currentQps()).toBe(2);
    await clock.advance(1);
    expect(budget.currentQps()).toBe(4);
    // Throttled again: the quiet period starts over.
    budget.slowDown();
    await clock.advance(10_000);
    expect(budget.currentQps()).toBe(4);
    await clock.advance(20_000);
    expect(budget.currentQps()).toBe(16);
    await clock.advance(60_000);
    expect(budget.currentQps()).toBe(16);
  });

  it('refuses a non-positive rate', () => {
    expect(() => new RequestBudget({ qps: 0, burst: 1 })).toThrow(/qps/);
  });
});
