/** Messages between the UI thread and the monitor worker. Plain data only (structured clone). */
import type { Fleet } from '../config/index.js';
import type { ResourceDiff } from '../diff/index.js';
import type { EventSummary, MonitorEvent, PendingCommitsSummary, TreeNode } from '../monitor/index.js';
import type { ObjectRef } from '../objects.js';

/** Everything the worker needs to start: the fleet is loaded and checked on the UI thread first. */
export interface WorkerInit {
  fleet: Fleet;
  env: Record<string, string | undefined>;
  readOnly: boolean;
  /** Run auto-sync and self-heal of automated apps; false (or read-only): only show what they would do;
   * absent: no automation at all (the monitor alone, as its tests run it). */
  autoSync?: boolean;
}

/** One resource's comparison as it crosses the thread boundary: the unified diff (Secret values
 * masked) without the compared objects. */
export type DiffSummary = Pick<ResourceDiff, 'identity' | 'status'> & { diff?: string };

/** Requests from the UI thread. */
export type WorkerRequest =
  | { type: 'refresh'; target?: { app?: string; cluster?: string } }
  | { type: 'detail'; app: string }
  | { type: 'children'; app: string; resource: ObjectRef }
  | { type: 'diff'; app: string }
  | { type: 'commits'; app: string }
  | { type: 'stop' };

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'monitor'; event: MonitorEvent }
  | { type: 'detail'; app: string; resources: TreeNode[]; events: EventSummary[] }
  | { type: 'children'; app: string; resource: ObjectRef; children: TreeNode[] }
  | { type: 'diff'; app: string; resources: DiffSummary[] }
  | { type: 'commits'; app: string; pending: PendingCommitsSummary | null }
  | { type: 'failed'; request: WorkerRequest['type']; app?: string; message: string }
  | { type: 'stopped' };
