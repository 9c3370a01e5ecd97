/** Public surface of the sync planner: a pure function from desired state, comparison and options to a plan. */
export { blockingProblems, planSync } from './plan.js';
export type {
  CreateTask,
  HookDeletePolicy,
  HookTask,
  ObjectSyncOptions,
  PhasePlan,
  PlannedObject,
  PlanProblem,
  ProblemEffect,
  PropagationPolicy,
  PruneConfirmation,
  PruneTask,
  ResourceSelector,
  SkipCode,
  SkippedTask,
  SyncPhase,
  SyncPlan,
  SyncPlanInput,
  SyncPlanOptions,
  SyncTask,
  TaskAction,
  UnchangedTask,
  UpdateTask,
  WavePlan,
} from './types.js';
export { KIND_ORDER, PHASE_ORDER, compareTasks, kindRank, orderTasks } from './order.js';
export { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION, hookName, hookSpecOf } from './hooks.js';
export type { HookSpec } from './hooks.js';
export { SYNC_WAVE_ANNOTATION, mirroredWaves, parseWave, pruneLastWave, waveOf } from './waves.js';
export {
  confirmationToken,
  guardPrune,
  isConfirmed,
  managedElsewhere,
  pruneRefusal,
} from './prune-guards.js';
export type { PruneDecision } from './prune-guards.js';
export {
  ARGO_SYNC_OPTIONS_ANNOTATION,
  FLOTILLA_SYNC_OPTIONS_ANNOTATION,
  objectSyncOptions,
} from './object-options.js';
export { formatSelector, isSelected, parseResourceSelector } from './selection.js';
export { REVISION_ANNOTATION } from './tracking.js';
export type {
  Initiator,
  LockHolder,
  OperationPhase,
  OperationState,
  SyncEvent,
  SyncOutcome,
  SyncRequest,
  TaskResult,
  TaskStatus,
  TerminateRequest,
} from './operation.js';
export type { RollbackEvent, RollbackRequest, RollbackTarget } from './rollback.js';
