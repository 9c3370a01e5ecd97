/** The monitor in a worker thread, and the protocol the UI thread speaks with it. */
export { startMonitorWorker } from './start.js';
export {
  superviseWorker,
  type MonitorWorker,
  type SupervisorOptions,
  type WorkerLifecycle,
  type WorkerThread,
} from './supervisor.js';
export { serveMonitor } from './serve.js';
export type { DiffSummary, WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';
