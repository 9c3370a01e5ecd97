/** Connects the monitor worker to the UI store: worker messages become coalesced patches, and the
 * UI's intents become worker requests. */
import { terminalSafeDeep } from '../engine/safe-text.js';
import type { MonitorWorker, WorkerMessage } from '../engine/workers/index.js';
import {
  applyPatch,
  createPatchCoalescer,
  type FlotillaStore,
  type Intents,
  type Patch,
} from '../state/index.js';
import { appView, clusterView, diffViews, eventViews, pendingView, resourceNodes } from './to-view.js';

/** Feeds `store` from `worker` and returns the intents the UI calls. */
export function connectStore(
  worker: MonitorWorker,
  store: FlotillaStore,
  opts: { intervalMs?: number } = {},
): Intents {
  const coalescer = createPatchCoalescer(store, { intervalMs: opts.intervalMs ?? 100 });
  worker.onMessage((m) => {
    const patch = toPatch(m);
    if (!patch) return;
    // Answers the user asked for go straight in; background updates are batched.
    if (m.type === 'monitor') coalescer.push(patch);
    else applyPatch(store, patch);
  });
  return {
    requestAppDetail: (app) => worker.send({ type: 'detail', app }),
    releaseAppDetail: () => {},
    requestChildren: (app, key) => worker.send({ type: 'children', app, key }),
    requestDiff: (app) => worker.send({ type: 'diff', app }),
    requestCommits: (app) => worker.send({ type: 'commits', app }),
    refresh: (target) => worker.send({ type: 'refresh', ...(target ? { target } : {}) }),
  };
}

/** The patch for one worker message, if it changes the view. Every string in the message (names,
 * messages, events, commit subjects and authors, diff lines, errors) comes from Git or a cluster, so it
 * is made safe for the terminal here, before any view row is built from it. */
export function toPatch(m: WorkerMessage): Patch | undefined {
  return patchOf(terminalSafeDeep(m));
}

function patchOf(m: WorkerMessage): Patch | undefined {
  switch (m.type) {
    case 'monitor':
      if (m.event.type === 'cluster') return { kind: 'clusters', upsert: [clusterView(m.event.cluster)] };
      if (m.event.type === 'app') return { kind: 'apps', upsert: [appView(m.event.app)] };
      return undefined;
    case 'detail':
      return {
        kind: 'appDetail',
        app: m.app,
        status: 'ready',
        resources: resourceNodes(m.resources),
        events: eventViews(m.events),
      };
    case 'children':
      return { kind: 'resourceChildren', app: m.app, resource: m.key, children: resourceNodes(m.children) };
    case 'diff':
      return { kind: 'diff', app: m.app, status: 'ready', resources: diffViews(m.resources) };
    case 'commits':
      return { kind: 'commits', app: m.app, pending: m.pending ? pendingView(m.pending) : null };
    case 'failed':
      if (m.request === 'detail' && m.app)
        return { kind: 'appDetail', app: m.app, status: 'error', error: m.message };
      if (m.request === 'diff' && m.app)
        return { kind: 'diff', app: m.app, status: 'error', error: m.message };
      return {
        kind: 'alert',
        alert: {
          severity: 'warning',
          text: m.app ? `${m.app}: ${m.message}` : m.message,
          ...(m.app ? { app: m.app } : {}),
        },
      };
    case 'stopped':
      return undefined;
  }
}
