/** The supervised monitor thread: a crash is reported at once and followed by a restart with back-off. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  superviseWorker,
  type WorkerLifecycle,
  type WorkerThread,
} from '../../../../src/engine/workers/supervisor.js';
import type { WorkerMessage, WorkerRequest } from '../../../../src/engine/workers/protocol.js';
import { FakeClock } from '../cluster/fake-clock.js';

/** A thread that does what the test tells it: emit messages, fail, exit. */
class FakeThread extends EventEmitter implements WorkerThread {
  readonly received: WorkerRequest[] = [];
  terminated = false;

  postMessage(message: WorkerRequest): void {
    this.received.push(message);
  }

  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }

  /** An uncaught error inside the thread: Node emits `error`, then `exit` with code 1. */
  crash(message: string): void {
    this.emit('error', new Error(message));
    this.emit('exit', 1);
  }
}

function supervised(
  options: { healthyAfterMs?: number; maxMs?: number; failSpawn?: (n: number) => boolean } = {},
) {
  const clock = new FakeClock();
  const threads: FakeThread[] = [];
  const events: WorkerLifecycle[] = [];
  const messages: WorkerMessage[] = [];
  const worker = superviseWorker(
    () => {
      if (options.failSpawn?.(threads.length)) {
        threads.push(new FakeThread()); // counted, never used
        throw new Error('cannot spawn: token=abcdef123');
      }
      const thread = new FakeThread();
      threads.push(thread);
      return thread;
    },
    {
      clock,
      backoff: { initialMs: 1_000, maxMs: options.maxMs ?? 30_000, factor: 2 },
      healthyAfterMs: options.healthyAfterMs ?? 60_000,
    },
  );
  worker.onLifecycle((e) => events.push(e));
  worker.onMessage((m) => messages.push(m));
  const current = () => threads[threads.length - 1]!;
  return { clock, threads, events, messages, worker, current };
}

const delays = (events: WorkerLifecycle[]) =>
  events.flatMap((e) => (e.type === 'exited' ? [e.restartInMs] : []));

describe('supervised monitor worker', () => {
  it('passes requests and messages through while the thread runs', () => {
    const { worker, current, messages } = supervised();
    worker.send({ type: 'diff', app: 'shop' });
    expect(current().received).toEqual([{ type: 'diff', app: 'shop' }]);
    current().emit('message', { type: 'commits', app: 'shop', pending: null });
    expect(messages).toEqual([{ type: 'commits', app: 'shop', pending: null }]);
  });

  it('reports a crash at once, with the error in plain words and credentials masked', () => {
    const { current, events, threads } = supervised();
    current().crash('cannot load kubeconfig: Authorization: Bearer abc.def');
    expect(events).toEqual([
      {
        type: 'exited',
        reason: 'the monitor stopped: cannot load kubeconfig: Authorization: ***',
        restartInMs: 1_000,
        crashes: 1,
      },
    ]);
    expect(threads).toHaveLength(1);
  });

  it('keeps the reason on one line, for the attention line', () => {
    const { current, events } = supervised();
    current().crash('kubeconfig x: not valid YAML\n  Fix x, then retry.');
    expect(events[0]).toMatchObject({
      reason: 'the monitor stopped: kubeconfig x: not valid YAML Fix x, then retry.',
    });
  });

  it('words a thrown value that is not an Error', () => {
    const { current, events } = supervised();
    current().emit('error', 'plain text thrown');
    current().emit('exit', 1);
    expect(events[0]).toMatchObject({ reason: 'the monitor stopped: plain text thrown' });
  });

  it('names the exit code when the thread exits without an error', () => {
    const { current, events } = supervised();
    current().emit('exit', 0);
    expect(events[0]).toMatchObject({ reason: 'the monitor exited unexpectedly (exit code 0)' });
  });

  it('starts a new thread only when the back-off has passed', async () => {
    const { clock, current, events, threads } = supervised();
    current().crash('boom');
    await clock.advance(999);
    expect(threads).toHaveLength(1);
    await clock.advance(1);
    expect(threads).toHaveLength(2);
    expect(events[1]).toEqual({ type: 'restarted', crashes: 1 });
  });

  it('waits longer after each crash in a row, up to the cap', async () => {
    const { clock, current, events } = supervised({ maxMs: 4_000 });
    for (let i = 0; i < 5; i++) {
      current().crash(`crash ${i}`);
      await clock.advance(clock.nextDelay() ?? 0);
    }
    expect(delays(events)).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(events.filter((e) => e.type === 'exited').map((e) => e.crashes)).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts the back-off over once a thread has run for a healthy while', async () => {
    const { clock, current, events } = supervised({ healthyAfterMs: 60_000 });
    current().crash('one');
    await clock.advance(1_000);
    current().crash('two');
    await clock.advance(2_000);
    await clock.advance(60_000); // the third thread runs a healthy minute
    current().crash('three');
    expect(delays(events)).toEqual([1_000, 2_000, 1_000]);
  });

  it('answers requests at once while no thread runs, instead of leaving them unanswered', () => {
    const { worker, current, messages } = supervised();
    current().crash('boom');
    worker.send({ type: 'detail', app: 'shop' });
    worker.send({ type: 'refresh' });
    expect(messages).toEqual([
      {
        type: 'failed',
        request: 'detail',
        app: 'shop',
        message: 'the monitor is restarting; try again in a moment',
      },
      { type: 'failed', request: 'refresh', message: 'the monitor is restarting; try again in a moment' },
    ]);
  });

  it('ignores a replaced thread: only the current one speaks', async () => {
    const { clock, threads, current, messages, events } = supervised();
    const first = current();
    first.crash('boom');
    await clock.advance(1_000);
    first.emit('message', { type: 'stopped' });
    first.emit('exit', 1);
    expect(messages).toEqual([]);
    expect(events.filter((e) => e.type === 'exited')).toHaveLength(1);
    expect(threads).toHaveLength(2);
  });

  it('counts a thread that cannot start as another crash, without throwing from the timer', async () => {
    const { clock, current, events, threads } = supervised({ failSpawn: (n) => n === 1 });
    current().crash('boom');
    await clock.advance(1_000);
    expect(events[1]).toEqual({
      type: 'exited',
      reason: 'the monitor could not start: cannot spawn: token=***',
      restartInMs: 2_000,
      crashes: 2,
    });
    await clock.advance(2_000);
    expect(threads).toHaveLength(3);
    expect(events[2]).toEqual({ type: 'restarted', crashes: 2 });
  });

  it('stops cleanly: asks the thread, ends it, and never restarts it', async () => {
    const { clock, worker, current, events, threads } = supervised();
    const thread = current();
    const stopped = worker.stop();
    expect(thread.received).toEqual([{ type: 'stop' }]);
    thread.emit('message', { type: 'stopped' });
    await stopped;
    expect(thread.terminated).toBe(true);
    thread.emit('exit', 1);
    await clock.advance(60_000);
    expect(events).toEqual([]);
    expect(threads).toHaveLength(1);
  });

  it('ends a thread that does not answer the stop within the grace period', async () => {
    const { clock, worker, current } = supervised();
    const stopped = worker.stop(3_000);
    await clock.advance(3_000);
    await stopped;
    expect(current().terminated).toBe(true);
  });

  it('cancels a pending restart when stopped while down', async () => {
    const { clock, worker, current, threads } = supervised();
    current().crash('boom');
    await worker.stop();
    await clock.advance(60_000);
    expect(threads).toHaveLength(1);
  });
});
