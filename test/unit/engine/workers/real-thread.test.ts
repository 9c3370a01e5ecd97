/** The supervisor with real worker threads: Node's own error and exit events, not a fake's. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFleet, type Fleet } from '../../../../src/engine/config/index.js';
import { startMonitorWorker } from '../../../../src/engine/workers/start.js';
import {
  superviseWorker,
  type MonitorWorker,
  type WorkerLifecycle,
} from '../../../../src/engine/workers/supervisor.js';
import type { WorkerMessage } from '../../../../src/engine/workers/protocol.js';
import { FakeClock } from '../cluster/fake-clock.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves with the next lifecycle event of `type`. */
function next(worker: MonitorWorker, type: WorkerLifecycle['type']): Promise<WorkerLifecycle> {
  return new Promise((resolve) => worker.onLifecycle((e) => e.type === type && resolve(e)));
}

/** Resolves with the first message matching `test`. */
function message(worker: MonitorWorker, test: (m: WorkerMessage) => boolean): Promise<WorkerMessage> {
  return new Promise((resolve) => worker.onMessage((m) => test(m) && resolve(m)));
}

// Plain JavaScript run as real threads (eval); the crash lives here in the test, not in shipped code.
const crashing = `throw new Error('out of luck, Authorization: Bearer abc.def')`;
const exiting = `process.exit(3)`;
const healthy = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'commits', app: 'alive', pending: null });
parentPort.on('message', (m) => { if (m.type === 'stop') parentPort.postMessage({ type: 'stopped' }); });`;

describe('supervised real threads', () => {
  it('reports an uncaught error and an exit, then restarts into a thread that runs', async () => {
    const clock = new FakeClock();
    const programs = [crashing, exiting, healthy];
    const worker = superviseWorker(() => new Worker(programs.shift() ?? healthy, { eval: true }), { clock });

    const first = await next(worker, 'exited');
    expect(first).toEqual({
      type: 'exited',
      reason: 'the monitor stopped: out of luck, Authorization: ***',
      restartInMs: 1_000,
      crashes: 1,
    });
    const second = next(worker, 'exited');
    await clock.advance(1_000);
    expect(await second).toEqual({
      type: 'exited',
      reason: 'the monitor exited unexpectedly (exit code 3)',
      restartInMs: 2_000,
      crashes: 2,
    });
    const alive = message(worker, (m) => m.type === 'commits');
    await clock.advance(2_000);
    expect(await alive).toEqual({ type: 'commits', app: 'alive', pending: null });
    await worker.stop();
  });

  it('restarts the real monitor worker when it dies, naming the broken kubeconfig without its token', async () => {
    const token = 'monitorWorkerT0kenMustNotShow';
    const good = join(dir, 'good');
    const broken = join(dir, 'broken');
    writeFileSync(
      good,
      'apiVersion: v1\nkind: Config\ncontexts: [{name: ctx, context: {cluster: c, user: u}}]\n',
    );
    writeFileSync(broken, `users:\n- name: u\n  user:\n    token: ${token}\n    token: x\n`);
    const loaded = await loadFleet({
      configArg: 'flotilla.yaml',
      cwd: dir,
      kubeContexts: ['ctx'],
      homeDir: dir,
      readFile: () =>
        Promise.resolve(
          `clusters: [{name: one, context: ctx}]\nrepos: [{name: r, url: ${dir}}]\n` +
            'apps: [{name: a, repo: r, revision: main, path: ., destination: {cluster: one, namespace: a}}]\n',
        ),
    });
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const fleet: Fleet = loaded.value;
    const clock = new FakeClock();
    const env = {
      KUBECONFIG: [good, broken].join(delimiter),
      HOME: dir,
      FLOTILLA_CACHE_DIR: join(dir, 'cache'),
    };
    const worker = startMonitorWorker({ fleet, env, readOnly: true }, { clock });

    const crash = await next(worker, 'exited');
    expect(crash.type === 'exited' && crash.reason).toContain(`${broken}:5:5`);
    expect(JSON.stringify(crash)).not.toContain(token);
    const restarted = next(worker, 'restarted');
    await clock.advance(1_000);
    expect(await restarted).toEqual({ type: 'restarted', crashes: 1 });
    const stopped = worker.stop();
    await clock.advance(3_000);
    await stopped;
    // Starting a thread loads the engine through tsx: slow on a busy machine, so a generous limit.
  }, 60_000);
});
