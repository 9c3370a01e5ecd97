/** The engine's long-running observe loop and the summaries it emits. */
export { FleetMonitor, type MonitorEvent, type PendingCommitsSummary } from './monitor.js';
export { type DesiredSource, type MonitorClock, type MonitoredCluster, type RepoHistory } from './ports.js';
export type { AppSummary, ClusterSummary } from './summaries.js';
export type { RepoSummary } from './repos.js';
export type { EventSummary, TreeNode } from './detail.js';
