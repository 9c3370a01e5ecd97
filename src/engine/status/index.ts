/** Live status of apps: desired state compared with each cluster, plus health. */
export {
  computeAppStatus,
  liveObjectsOf,
  unknownStatus,
  unreachableProblem,
  type AppStatus,
  type ResourceStatus,
} from './app-status.js';
export { openClusters, type ClusterDeps } from './clusters.js';
export { ClusterComparison, type StatusCluster, type WatchedObjects } from './decide.js';
export { liveAccess } from './live-access.js';
export { trackedKinds } from './tracked-kinds.js';
