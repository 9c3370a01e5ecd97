/** A counting semaphore: at most `limit` tasks run at once, the rest wait in arrival order. */

/** Runs tasks with bounded concurrency. */
export interface Limiter {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Creates a limiter admitting `limit` (at least 1) tasks at a time. */
export function createLimiter(limit: number): Limiter {
  const capacity = Math.max(1, Math.floor(limit));
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const acquire = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (running < capacity) {
        running++;
        return resolve();
      }
      const admit = () => {
        signal?.removeEventListener('abort', onAbort);
        running++;
        resolve();
      };
      const onAbort = () => {
        waiting.splice(waiting.indexOf(admit), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(admit);
    });
  return {
    async run(task, signal) {
      signal?.throwIfAborted();
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
