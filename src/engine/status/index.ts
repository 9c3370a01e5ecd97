/** Live status of apps: desired state compared with each cluster, plus health. */
export { unknownStatus, unreachableProblem, type AppStatus, type ResourceStatus } from './app-status.js';
export { listAppObjects } from './app-objects.js';
export { openClusters } from './clusters.js';
export { ClusterComparison, type StatusCluster } from './decide.js';
export { liveAccess } from './live-access.js';
export { trackedKinds } from './tracked-kinds.js';
