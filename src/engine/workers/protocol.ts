/** Messages between the UI thread and the monitor worker. Plain data only (structured clone). */
import type { Fleet } from '../config/index.js';
import type { EventSummary, MonitorEvent, PendingCommitsSummary, TreeNode } from '../monitor/index.js';

/** Everything the worker needs to start: the fleet is loaded and checked on the UI thread first. */
export interface WorkerInit {
  fleet: Fleet;
  env: Record<string, string | undefined>;
  readOnly: boolean;
}

/** One resource's diff, ready to show: lines of the unified diff, Secret values masked. */
export interface DiffLines {
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  status: string;
  lines: string[];
}

/** Requests from the UI thread. */
export type WorkerRequest =
  | { type: 'refresh'; target?: { app?: string; cluster?: string } }
  | { type: 'detail'; app: string }
  | { type: 'children'; app: string; key: string }
  | { type: 'diff'; app: string }
  | { type: 'commits'; app: string }
  | { type: 'stop' };

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'monitor'; event: MonitorEvent }
  | { type: 'detail'; app: string; resources: TreeNode[]; events: EventSummary[] }
  | { type: 'children'; app: string; key: string; children: TreeNode[] }
  | { type: 'diff'; app: string; resources: DiffLines[] }
  | { type: 'commits'; app: string; pending: PendingCommitsSummary | null }
  | { type: 'failed'; request: WorkerRequest['type']; app?: string; message: string }
  | { type: 'stopped' };
