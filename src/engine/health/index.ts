/** Health of Kubernetes objects (Argo CD parity per kind, kstatus-style for custom resources) and its roll-ups. */
export type { Health, HealthStatus } from './status.js';
export { healthOrder, healthRank, isWorse, worstStatus } from './status.js';
export { assessHealth, hasKindHealthRule, resourceHealth } from './assess.js';
export type { AppHealth, HealthCounts, HealthRollup, ResourceHealth } from './aggregate.js';
export {
  appHealth,
  clusterHealth,
  countStatuses,
  emptyCounts,
  fleetHealth,
  formatCounts,
  isHealthIgnored,
} from './aggregate.js';
