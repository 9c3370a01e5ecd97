/** The monitor in a worker thread, and the protocol the UI thread speaks with it. */
export { startMonitorWorker, type MonitorWorker } from './start.js';
export { serveMonitor } from './serve.js';
export type { DiffSummary, WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';
