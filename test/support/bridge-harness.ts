/** The TUI's engine side without a terminal: the monitor worker's code run in-process behind the real bridge,
 * feeding a real store, so integration tests call the UI's intents and read what the panes would show. */
import { readFileSync } from 'node:fs';
import { connectStore } from '../../src/bridge/bridge.js';
import { parseFleet } from '../../src/engine/config/index.js';
import {
  serveMonitor,
  type MonitorWorker,
  type WorkerMessage,
  type WorkerRequest,
} from '../../src/engine/workers/index.js';
import {
  createFlotillaStore,
  type FlotillaStore,
  type Intents,
  type ViewModel,
} from '../../src/state/index.js';

/** A bridge over an in-process monitor: the store, the intents, every message the worker sent. */
export interface BridgeHarness {
  store: FlotillaStore;
  intents: Intents;
  messages: WorkerMessage[];
  /** Requests the bridge sent to the worker, in order. */
  requests: WorkerRequest[];
  /** Resolves with the first state that `find` accepts (checked on every store change), or fails after `timeoutMs`. */
  until<T>(what: string, find: (s: ViewModel) => T | undefined, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Parses `fleetFile` and starts the monitor on it behind a bridge and store. */
export function startBridge(
  fleetFile: string,
  opts: { kubeContexts: string[]; env: Record<string, string | undefined>; readOnly: boolean },
): BridgeHarness {
  const parsed = parseFleet(readFileSync(fleetFile, 'utf8'), fleetFile, { kubeContexts: opts.kubeContexts });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const messages: WorkerMessage[] = [];
  const requests: WorkerRequest[] = [];
  const listeners = new Set<(m: WorkerMessage) => void>();
  const handle = serveMonitor({ fleet: parsed.value, env: opts.env, readOnly: opts.readOnly }, (m) => {
    // Through a structured clone, as a worker thread's messages are: what cannot cross fails here too.
    const copy = structuredClone(m);
    messages.push(copy);
    for (const fn of listeners) fn(copy);
  });
  const worker: MonitorWorker = {
    send: (req) => {
      requests.push(req);
      handle(structuredClone(req));
    },
    onMessage: (fn) => listeners.add(fn),
    onLifecycle: () => {},
    stop: async () => {},
  };
  const store = createFlotillaStore();
  store.setState((s) => ({ ...s, ui: { ...s.ui, readOnly: opts.readOnly } }));
  const intents = connectStore(worker, store, { intervalMs: 50 });
  return {
    store,
    intents,
    messages,
    requests,
    until: (what, find, timeoutMs = 60_000) => untilState(store, what, find, timeoutMs),
    stop: async () => {
      handle({ type: 'stop' });
      const deadline = Date.now() + 10_000;
      while (!messages.some((m) => m.type === 'stopped') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
    },
  };
}

function untilState<T>(
  store: FlotillaStore,
  what: string,
  find: (s: ViewModel) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = find(store.getState());
      if (found === undefined) return false;
      clearTimeout(timer);
      off();
      resolve(found);
      return true;
    };
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = store.subscribe(() => void check());
    check();
  });
}
