/** Results of a diff: per resource and per app. Everything here is masked and safe to show, log or serialise. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { Problem } from '../problem.js';
import type { DiffMode } from './compare.js';

/** Sync status of one resource. */
export type ResourceSyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extraneous' | 'Unknown';

/** Sync status of an app. */
export type AppSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/** The comparison of one resource. Shared with the cache: treat as read-only. The unified diff is not part of
 * it: `diffText` builds it from `live` and `target` when someone looks. */
export interface ResourceDiff {
  identity: ObjectIdentity;
  status: ResourceSyncStatus;
  /** How it was compared; absent when no comparison was made (Missing, Extraneous, or the live object unreadable). */
  mode?: DiffMode;
  /** Why the client-side comparison was used instead of the server-side one. */
  fallbackReason?: string;
  /** Extraneous, but marked `compare-options: IgnoreExtraneous`: it does not make the app OutOfSync. */
  ignoreExtraneous?: boolean;
  /** JSON pointers of the fields that differ (empty when Synced). */
  changedPaths: string[];
  /** The live side as compared (normalised, masked). */
  live?: KubeObject;
  /** The target side as compared: dry-run result or desired object (normalised, masked). */
  target?: KubeObject;
  problems: Problem[];
}

/** A desired object as the renderer gives it (src/engine/render's RenderedObject fits). */
export interface DesiredObject {
  object: KubeObject;
  identity?: ObjectIdentity;
  /** sha256 of the rendered object; computed when absent. */
  hash?: string;
}

/** An object left out of the comparison, and why. */
export interface SkippedObject {
  identity: ObjectIdentity;
  reason: string;
}

/** The comparison of one app. */
export interface AppDiff {
  app: string;
  /** Synced only when every resource is (Extraneous ones with IgnoreExtraneous aside); Unknown when nothing is
   * out of sync but some resource could not be compared. */
  status: AppSyncStatus;
  /** The mode every compared resource used, `mixed` when they differ, `none` when nothing was compared. */
  mode: DiffMode | 'mixed' | 'none';
  counts: Record<ResourceSyncStatus, number>;
  /** Sorted by group, kind, namespace, name. */
  resources: ResourceDiff[];
  /** Hooks and objects with only `generateName`: run by a sync, never in sync. */
  skipped: SkippedObject[];
  /** Problems with the request itself (bad ignore rules, duplicate objects); per-resource ones sit on each resource. */
  problems: Problem[];
}
