/** Time limits: work gets a signal that aborts at the deadline, and its promise loses the race then. */

/** The abort reason when a render ran out of time. */
export class RenderTimeout extends Error {
  constructor(readonly ms: number) {
    super(`render took longer than ${ms} ms`);
    this.name = 'RenderTimeout';
  }
}

/** Runs `work` with a signal that aborts after `ms` or when `outer` aborts; rejects with the abort reason. */
export async function withDeadline<T>(
  ms: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RenderTimeout(ms)), ms);
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  if (outer?.aborted) onOuterAbort();
  try {
    return await Promise.race([work(controller.signal), rejectOnAbort(controller.signal)]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** Resolves never; rejects with the signal's reason once it aborts. */
export function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
