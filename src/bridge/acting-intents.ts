/** The acting side's intents: each posts its worker request and returns at once. Answers that take a while
 * (a plan, a history, the action log) show as loading in the meantime, so a pane never waits on a blank. */
import type { MonitorWorker } from '../engine/workers/index.js';
import { applyPatch, type FlotillaStore, type Intents } from '../state/index.js';
import { loadingPlan } from './acting-view.js';

/** The intents that act (or ask about acting), over `worker`. */
export type ActingIntents = Pick<
  Intents,
  | 'planSync'
  | 'sync'
  | 'rollback'
  | 'terminate'
  | 'setAutoSync'
  | 'requestHistory'
  | 'requestHistoryDiff'
  | 'followOperation'
  | 'releaseOperation'
  | 'requestActionLog'
  | 'rollout'
>;

/** Acting intents for `store` over `worker`. */
export function actingIntents(worker: Pick<MonitorWorker, 'send'>, store: FlotillaStore): ActingIntents {
  return {
    planSync: (app, options) => {
      applyPatch(store, { kind: 'plan', plan: loadingPlan(app, options) });
      worker.send({ type: 'plan', app, options });
    },
    sync: (app, options) => worker.send({ type: 'sync', app, options }),
    rollback: (app, id, { prune }) =>
      worker.send({ type: 'rollback', app, ...(id !== undefined ? { id } : {}), prune }),
    terminate: (app) => worker.send({ type: 'terminate', app }),
    setAutoSync: (app, change) => worker.send({ type: 'autosync', app, change }),
    requestHistory: (app) => {
      const current = store.getState().history;
      // The same app's entries stay on screen while they are read again.
      const same = current?.appId === app ? current : undefined;
      const history = {
        appId: app,
        status: 'loading' as const,
        entries: same?.entries ?? [],
        ...(same?.pause ? { pause: same.pause } : {}),
      };
      applyPatch(store, { kind: 'history', history });
      worker.send({ type: 'history', app });
    },
    requestHistoryDiff: (app, id) => {
      applyPatch(store, { kind: 'historyDiff', app, diff: { id, status: 'loading', resources: [] } });
      worker.send({ type: 'historyDiff', app, id });
    },
    followOperation: (app) => worker.send({ type: 'follow', app }),
    releaseOperation: (app) => worker.send({ type: 'unfollow', app }),
    requestActionLog: () => {
      const entries = store.getState().actionLog?.entries ?? [];
      applyPatch(store, { kind: 'actionLog', log: { status: 'loading', entries } });
      worker.send({ type: 'actionLog' });
    },
    rollout: (appSet, order, { prune }) => worker.send({ type: 'rollout', appSet, order, prune }),
  };
}
