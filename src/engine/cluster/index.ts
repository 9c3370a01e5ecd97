/** The cluster layer: one client per kubeconfig context (see client.ts), its pieces re-exported. */
export {
  ClusterClient,
  createClusterClient,
  fieldManager,
  kubeConfigForContext,
  loadKubeConfig,
} from './client.js';
export type { ApplyOptions, ClusterClientOptions } from './client.js';
export { Backoff, defaultBackoff } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { RequestBudget, defaultBudget, defaultThrottle } from './budget.js';
export type { BudgetOptions, ThrottleOptions } from './budget.js';
export { Listeners, silentLogger, systemClock } from './deps.js';
export type { Clock, Logger, TimerHandle } from './deps.js';
export {
  Discovery,
  ResourceIndex,
  parseAggregatedDiscovery,
  parseGroupList,
  parseResourceList,
} from './discovery.js';
export { ClusterRequestError, isClusterError } from './errors.js';
export type { ClusterProblemCode } from './errors.js';
export { collectionPath, groupVersionPath, objectPath } from './paths.js';
export { defaultRetry } from './retry.js';
export { labelSelectorQuery } from './selector.js';
export type { RetryOptions } from './retry.js';
export type { ResourceInfo } from './paths.js';
export { StatusTracker, defaultWriteCheck, freshnessMs } from './status.js';
export type { ClusterStatus, Reachability, ServerVersion, WriteCheck } from './status.js';
export type { Query, RawRequest, RawResponse } from './transport.js';
export { KindWatch, defaultWatchTimings, identityOf } from './watch.js';
export type {
  ChangeType,
  KindRef,
  KindWatchStatus,
  ObjectChange,
  WatchState,
  WatchTimings,
} from './watch.js';
