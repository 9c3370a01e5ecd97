/**
 * The patch API the engine side feeds: small view-model changes, applied in one store update.
 *
 * Patches for the app detail (tree, events, diff, children) are dropped unless that app is the one
 * the user has open, so a late answer for a previously selected app never overwrites the current one.
 */
import {
  appendAlerts,
  appTransitionAlerts,
  clusterTransitionAlerts,
  operationTransitionAlerts,
  makeAlert,
  repoTransitionAlerts,
} from './alerts.js';
import type { AlertInput } from './alerts.js';
import { planMatches } from './sync-dialog.js';
import type { FlotillaStore } from './store.js';
import type {
  Alert,
  AppDetail,
  AppView,
  ClusterView,
  EventView,
  LoadStatus,
  PendingCommits,
  RepoView,
  ResourceDiff,
  ResourceNode,
  ViewModel,
  ActionLogView,
  HistoryView,
  OperationView,
  PlanView,
  RolloutView,
} from './types.js';

/** Add or replace clusters by name, remove some; `replace` drops every cluster not in `upsert`. */
export interface ClustersPatch {
  kind: 'clusters';
  upsert?: ClusterView[];
  remove?: string[];
  replace?: boolean;
}

/** Add or replace repos by name (repos come from the fleet file and are never removed while it runs). */
export interface ReposPatch {
  kind: 'repos';
  upsert: RepoView[];
}

/** Add or replace apps by id (whole rows), remove some; `replace` drops every app not in `upsert`. */
export interface AppsPatch {
  kind: 'apps';
  upsert?: AppView[];
  remove?: string[];
  replace?: boolean;
}

/** Commits pending for one app (null: none known / forget). */
export interface CommitsPatch {
  kind: 'commits';
  app: string;
  pending: PendingCommits | null;
}

/** Tree and events of the open app; fields left out keep their value. */
export interface AppDetailPatch {
  kind: 'appDetail';
  app: string;
  status?: LoadStatus;
  error?: string;
  resources?: ResourceNode[];
  events?: EventView[];
}

/** Children of one tree node of the open app, answering `Intents.requestChildren`. */
export interface ResourceChildrenPatch {
  kind: 'resourceChildren';
  app: string;
  resource: string;
  children: ResourceNode[];
}

/** The diff of the open app, answering `Intents.requestDiff`. */
export interface DiffPatch {
  kind: 'diff';
  app: string;
  status: LoadStatus;
  error?: string;
  resources?: ResourceDiff[];
}

/** An alert raised by the engine itself (a failed render, an expired token…). */
export interface AlertPatch {
  kind: 'alert';
  alert: AlertInput;
}

/** The monitor stopped: every cluster and app row is as of its last report, and open requests will not
 * be answered. Marks them all stale with `reason` (which also becomes an alert); each row's next
 * report clears its mark. */
export interface StalePatch {
  kind: 'stale';
  reason: string;
}

/** Global read-only mode (`--readonly`). */
export interface ReadOnlyPatch {
  kind: 'readOnly';
  readOnly: boolean;
}

/** The plan of a sync (`Intents.planSync`); dropped when it was planned with other options than the
 * dialog now shows (the user toggled something meanwhile). */
export interface PlanPatch {
  kind: 'plan';
  plan: PlanView;
}

/** An app's operation: upserted whole (a refusal comes as phase Refused). */
export interface OperationPatch {
  kind: 'operation';
  operation: OperationView;
}

/** The open history pane's entries and pause. */
export interface HistoryPatch {
  kind: 'history';
  history: Omit<HistoryView, 'diff'>;
}

/** One history entry's diff, for the open history pane. */
export interface HistoryDiffPatch {
  kind: 'historyDiff';
  app: string;
  diff: NonNullable<HistoryView['diff']>;
}

/** The action log, newest first. */
export interface ActionLogPatch {
  kind: 'actionLog';
  log: ActionLogView;
}

/** The rollout started from this TUI. */
export interface RolloutPatch {
  kind: 'rollout';
  rollout: RolloutView;
}

/** Every change the engine side can send. */
export type Patch =
  | ClustersPatch
  | ReposPatch
  | AppsPatch
  | CommitsPatch
  | AppDetailPatch
  | ResourceChildrenPatch
  | DiffPatch
  | AlertPatch
  | StalePatch
  | ReadOnlyPatch
  | PlanPatch
  | OperationPatch
  | HistoryPatch
  | HistoryDiffPatch
  | ActionLogPatch
  | RolloutPatch;

/** Keeps a plan only while it answers the options the open sync dialog shows (or no dialog asked yet). */
function withPlan(state: ViewModel, plan: PlanView): ViewModel {
  const dialog = state.ui.dialog;
  if (dialog?.kind === 'sync' && dialog.appIds.includes(plan.appId) && !planMatches(plan, dialog.options))
    return state;
  return { ...state, plans: { ...state.plans, [plan.appId]: plan } };
}

/** A history answer for the app whose pane is open; the diff shown stays when the same app is refreshed. Another
 * app's history (sent after its rollback or pause, unasked) must not replace the one on screen. */
function withHistory(state: ViewModel, history: Omit<HistoryView, 'diff'>): ViewModel {
  const current = state.history;
  if (current && current.appId !== history.appId) return state;
  const diff = current?.appId === history.appId ? current.diff : undefined;
  return { ...state, history: { ...history, ...(diff ? { diff } : {}) } };
}

/** Options for applying patches. */
interface ApplyOptions {
  /** Epoch ms stamped on new alerts; defaults to Date.now(). */
  now?: number;
}

/** Applies one or many patches to the store with a single setState (one React commit). */
export function applyPatch(
  store: FlotillaStore,
  patches: Patch | readonly Patch[],
  options: ApplyOptions = {},
): void {
  const list = Array.isArray(patches) ? (patches as readonly Patch[]) : [patches as Patch];
  if (list.length === 0) return;
  const now = options.now ?? Date.now();
  store.setState((state) => reducePatches(state, list, now), true);
}

/** Pure reducer: the state after `patches`, in order. */
function reducePatches(state: ViewModel, patches: readonly Patch[], now: number): ViewModel {
  let next = state;
  const raised: AlertInput[] = [];
  for (const patch of patches) next = reduceOne(next, patch, raised);
  if (raised.length === 0) return next;
  const seq = next.alerts.length;
  const alerts: Alert[] = raised.map((a, i) => makeAlert(a, now, seq + i));
  return { ...next, alerts: appendAlerts(next.alerts, alerts) };
}

function reduceOne(state: ViewModel, patch: Patch, raised: AlertInput[]): ViewModel {
  switch (patch.kind) {
    case 'clusters':
      raised.push(...clusterTransitionAlerts(state.clusters, patch.upsert ?? []));
      return {
        ...state,
        clusters: upsertRecord(state.clusters, patch.upsert, patch.remove, patch.replace, (c) => c.name),
      };
    case 'repos':
      raised.push(...repoTransitionAlerts(state.repos, patch.upsert));
      return { ...state, repos: upsertRecord(state.repos, patch.upsert, undefined, false, (r) => r.name) };
    case 'apps':
      raised.push(...appTransitionAlerts(state.apps, patch.upsert ?? []));
      return {
        ...state,
        apps: upsertRecord(state.apps, patch.upsert, patch.remove, patch.replace, (a) => a.id),
      };
    case 'commits':
      return { ...state, pending: setOrDelete(state.pending, patch.app, patch.pending) };
    case 'appDetail':
      return withDetail(state, patch.app, (d) => ({
        ...d,
        status: patch.status ?? d.status,
        error: patch.status === 'ready' ? undefined : (patch.error ?? d.error),
        resources: patch.resources ? mergeLoadedChildren(patch.resources, d.resources) : d.resources,
        events: patch.events ?? d.events,
      }));
    case 'resourceChildren':
      return withDetail(state, patch.app, (d) => ({
        ...d,
        resources: setChildren(d.resources, patch.resource, patch.children),
        loadingChildren: without(d.loadingChildren, patch.resource),
      }));
    case 'diff':
      return withDetail(state, patch.app, (d) => ({
        ...d,
        diff: {
          status: patch.status,
          error: patch.error,
          resources: patch.resources ?? d.diff?.resources ?? [],
        },
      }));
    case 'alert':
      raised.push(patch.alert);
      return state;
    case 'stale':
      raised.push({ severity: 'danger', text: patch.reason });
      return markStale(state, patch.reason);
    case 'readOnly':
      return { ...state, ui: { ...state.ui, readOnly: patch.readOnly } };
    case 'plan':
      return withPlan(state, patch.plan);
    case 'operation':
      raised.push(...operationTransitionAlerts(state.operations, [patch.operation], state.apps));
      return { ...state, operations: { ...state.operations, [patch.operation.appId]: patch.operation } };
    case 'history':
      return withHistory(state, patch.history);
    case 'historyDiff':
      return state.history?.appId === patch.app
        ? { ...state, history: { ...state.history, diff: patch.diff } }
        : state;
    case 'actionLog':
      return { ...state, actionLog: patch.log };
    case 'rollout':
      return { ...state, rollout: patch.rollout };
    default:
      return assertNever(patch);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown patch kind: ${JSON.stringify(value)}`);
}

function upsertRecord<T>(
  record: Record<string, T>,
  upsert: readonly T[] | undefined,
  remove: readonly string[] | undefined,
  replace: boolean | undefined,
  keyOf: (row: T) => string,
): Record<string, T> {
  const next: Record<string, T> = replace ? {} : { ...record };
  for (const key of remove ?? []) delete next[key];
  for (const row of upsert ?? []) next[keyOf(row)] = row;
  return next;
}

function setOrDelete<T>(record: Record<string, T>, key: string, value: T | null): Record<string, T> {
  const next = { ...record };
  if (value === null) delete next[key];
  else next[key] = value;
  return next;
}

function without(record: Record<string, true>, key: string): Record<string, true> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

/** Every row marked stale; what the open app was still waiting for fails with the reason. */
function markStale(state: ViewModel, reason: string): ViewModel {
  const mark = <T extends object>(rows: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, { ...row, stale: reason }]));
  return {
    ...state,
    clusters: mark(state.clusters),
    apps: mark(state.apps),
    ...(state.detail ? { detail: unanswered(state.detail, reason) } : {}),
  };
}

/** The open app's detail with every request still loading turned into an error: no answer will come. */
function unanswered(detail: AppDetail, reason: string): AppDetail {
  const diff = detail.diff;
  return {
    ...detail,
    ...(detail.status === 'loading' ? { status: 'error', error: reason } : {}),
    loadingChildren: {},
    ...(diff?.status === 'loading' ? { diff: { ...diff, status: 'error', error: reason } } : {}),
  };
}

/** Applies `change` only when `app` is the open app: stale answers for another app are dropped. */
function withDetail(state: ViewModel, app: string, change: (d: AppDetail) => AppDetail): ViewModel {
  if (state.detail?.appId !== app) return state;
  return { ...state, detail: change(state.detail) };
}

/** A refreshed tree keeps children the user already loaded, so expanded nodes do not collapse. */
function mergeLoadedChildren(fresh: ResourceNode[], old: readonly ResourceNode[]): ResourceNode[] {
  const loaded = new Map<string, ResourceNode[]>();
  const collect = (nodes: readonly ResourceNode[]): void => {
    for (const n of nodes) {
      if (n.children) {
        loaded.set(n.key, n.children);
        collect(n.children);
      }
    }
  };
  collect(old);
  if (loaded.size === 0) return fresh;
  const keep = (nodes: ResourceNode[]): ResourceNode[] =>
    nodes.map((n) => {
      const children = n.children ?? loaded.get(n.key);
      return children ? { ...n, children: keep(children) } : n;
    });
  return keep(fresh);
}

/** Sets the children of the node `key` anywhere in the tree (copying only the path to it). */
function setChildren(nodes: readonly ResourceNode[], key: string, children: ResourceNode[]): ResourceNode[] {
  let changed = false;
  const next = nodes.map((n) => {
    if (n.key === key) {
      changed = true;
      return { ...n, children };
    }
    if (!n.children) return n;
    const sub = setChildren(n.children, key, children);
    if (sub === n.children) return n;
    changed = true;
    return { ...n, children: sub };
  });
  return changed ? next : (nodes as ResourceNode[]);
}
