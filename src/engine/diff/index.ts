/** Public surface of the diff: comparison of desired and live objects (see differ.ts for the flow). */
export { createDiffer, compareResource, missingResource, extraneousResource, summarise } from './differ.js';
export type { Differ } from './differ.js';
export type { AppDiff, AppSyncStatus, ResourceDiff, ResourceSyncStatus } from './types.js';
export type { LiveAccess } from './live.js';
export { classifyDryRunError } from './live.js';
export type { Comparer } from './compare.js';
export { compareObjects } from './compare.js';
export type { IgnoreDifferenceRule } from './ignore.js';
export { compileIgnoreRules, validateIgnoreRules } from './ignore.js';
export { parseJqPath, resolveJqPath } from './jqpath.js';
export { parsePointer, resolvePointer } from './pointer.js';
export { normalizeObject, isSecret } from './normalize.js';
export { maskSecret } from './mask.js';
export { unifiedDiff } from './unified.js';
export { diffText } from './text.js';
export { DiffCache } from './cache.js';
export { TRACKING_LABEL, trackingIdFor } from '../tracking.js';
export { withTracking, isTrackedBy, identityOf } from './tracking.js';
