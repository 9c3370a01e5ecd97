/** Starts the monitor worker thread, supervised: restarted with back-off whenever it dies. */
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './protocol.js';
import {
  superviseWorker,
  type MonitorWorker,
  type SupervisorOptions,
  type WorkerThread,
} from './supervisor.js';

/** Worker code that registers tsx in the worker thread, then loads the TypeScript entry: `--import`
 * in a worker's execArgv does not reach its module loader on Node 20. */
function tsxBootstrap(entry: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** One monitor thread for `init`. Under tsx (sources, tests) the worker loads the TypeScript entry through tsx. */
function spawnMonitorThread(init: WorkerInit): WorkerThread {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './monitor-worker.ts' : './monitor-worker.js', import.meta.url);
  return fromSources
    ? new Worker(tsxBootstrap(entry), { eval: true, workerData: init })
    : new Worker(entry, { workerData: init });
}

/** Starts the worker, and a new one (same `init`) after each crash. */
export function startMonitorWorker(init: WorkerInit, options: SupervisorOptions = {}): MonitorWorker {
  return superviseWorker(() => spawnMonitorThread(init), options);
}
