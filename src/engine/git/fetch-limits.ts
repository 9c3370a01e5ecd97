/**
 * A deadline per operation and a size cap per response for the HTTP client isomorphic-git uses. A socket
 * idle timeout alone cannot stop a server that trickles a byte now and then, and nothing else stops one
 * that sends without end.
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git/http/node';

/** How long one operation may take and how much one response may carry. */
interface FetchLimitValues {
  /** Milliseconds from the start of an operation (a poll, a read that fetches) to its abandonment. */
  deadlineMs: number;
  /** Bytes one response body (in practice, a pack) may carry. */
  maxResponseBytes: number;
}

/** Why a request was stopped; turned into a problem by the repository source. */
export class FetchLimitError extends Error {
  constructor(
    readonly limit: 'deadline' | 'size',
    readonly value: number,
  ) {
    super(limit === 'deadline' ? `no result within ${value} ms` : `a response exceeded ${value} bytes`);
    this.name = 'FetchLimitError';
  }
}

/** Runs operations under the limits; requests made through `http` during one obey it. Operations run one at
 * a time (the repository source queues them), so one controller at a time is enough. */
export class FetchLimits {
  /** The client to hand to isomorphic-git. */
  readonly http: HttpClient;
  private controller: AbortController | undefined;

  constructor(
    inner: HttpClient,
    private readonly limits: FetchLimitValues,
  ) {
    this.http = { request: (request) => this.request(inner, request) };
  }

  /** Whether a limit stopped the operation now running (its failure needs no recovery). */
  get tripped(): boolean {
    return this.controller !== undefined && limitReason(this.controller.signal) !== undefined;
  }

  /** Runs `operation`; past the deadline its requests are aborted, and a failure caused by a limit is
   * reported as that limit's {@link FetchLimitError} whatever isomorphic-git made of the abort. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(
      () => controller.abort(new FetchLimitError('deadline', this.limits.deadlineMs)),
      this.limits.deadlineMs,
    );
    try {
      return await operation();
    } catch (err) {
      throw limitReason(controller.signal) ?? err;
    } finally {
      clearTimeout(timer);
      this.controller = undefined;
    }
  }

  private async request(inner: HttpClient, request: GitHttpRequest): Promise<GitHttpResponse> {
    const controller = this.controller ?? new AbortController();
    const { signal } = controller;
    signal.throwIfAborted();
    const response = await untilAborted(inner.request({ ...request, signal }), signal);
    if (!response.body) return response;
    return { ...response, body: cappedBody(response.body, controller, this.limits.maxResponseBytes) };
  }
}

/** The limit that aborted `signal`, if one did. */
function limitReason(signal: AbortSignal): FetchLimitError | undefined {
  return signal.aborted && signal.reason instanceof FetchLimitError ? signal.reason : undefined;
}

/** `promise`, or a rejection with the abort reason as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The body, counted as it is read: past `maxBytes` the operation is aborted; on abort the stream is closed,
 * even while a read waits on a server that has gone quiet. */
function cappedBody(
  body: AsyncIterableIterator<Uint8Array>,
  controller: AbortController,
  maxBytes: number,
): AsyncIterableIterator<Uint8Array> {
  const source = body[Symbol.asyncIterator]();
  const close = (): void => void Promise.resolve(source.return?.()).catch(() => undefined);
  let received = 0;
  const capped: AsyncIterableIterator<Uint8Array> = {
    async next() {
      try {
        const chunk = await untilAborted(source.next(), controller.signal);
        if (!chunk.done) {
          received += chunk.value.byteLength;
          if (received > maxBytes) controller.abort(new FetchLimitError('size', maxBytes));
          controller.signal.throwIfAborted();
        }
        return chunk;
      } catch (err) {
        close();
        throw err;
      }
    },
    async return() {
      close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return capped;
    },
  };
  return capped;
}
