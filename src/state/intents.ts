/**
 * What the UI asks of the engine side, on demand. The lead engineer's bridge implements this by
 * posting requests to the worker; answers come back as patches (./patch.ts). Every method returns
 * at once: the UI never waits on the engine.
 */

import type { SyncOptionsView } from './types.js';

/** What `refresh` should re-poll and re-compare (nothing is mutated). */
export interface RefreshTarget {
  app?: string;
  cluster?: string;
}

/** On-demand requests from the UI to the engine side. */
export interface Intents {
  /** The user opened an app: send its resource tree and events (`appDetail` patches) until released. */
  requestAppDetail(appId: string): void;
  /** The user stopped looking at the app: stop streaming its detail. */
  releaseAppDetail(appId: string): void;
  /** Send the children (ReplicaSets, Pods…) of one tree node (`resourceChildren` patch). */
  requestChildren(appId: string, resourceKey: string): void;
  /** Send the app's per-resource diff, Secret values masked (`diff` patch). */
  requestDiff(appId: string): void;
  /** Send the commits between the deployed revision and the ref's tip (`commits` patch). */
  requestCommits(appId: string): void;
  /** Re-poll Git and re-compare now; no target means the whole fleet. */
  refresh(target?: RefreshTarget): void;

  // The acting side. Each returns at once; what happens comes back as patches (`plan`, `operation`,
  // `history`, `actionLog`, `rollout`), and a refusal as an `operation` in phase Refused.

  /** Plan a sync with these options, sending nothing to the cluster (`plan` patch). */
  planSync(appId: string, options: SyncOptionsView): void;
  /** Sync the app (`operation` patches while it runs, then its result). */
  sync(appId: string, options: SyncOptionsView): void;
  /** Roll the app back to history entry `id` (default: the one before the current), no hooks; an automated
   * app's auto-sync is paused in the same step. */
  rollback(appId: string, id: number | undefined, options: { prune: boolean }): void;
  /** Stop the app's running operation, whoever started it. */
  terminate(appId: string): void;
  /** Pause the app's auto-sync and self-heal with a reason, or resume them. */
  setAutoSync(appId: string, change: { pause: string } | { resume: true }): void;
  /** Send the app's history (`history` patch). */
  requestHistory(appId: string): void;
  /** Send what history entry `id` changed against the one before it (`historyDiff` patch). */
  requestHistoryDiff(appId: string, id: number): void;
  /** Keep sending the app's operation as kept on its cluster, whoever runs it (`operation` patches), until released. */
  followOperation(appId: string): void;
  /** Stop following the app's operation. */
  releaseOperation(appId: string): void;
  /** Send the mutating requests this flotilla sent, newest first (`actionLog` patch). */
  requestActionLog(): void;
  /** Run a fleet rollout of an app set group by group by a cluster label (`order`: `label=v1,v2`). */
  rollout(appSet: string, order: string, options: { prune: boolean }): void;
}

/** Intents that do nothing: for a UI with no engine behind it. */
export const noopIntents: Intents = {
  requestAppDetail() {},
  releaseAppDetail() {},
  requestChildren() {},
  requestDiff() {},
  requestCommits() {},
  refresh() {},
  planSync() {},
  sync() {},
  rollback() {},
  terminate() {},
  setAutoSync() {},
  requestHistory() {},
  requestHistoryDiff() {},
  followOperation() {},
  releaseOperation() {},
  requestActionLog() {},
  rollout() {},
};
