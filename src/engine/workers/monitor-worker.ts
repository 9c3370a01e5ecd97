/** Worker-thread entry: runs the fleet monitor off the UI thread so no diff ever delays a keypress. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';
import { serveMonitor } from './serve.js';

if (!parentPort) throw new Error('monitor-worker must run in a worker thread');
const port = parentPort;
const handle = serveMonitor(workerData as WorkerInit, (m: WorkerMessage) => port.postMessage(m));
port.on('message', (req: WorkerRequest) => handle(req));
