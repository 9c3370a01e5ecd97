/**
 * The view model: everything the panes show, in the shape the panes want it.
 *
 * These types are the contract with the engine side: the worker turns engine results into these rows
 * and sends them as patches (./patch.ts). They deliberately do not import engine types, so the UI
 * can be built and tested on fixtures, and the engine can change its internals freely.
 */

/** Health of a resource or app, worst first when rolled up (mirrors Argo CD's health order). */
export type HealthStatus = 'Healthy' | 'Suspended' | 'Progressing' | 'Missing' | 'Degraded' | 'Unknown';

/** Sync status of a resource or app. */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/** Every health status, best to worst. */
export const HEALTH_STATUSES: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** Every sync status. */
export const SYNC_STATUSES: readonly SyncStatus[] = ['Synced', 'OutOfSync', 'Unknown'];

/** One cluster as the cluster strip shows it. */
export interface ClusterView {
  /** Fleet-file name of the cluster (unique). */
  name: string;
  /** Labels from the fleet file, e.g. `{env: 'prod'}`; they pick the frame colour. */
  labels: Record<string, string>;
  /** False once the worker's last request failed or timed out. */
  reachable: boolean;
  /** Round-trip of the last successful request, in ms. */
  latencyMs?: number;
  /** Epoch ms of the last successful contact; absent when never reached. Freshness is computed from it. */
  lastContact?: number;
  /** Server version, e.g. `v1.31.2`. */
  apiVersion?: string;
  /** The last failure in plain words ("connection refused"), cleared on success. */
  lastError?: string;
  /** Whether this identity may write (from a SelfSubjectAccessReview or similar). */
  canWrite: boolean;
  /** `readOnly: true` in the fleet file. */
  readOnly: boolean;
  /** Set while the monitor that reports this cluster is down: why. The next report replaces the row. */
  stale?: string;
}

/** One Git repository as the repo line and the Repo pane show it. */
export interface RepoView {
  /** Fleet-file name of the repo (unique). */
  name: string;
  /** URL or local path, without credentials. */
  url: string;
  /** Commit in use per revision followed; the last good one while polls fail. */
  tips: Record<string, string>;
  /** Epoch ms of the last successful poll; absent when none succeeded yet. Freshness is computed from it. */
  lastPolled?: number;
  /** Why the last poll failed, in plain words; absent once a poll succeeds. */
  lastError?: string;
  /** Polls that failed in a row; 0 when the last one succeeded. */
  failures: number;
}

/** Auto-sync policy of an app, as configured (and possibly paused by an operator). */
export interface AutoSyncPolicy {
  enabled: boolean;
  prune: boolean;
  selfHeal: boolean;
  /** Set when an operator paused auto-sync (e.g. after a rollback): who and why. */
  pausedReason?: string;
  /** Why the last automated attempt failed, while it is not resolved (a new commit or a retry clears it). */
  syncError?: string;
  /** When the next automated attempt is due (epoch ms). */
  nextAttemptAt?: number;
  /** An automated operation running now. */
  activity?: 'syncing' | 'healing';
  /** True when this flotilla only observes (`--no-auto-sync`, read-only). */
  observing?: boolean;
}

/** The revision an app is deployed at. */
export interface RevisionView {
  /** Full commit SHA; panes shorten it. */
  sha: string;
  /** The ref the app follows (branch or tag), e.g. `main`. */
  ref: string;
  /** Commit time, epoch ms. */
  commitTime?: number;
}

/** One resource of an app in the flat per-app summary (what the engine compares). */
export interface ResourceRow {
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  sync: SyncStatus;
  health?: HealthStatus;
  message?: string;
}

/** One app (one path at one revision applied to one cluster and namespace). */
export interface AppView {
  /** Unique and stable across updates; the engine's choice (suggested: `cluster/name`). */
  id: string;
  name: string;
  /** Name of the app set that generated this app, if any. */
  appSet?: string;
  cluster: string;
  namespace: string;
  /** Name of the repo the app comes from, when the engine said (it marks the app while that repo is stale). */
  repo?: string;
  sync: SyncStatus;
  health: HealthStatus;
  /** Why the app has its health, in plain words (shown in alerts and the app header). */
  healthMessage?: string;
  revision: RevisionView;
  /** Number of resources whose live state differs from the desired state. */
  driftCount: number;
  autoSync: AutoSyncPolicy;
  /** Per-resource rows, when the engine has sent them. */
  resources?: ResourceRow[];
  /** Set while the monitor that reports this app is down: why. The next report replaces the row. */
  stale?: string;
}

/** One commit in a repo. */
export interface CommitView {
  sha: string;
  subject: string;
  author: string;
  /** Commit time, epoch ms. */
  time: number;
}

/** Commits merged on the app's ref but not yet deployed: between `deployedSha` and `tipSha`. */
export interface PendingCommits {
  repo: string;
  ref: string;
  deployedSha: string;
  tipSha: string;
  /** Newest first. */
  commits: CommitView[];
}

/** Loading state of something requested on demand. */
export type LoadStatus = 'loading' | 'ready' | 'error';

/** One node of an app's resource tree; children are loaded when the user expands the node. */
export interface ResourceNode {
  /** Unique within the app, e.g. `apps/Deployment/ns/name`. */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  sync?: SyncStatus;
  health?: HealthStatus;
  message?: string;
  /** True when the node may have children (ReplicaSets, Pods) that can be loaded. */
  expandable?: boolean;
  /** Undefined until loaded; an empty array once loaded with none. */
  children?: ResourceNode[];
}

/** One Kubernetes event about an object of the app. */
export interface EventView {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `Kind/name` of the involved object. */
  object: string;
  count: number;
  /** Epoch ms. */
  lastSeen: number;
}

/** The unified diff of one resource; Secret values are already masked by the engine. */
export interface ResourceDiff {
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Unified diff lines including `---`/`+++`/`@@` headers, without trailing newlines. */
  lines: string[];
}

/** The diff of the selected app, requested on demand. */
export interface DiffView {
  status: LoadStatus;
  error?: string;
  resources: ResourceDiff[];
}

/** Detail of the one app the user has open (tree, events, diff); only one at a time. */
export interface AppDetail {
  appId: string;
  status: LoadStatus;
  error?: string;
  resources: ResourceNode[];
  events: EventView[];
  /** Node keys whose children were requested and have not arrived yet. */
  loadingChildren: Record<string, true>;
  diff?: DiffView;
}

/** How loud an alert is: `danger` and `warning` ring the configured notification. */
export type AlertSeverity = 'danger' | 'warning' | 'info';

/** Something that needs attention, shown on the attention line. */
export interface Alert {
  id: string;
  severity: AlertSeverity;
  text: string;
  /** Epoch ms. */
  time: number;
  app?: string;
  cluster?: string;
  acknowledged: boolean;
}

/** Screens the UI can show; the screen stack is a list of these. */
export type Screen =
  | { id: 'fleet' }
  | { id: 'app'; app: string }
  | { id: 'drift'; app: string }
  | { id: 'repo'; app: string }
  | { id: 'help'; screen: ScreenId; pane: PaneId };

/** Screen ids. */
export type ScreenId = Screen['id'];

/** Panes that can have focus; each belongs to one screen. */
export type PaneId =
  | 'fleet.clusters'
  | 'fleet.apps'
  | 'fleet.matrix'
  | 'app.tree'
  | 'app.events'
  | 'drift.diff'
  | 'repo.commits'
  | 'help.list';

/** Lists whose cursor and scroll position the UI keeps. */
export type ListId = 'clusters' | 'apps' | 'matrix' | 'tree' | 'events' | 'diff' | 'commits' | 'help';

/** Cursor (row key) and first visible row of a list. */
export interface ListState {
  cursor?: string;
  /** Index of the cursor when it was last set; used when the cursor row disappears. */
  index?: number;
  top: number;
}

/** How the app table is grouped. */
export type Grouping = 'none' | 'cluster' | 'appSet';

/** The text prompt at the bottom line: filter (`/`) or command line (`:`). */
export interface PromptState {
  kind: 'filter' | 'command';
  text: string;
  /** Filter text before the prompt opened, restored on cancel. */
  previous?: string;
}

/** A transient message on the bottom line (e.g. "theme nord not found"). */
export interface StatusMessage {
  text: string;
  severity: 'info' | 'warning' | 'danger';
}

/** UI state: navigation, filters, cursors. Kept in the store so tests and the dispatcher see it. */
export interface UiState {
  /** Never empty; the first entry is the fleet screen. */
  screens: Screen[];
  /** Focused pane per screen (absent: the screen's default pane). */
  focus: Partial<Record<ScreenId, PaneId>>;
  /** Filter text per list (regex; a leading `!` inverts). */
  filters: Partial<Record<ListId, string>>;
  /** Only apps of this cluster, set by `:cluster NAME` or Enter on the strip. */
  clusterScope?: string;
  grouping: Grouping;
  /** The fleet screen shows the app × cluster matrix instead of the table. */
  matrix: boolean;
  /** First visible cluster column of the matrix, and the column under the cursor. */
  matrixColumn: number;
  lists: Partial<Record<ListId, ListState>>;
  /** Expanded resource-tree nodes of the open app. */
  expanded: Record<string, true>;
  /** Index of the resource shown on the drift screen. */
  driftResource: number;
  theme: string;
  prompt?: PromptState;
  message?: StatusMessage;
  /** Global `--readonly`. */
  readOnly: boolean;
}

/** The whole store state. */
export interface ViewModel {
  clusters: Record<string, ClusterView>;
  repos: Record<string, RepoView>;
  apps: Record<string, AppView>;
  /** Pending commits per app id. */
  pending: Record<string, PendingCommits>;
  detail?: AppDetail;
  /** Newest last; capped. */
  alerts: Alert[];
  ui: UiState;
}
