/**
 * What the UI asks of the engine side, on demand. The lead engineer's bridge implements this by
 * posting requests to the worker; answers come back as patches (./patch.ts). Every method returns
 * at once: the UI never waits on the engine.
 */

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
}

/** Intents that do nothing: for a UI with no engine behind it. */
export const noopIntents: Intents = {
  requestAppDetail() {},
  releaseAppDetail() {},
  requestChildren() {},
  requestDiff() {},
  requestCommits() {},
  refresh() {},
};
