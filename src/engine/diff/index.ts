/** Public surface of the diff: comparison of desired and live objects (see differ.ts for the flow). */
export { createDiffer, compareResource, missingResource, extraneousResource, summarise } from './differ.js';
export type { Differ, DifferOptions, AppDiffRequest } from './differ.js';
export type {
  AppDiff,
  AppSyncStatus,
  DesiredObject,
  ResourceDiff,
  ResourceSyncStatus,
  SkippedObject,
} from './types.js';
export type { LiveAccess, KubeRequestError, DryRunFailure } from './live.js';
export { FIELD_MANAGER, classifyDryRunError } from './live.js';
export type { Comparer, CompareInput, CompareOutcome, DiffMode, FieldOwnership } from './compare.js';
export { compareObjects, changedPaths } from './compare.js';
export type { IgnoreDifferenceRule, CompiledIgnoreRule, CompiledIgnoreRules } from './ignore.js';
export { compileIgnoreRules, validateIgnoreRules } from './ignore.js';
export type { JqPath } from './jqpath.js';
export { parseJqPath, resolveJqPath } from './jqpath.js';
export { parsePointer, resolvePointer } from './pointer.js';
export { normalizeObject, isSecret } from './normalize.js';
export { maskSecret, maskSecretPair } from './mask.js';
export { unifiedDiff, toStableYaml, DEFAULT_DIFF_BOUNDS, FULL_DIFF_BOUNDS } from './unified.js';
export type { DiffBounds, UnifiedDiffOptions } from './unified.js';
export { diffText } from './text.js';
export type { DiffTextOptions } from './text.js';
export { DiffCache } from './cache.js';
export { TRACKING_LABEL, TRACKING_ID_ANNOTATION, trackingIdFor } from '../tracking.js';
export { withTracking, isTrackedBy, identityOf, compareOptionsOf, ignoresExtraneous } from './tracking.js';
