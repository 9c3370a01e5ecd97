/** Starts the monitor worker thread and gives the UI thread a small handle on it. */
import { Worker } from 'node:worker_threads';
import type { WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';

/** The UI thread's side of the monitor worker. */
export interface MonitorWorker {
  send(req: WorkerRequest): void;
  onMessage(fn: (m: WorkerMessage) => void): void;
  /** Asks the monitor to stop cleanly, then ends the thread (after `graceMs` at the latest). */
  stop(graceMs?: number): Promise<void>;
}

/** Worker code that registers tsx in the worker thread, then loads the TypeScript entry: `--import`
 * in a worker's execArgv does not reach its module loader on Node 20. */
function tsxBootstrap(entry: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** Starts the worker. Under tsx (sources, tests) the worker loads the TypeScript entry through tsx. */
export function startMonitorWorker(init: WorkerInit): MonitorWorker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './monitor-worker.ts' : './monitor-worker.js', import.meta.url);
  const worker = fromSources
    ? new Worker(tsxBootstrap(entry), { eval: true, workerData: init })
    : new Worker(entry, { workerData: init });
  const listeners: ((m: WorkerMessage) => void)[] = [];
  worker.on('message', (m: WorkerMessage) => listeners.forEach((fn) => fn(m)));
  worker.on('error', (err) =>
    listeners.forEach((fn) =>
      fn({ type: 'failed', request: 'refresh', message: `the monitor stopped: ${err.message}` }),
    ),
  );
  return {
    send: (req) => worker.postMessage(req),
    onMessage: (fn) => void listeners.push(fn),
    stop: (graceMs = 3000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), graceMs);
        listeners.push((m) => {
          if (m.type !== 'stopped') return;
          clearTimeout(timer);
          void worker.terminate().then(() => resolve());
        });
        worker.postMessage({ type: 'stop' } satisfies WorkerRequest);
      }),
  };
}
