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
  /** A production cluster: the fleet file's `production: true`, or labels matching settings.productionClusters
   * (default `env: prod` or `production`). Absent (fixtures, older engines): judged by the labels. */
  production?: boolean;
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

/** What a sync does with one object, as the plan and the operation pane show it. */
export type TaskActionView = 'create' | 'update' | 'unchanged' | 'hook' | 'prune' | 'skipped';

/** A sync phase; SyncFail hooks run only when the sync fails. */
export type SyncPhaseView = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';

/** The options of a sync as the sync dialog sets them (and as a bulk sync sends them to every app). */
export interface SyncOptionsView {
  prune: boolean;
  dryRun: boolean;
  force: boolean;
  replace: boolean;
  onlyOutOfSync: boolean;
  /** Resource keys (`ResourceRow.key`) to sync: a partial sync. Undefined: every resource. */
  resources?: string[];
  /** Prunes confirmed by name (`Kind/name` or `Kind/namespace/name` tokens, as the plan lists them). */
  confirmPrune?: string[];
}

/** One task of a sync plan. */
export interface PlanTaskView {
  /** Same key as the app's `ResourceRow.key` for resources; hooks have their own. */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  action: TaskActionView;
  phase: SyncPhaseView;
  wave: number;
  /** Why it is skipped, or what is special about it, in plain words. */
  note?: string;
}

/** The plan of a sync, computed by the engine without sending anything (`Intents.planSync`). */
export interface PlanView {
  appId: string;
  status: LoadStatus;
  error?: string;
  /** The commit it would apply. */
  revision?: string;
  /** Only some resources are synced: no hooks, not recorded as a full sync. */
  partial: boolean;
  tasks: PlanTaskView[];
  /** Counts per action. */
  counts: Partial<Record<TaskActionView, number>>;
  /** Prunes that wait for a confirmation by name: the tokens to confirm. */
  needsConfirmation: string[];
  /** What stops this sync (render failed, plan problems), in plain words; empty when it can run. */
  problems: string[];
  /** The options it was planned with (a late answer for other options is ignored). */
  options: SyncOptionsView;
}

/** Where an operation is; `Refused`: it never started (read-only, lock held, forbidden, plan problems). */
export type OperationPhaseView = 'Running' | 'Succeeded' | 'Failed' | 'Interrupted' | 'Refused';

/** One task of a running or finished operation. */
export interface OperationTaskView {
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  action: TaskActionView;
  phase: SyncPhaseView;
  wave: number;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  message?: string;
}

/** An operation (sync, rollback, automation) of one app: started here, or read from the cluster. */
export interface OperationView {
  appId: string;
  /** The engine's operation id; undefined for a refusal. */
  id?: string;
  kind: 'sync' | 'rollback' | 'auto-sync' | 'self-heal';
  phase: OperationPhaseView;
  revision?: string;
  /** `user@host`. */
  initiator?: string;
  /** Epoch ms. */
  startedAt?: number;
  finishedAt?: number;
  /** Why it failed or was refused, or what it waits for, in plain words. */
  message?: string;
  step?: { phase: SyncPhaseView; wave: number };
  /** Objects the current step waits on (`Kind/name`). */
  waitingOn?: string[];
  dryRun: boolean;
  partial: boolean;
  tasks: OperationTaskView[];
  /** Started by this flotilla (false: another operator's, read from the cluster). */
  mine: boolean;
}

/** One entry of an app's sync history. */
export interface HistoryEntryView {
  id: number;
  sha: string;
  subject?: string;
  author?: string;
  /** Finished, epoch ms. */
  deployedAt: number;
  /** `user@host`, or the automation that ran it. */
  initiator: string;
  kind: 'sync' | 'rollback' | 'auto-sync' | 'self-heal';
  result: 'Succeeded' | 'Failed';
  message?: string;
  partial: boolean;
  /** Failed attempts folded into this entry. */
  attempts: number;
  rollbackOf?: number;
}

/** An operator's hold on an automated app. */
export interface AutoSyncPauseView {
  by: string;
  /** Epoch ms. */
  at: number;
  reason: string;
  /** The revision a rollback pinned. */
  revision?: string;
}

/** The history of the one app whose history pane is open. */
export interface HistoryView {
  appId: string;
  status: LoadStatus;
  error?: string;
  /** Newest first. */
  entries: HistoryEntryView[];
  pause?: AutoSyncPauseView;
  /** What one entry changed against the one before it (`Intents.requestHistoryDiff`). */
  diff?: { id: number; status: LoadStatus; error?: string; resources: ResourceDiff[] };
}

/** One mutating request this flotilla sent (from the engine's audit log). */
export interface ActionLogEntryView {
  /** Epoch ms. */
  time: number;
  cluster: string;
  app?: string;
  verb: string;
  /** `Kind/namespace/name`. */
  object: string;
  /** e.g. `ok`, `refused`, `failed 409`. */
  result: string;
  message?: string;
}

/** The action log, newest first. */
export interface ActionLogView {
  status: LoadStatus;
  error?: string;
  entries: ActionLogEntryView[];
}

/** A fleet rollout started from the TUI (`:rollout`), group by group. */
export interface RolloutView {
  appSet: string;
  /** `label=v1,v2`. */
  order: string;
  phase: 'Running' | 'Succeeded' | 'Failed' | 'Stopped' | 'Refused';
  message?: string;
  groups: {
    value: string;
    apps: {
      appId: string;
      state: 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';
      message?: string;
    }[];
  }[];
}

/** What a dialog does when confirmed. */
export type DialogAction =
  | { type: 'sync'; appIds: string[]; options: SyncOptionsView }
  | { type: 'rollback'; appId: string; id?: number; prune: boolean }
  | { type: 'terminate'; appId: string }
  /** A text dialog: its text is the reason. */
  | { type: 'pause'; appId: string }
  | { type: 'resume'; appId: string }
  | { type: 'rollout'; appSet: string; order: string; prune: boolean };

/** A yes/no question before an action; on a production cluster (or for a risky action) the cluster's name
 * must be typed first. */
export interface ConfirmDialogState {
  kind: 'confirm';
  title: string;
  /** What will happen, one line each (untrusted parts already made safe). */
  lines: string[];
  /** When set, Enter does nothing until exactly this text is typed. */
  typeToConfirm?: string;
  typed: string;
  /** Drawn in the danger role (prune, force, production). */
  danger: boolean;
  action: DialogAction;
}

/** A one-line text question (a pause's reason). */
export interface TextDialogState {
  kind: 'text';
  title: string;
  lines: string[];
  label: string;
  text: string;
  action: DialogAction;
}

/** The sync dialog: the plan of one or more apps, its toggles and resource checklist. */
export interface SyncDialogState {
  kind: 'sync';
  appIds: string[];
  options: SyncOptionsView;
  /** Row under the cursor (task key, or app id for a bulk sync). */
  cursor?: string;
  /** The resource whose diff is shown, if any. */
  showDiffOf?: string;
  /** Set once a bulk sync was sent (epoch ms): the dialog stays to show each app's progress. */
  sentAt?: number;
}

/** The dialog over the current screen, which then gets no keys. */
export type DialogState = ConfirmDialogState | TextDialogState | SyncDialogState;

/** Kinds of dialog (each is a key context of its own). */
export type DialogKind = DialogState['kind'];

/** Screens the UI can show; the screen stack is a list of these. */
export type Screen =
  | { id: 'fleet' }
  | { id: 'app'; app: string }
  | { id: 'drift'; app: string }
  | { id: 'repo'; app: string }
  | { id: 'history'; app: string }
  | { id: 'help'; screen: ScreenId; pane: PaneId }
  /** One app's operation (phase → wave → object); without an app, every operation and the rollout. */
  | { id: 'operation'; app?: string }
  /** The action log: every mutating request this flotilla sent. */
  | { id: 'actions' };

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
  | 'history.list'
  | 'history.diff'
  | 'help.list'
  | 'operation.steps'
  | 'actions.list';

/** Lists whose cursor and scroll position the UI keeps. */
export type ListId =
  | 'clusters'
  | 'apps'
  | 'matrix'
  | 'tree'
  | 'events'
  | 'diff'
  | 'commits'
  | 'history'
  | 'historyDiff'
  | 'help'
  | 'operation'
  | 'actions';

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
  /** The app screen shows the event under the cursor whole (Enter on an event). */
  eventWhole?: boolean;
  theme: string;
  prompt?: PromptState;
  message?: StatusMessage;
  /** Global `--readonly`. */
  readOnly: boolean;
  /** Apps marked with Space for a bulk action, by id. */
  selection: Record<string, true>;
  /** The dialog over the screen, if one is open. */
  dialog?: DialogState;
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
  /** Sync plans per app id, while a sync dialog wants them. */
  plans: Record<string, PlanView>;
  /** The running or last operation per app id (this flotilla's, or one read from the cluster). */
  operations: Record<string, OperationView>;
  /** The history of the app whose history pane is open. */
  history?: HistoryView;
  actionLog?: ActionLogView;
  /** The rollout started from this TUI, while it runs and after. */
  rollout?: RolloutView;
  ui: UiState;
}
