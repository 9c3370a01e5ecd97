/** Health of Kubernetes objects (Argo CD parity per kind, kstatus-style for custom resources) and its roll-ups. */
export type { Health, HealthStatus } from './status.js';
export { healthOrder, isWorse, worstStatus } from './status.js';
export { assessHealth, hasKindHealthRule, resourceHealth } from './assess.js';
export type { AppHealth, ResourceHealth } from './aggregate.js';
export {
  appHealth,
  clusterHealth,
  countStatuses,
  fleetHealth,
  formatCounts,
  isHealthIgnored,
} from './aggregate.js';
