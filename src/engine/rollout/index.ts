/** Fleet rollouts: an app set's apps synced group by group, by a cluster label, with a shared record. */
export type * from './types.js';
export { formatOrder, parseOrder } from './order.js';
export { planRollout } from './plan.js';
export { asRead, finishRecord, groupPhase, isStale, newRecord, parseRollout, withApp } from './record.js';
export { readRollout, rolloutRecordName, writeRollout, ROLLOUT_KEY } from './store.js';
export { GROUP_CONCURRENCY, runRollout, type RunDeps, type SyncPort } from './run.js';
export {
  DEFAULT_LEASE_SECONDS,
  readRolloutOf,
  startRollout,
  type RolloutCluster,
  type RolloutDeps,
} from './rollout.js';
