/** Messages between the UI thread and the monitor worker. Plain data only (structured clone). */
import type { Fleet } from '../config/index.js';
import type { ResourceDiff } from '../diff/index.js';
import type { EventSummary, MonitorEvent, PendingCommitsSummary, TreeNode } from '../monitor/index.js';
import type { ObjectRef } from '../objects.js';
import type { ActionLogEntry } from '../audit-read.js';
import type { AppRecord } from '../history/index.js';
import type { HistoryDiffWire, OperationWire, PlanWire, RolloutWire } from './wire.js';

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

/** A sync's options as the UI sets them; resources are row keys (`group/Kind/namespace/name`). */
export interface SyncOptionsWire {
  prune: boolean;
  dryRun: boolean;
  force: boolean;
  replace: boolean;
  onlyOutOfSync: boolean;
  resources?: string[];
  confirmPrune?: string[];
}

/** Requests from the UI thread. */
export type WorkerRequest =
  | { type: 'refresh'; target?: { app?: string; cluster?: string } }
  | { type: 'detail'; app: string }
  | { type: 'children'; app: string; resource: ObjectRef }
  | { type: 'diff'; app: string }
  | { type: 'commits'; app: string }
  | { type: 'plan'; app: string; options: SyncOptionsWire }
  | { type: 'sync'; app: string; options: SyncOptionsWire }
  | { type: 'rollback'; app: string; id?: number; prune: boolean }
  | { type: 'terminate'; app: string }
  | { type: 'autosync'; app: string; change: { pause: string } | { resume: true } }
  | { type: 'history'; app: string }
  | { type: 'historyDiff'; app: string; id: number }
  | { type: 'follow'; app: string }
  | { type: 'unfollow'; app: string }
  | { type: 'actionLog' }
  | { type: 'rollout'; appSet: string; order: string; prune: boolean }
  | { type: 'stop' };

/** Messages from the worker. The acting side's answers (plan, operation, history, action log, rollout) are
 * shaped in ./wire.ts. */
export type WorkerMessage =
  | { type: 'monitor'; event: MonitorEvent }
  | { type: 'detail'; app: string; resources: TreeNode[]; events: EventSummary[] }
  | { type: 'children'; app: string; resource: ObjectRef; children: TreeNode[] }
  | { type: 'diff'; app: string; resources: DiffSummary[] }
  | { type: 'commits'; app: string; pending: PendingCommitsSummary | null }
  | { type: 'plan'; app: string; options: SyncOptionsWire; plan?: PlanWire; error?: string }
  | { type: 'operation'; operation: OperationWire }
  | { type: 'history'; app: string; record?: AppRecord; error?: string }
  | { type: 'historyDiff'; app: string; id: number; diff?: HistoryDiffWire; error?: string }
  | { type: 'actionLog'; entries?: ActionLogEntry[]; error?: string }
  | { type: 'rollout'; rollout: RolloutWire }
  | { type: 'failed'; request: WorkerRequest['type']; app?: string; message: string }
  | { type: 'stopped' };
