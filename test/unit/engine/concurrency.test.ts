/** The engine's bounded fan-out: order kept, never more than the limit in flight, aborts honoured. */
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../src/engine/concurrency.js';

/** A call that resolves when the test says so, counting how many are in flight. */
function gate() {
  let inFlight = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  const call = async (n: number): Promise<number> => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight -= 1;
    return n * 10;
  };
  const releaseAll = async (): Promise<void> => {
    while (waiting.length > 0) {
      waiting.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { call, releaseAll, most: () => most, waiting: () => waiting.length };
}

describe('mapLimit', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    const g = gate();
    const done = mapLimit([1, 2, 3, 4, 5, 6, 7], 3, g.call);
    await Promise.resolve();
    expect(g.waiting()).toBe(3);
    while (g.waiting() > 0) await g.releaseAll();
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(g.most()).toBe(3);
  });

  it('starts nothing more once the signal is aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const result = mapLimit(
      [1, 2, 3, 4],
      1,
      async (n) => {
        seen.push(n);
        if (n === 2) controller.abort(new Error('stopped'));
        return n;
      },
      controller.signal,
    );
    await expect(result).rejects.toThrow('stopped');
    expect(seen).toEqual([1, 2]);
  });

  it('answers an empty list at once', async () => {
    expect(await mapLimit([], 4, async (n: number) => n)).toEqual([]);
  });
});
