/** The monitor in a worker thread, and the protocol the UI thread speaks with it. */
export { startMonitorWorker } from './start.js';
export { type MonitorWorker, type WorkerLifecycle } from './supervisor.js';
export { serveMonitor } from './serve.js';
export type { DiffSummary, WorkerMessage, WorkerRequest } from './protocol.js';
