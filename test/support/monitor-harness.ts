/** The monitor behind its worker protocol, run in-process on a fleet file, for integration tests. */
import { readFileSync } from 'node:fs';
import { parseFleet } from '../../src/engine/config/index.js';
import { serveMonitor, type WorkerMessage, type WorkerRequest } from '../../src/engine/workers/index.js';

/** Polls `find` until it returns something, or fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, find: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A running monitor: every message it sent, a way to ask it things, and a way to stop it. */
export interface MonitorHarness {
  messages: WorkerMessage[];
  send(req: WorkerRequest): void;
  /** Asks the monitor to stop and waits (at most 10 s) until it says it has. */
  stop(): Promise<void>;
}

/** Parses `fleetFile` (which must be valid) and starts a monitor on it. */
export function startMonitor(
  fleetFile: string,
  opts: { kubeContexts: string[]; env: Record<string, string | undefined>; readOnly: boolean },
): MonitorHarness {
  const parsed = parseFleet(readFileSync(fleetFile, 'utf8'), fleetFile, { kubeContexts: opts.kubeContexts });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const messages: WorkerMessage[] = [];
  const send = serveMonitor({ fleet: parsed.value, env: opts.env, readOnly: opts.readOnly }, (m) =>
    messages.push(m),
  );
  return {
    messages,
    send,
    stop: async () => {
      send({ type: 'stop' });
      await until('the monitor to stop', () => messages.find((m) => m.type === 'stopped'), 10_000).catch(
        () => undefined,
      );
    },
  };
}
