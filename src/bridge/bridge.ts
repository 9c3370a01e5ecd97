/** Connects the monitor worker to the UI store: worker messages become coalesced patches, the worker's
 * crashes mark everything stale, and the UI's intents become worker requests. */
import { identityKey, parseIdentityKey } from '../engine/objects.js';
import { redact } from '../engine/redact.js';
import { terminalSafeDeep } from '../engine/safe-text.js';
import type { MonitorWorker, WorkerLifecycle, WorkerMessage } from '../engine/workers/index.js';
import {
  applyPatch,
  createPatchCoalescer,
  type FlotillaStore,
  type Intents,
  type Patch,
} from '../state/index.js';
import {
  appView,
  clusterView,
  diffViews,
  eventViews,
  pendingView,
  repoView,
  resourceNodes,
} from './to-view.js';
import {
  actionLogView,
  failedActingPatch,
  historyDiffView,
  historyView,
  operationView,
  planView,
  redactOperation,
  rolloutView,
} from './acting-view.js';
import { actingIntents } from './acting-intents.js';

/** Feeds `store` from `worker` and returns the intents the UI calls. */
export function connectStore(
  worker: MonitorWorker,
  store: FlotillaStore,
  opts: { intervalMs?: number } = {},
): Intents {
  const coalescer = createPatchCoalescer(store, { intervalMs: opts.intervalMs ?? 100 });
  worker.onMessage((m) => {
    const patch = m.type === 'failed' ? failedPatch(m, store) : toPatch(m);
    if (!patch) return;
    // Answers the user asked for go straight in; background updates (and a running operation's progress,
    // which can come fast) are batched.
    if (m.type === 'monitor' || m.type === 'operation') coalescer.push(patch);
    else applyPatch(store, patch);
  });
  // Through the coalescer, so the dead worker's last rows land before the stale mark covers them.
  worker.onLifecycle((event) => coalescer.push(lifecyclePatch(event)));
  return {
    requestAppDetail: (app) => worker.send({ type: 'detail', app }),
    releaseAppDetail: () => {},
    requestChildren: (app, key) => {
      // Keys come from rows this bridge built, so one that does not parse names no resource.
      const resource = parseIdentityKey(key);
      if (resource) worker.send({ type: 'children', app, resource });
    },
    requestDiff: (app) => worker.send({ type: 'diff', app }),
    requestCommits: (app) => worker.send({ type: 'commits', app }),
    refresh: (target) => worker.send({ type: 'refresh', ...(target ? { target } : {}) }),
    ...actingIntents(worker, store),
  };
}

/** The patch for one worker message, if it changes the view. Every string in it (names, messages,
 * events, commit subjects and authors, diff lines, errors) comes from Git or a cluster, so the patch is
 * made safe for the terminal here, before the store sees it; multi-line text (a diff) is split into
 * lines first, so each line is escaped and the newlines between them are kept. */
export function toPatch(m: WorkerMessage): Patch | undefined {
  const patch = patchOf(m);
  return patch && terminalSafeDeep(patch);
}

function patchOf(m: WorkerMessage): Patch | undefined {
  switch (m.type) {
    case 'monitor':
      if (m.event.type === 'cluster') return { kind: 'clusters', upsert: [clusterView(m.event.cluster)] };
      if (m.event.type === 'app') return { kind: 'apps', upsert: [appView(m.event.app)] };
      if (m.event.type === 'repo') return { kind: 'repos', upsert: [repoView(m.event.repo)] };
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
      return {
        kind: 'resourceChildren',
        app: m.app,
        resource: identityKey(m.resource),
        children: resourceNodes(m.children),
      };
    case 'diff':
      return { kind: 'diff', app: m.app, status: 'ready', resources: diffViews(m.resources) };
    case 'commits':
      return { kind: 'commits', app: m.app, pending: m.pending ? pendingView(m.pending) : null };
    case 'plan':
      return { kind: 'plan', plan: planView(m.app, m.options, m.plan, m.error && redact(m.error)) };
    case 'operation':
      return { kind: 'operation', operation: operationView(redactOperation(m.operation)) };
    case 'history':
      return { kind: 'history', history: historyView(m.app, m.record, m.error && redact(m.error)) };
    case 'historyDiff':
      return {
        kind: 'historyDiff',
        app: m.app,
        diff: historyDiffView(m.id, m.diff, m.error && redact(m.error)),
      };
    case 'actionLog':
      return { kind: 'actionLog', log: actionLogView(m.entries, m.error && redact(m.error)) };
    case 'rollout':
      return { kind: 'rollout', rollout: rolloutView(m.rollout) };
    case 'failed': {
      const message = redact(m.message);
      if (m.request === 'detail' && m.app)
        return { kind: 'appDetail', app: m.app, status: 'error', error: message };
      if (m.request === 'diff' && m.app) return { kind: 'diff', app: m.app, status: 'error', error: message };
      return {
        kind: 'alert',
        alert: {
          severity: 'warning',
          text: m.app ? `${m.app}: ${message}` : message,
          ...(m.app ? { app: m.app } : {}),
        },
      };
    }
    case 'stopped':
      return undefined;
  }
}

/** A failed request's patch: the answer an acting pane waits for (as an error or a refusal), else an alert. */
function failedPatch(m: Extract<WorkerMessage, { type: 'failed' }>, store: FlotillaStore): Patch | undefined {
  const acting = failedActingPatch(m.request, m.app, redact(m.message), store.getState());
  return acting ? terminalSafeDeep(acting) : toPatch(m);
}

/** The patch for a crash or restart of the worker: a crash marks every row stale at once. */
export function lifecyclePatch(event: WorkerLifecycle): Patch {
  if (event.type === 'restarted')
    return {
      kind: 'alert',
      alert: { severity: 'info', text: 'the monitor restarted; rows refresh as it reports' },
    };
  const seconds = Math.round(event.restartInMs / 100) / 10;
  const again = event.crashes > 1 ? ` (crash ${event.crashes} in a row)` : '';
  return {
    kind: 'stale',
    reason: `${event.reason}; showing the last known state, restarting in ${seconds} s${again}`,
  };
}
