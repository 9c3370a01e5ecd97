/** Engine summaries → view-model rows. The one place that knows both shapes. */
import type { AutomationStatus } from '../engine/automation/index.js';
import type { ResourceSyncStatus } from '../engine/diff/index.js';
import type {
  AppSummary,
  ClusterSummary,
  EventSummary,
  RepoSummary,
  TreeNode,
} from '../engine/monitor/index.js';
import type { PendingCommitsSummary } from '../engine/monitor/index.js';
import { describeIdentity, identityKey, type ObjectRef } from '../engine/objects.js';
import type { DiffSummary } from '../engine/workers/index.js';
import type {
  AppView,
  AutoSyncPolicy,
  ClusterView,
  EventView,
  PendingCommits,
  RepoView,
  ResourceDiff,
  ResourceNode,
  ResourceRow,
  SyncStatus,
} from '../state/index.js';

/** A cluster row. */
export function clusterView(c: ClusterSummary): ClusterView {
  return { ...c };
}

/** A repo row: the last error in plain words (its hint belongs to `flotilla status`, not a line). */
export function repoView(r: RepoSummary): RepoView {
  return {
    name: r.name,
    url: r.url,
    tips: { ...r.tips },
    ...(r.lastPolled !== undefined ? { lastPolled: r.lastPolled } : {}),
    ...(r.lastError ? { lastError: r.lastError.message } : {}),
    failures: r.failures,
  };
}

/** A resource's sync status as the panes show it: Missing and Extraneous are out of sync too. */
const syncOf = (s: ResourceSyncStatus): SyncStatus =>
  s === 'Synced' ? 'Synced' : s === 'Unknown' ? 'Unknown' : 'OutOfSync';

/** The parts of a row that name its object: the key panes use and the readable fields. */
function naming(id: ObjectRef): Pick<ResourceRow, 'key' | 'kind' | 'namespace' | 'name'> {
  return {
    key: identityKey(id),
    kind: id.kind,
    ...(id.namespace ? { namespace: id.namespace } : {}),
    name: id.name,
  };
}

/** An app row; the app name is its id (names are unique in a fleet). */
export function appView(a: AppSummary): AppView {
  const resources: ResourceRow[] = a.resources.map((r) => ({
    ...naming(r),
    sync: syncOf(r.sync),
    ...(r.health ? { health: r.health } : {}),
    ...(r.message ? { message: r.message } : {}),
  }));
  return {
    id: a.name,
    name: a.name,
    ...(a.appSet ? { appSet: a.appSet } : {}),
    cluster: a.cluster,
    namespace: a.namespace,
    repo: a.repo,
    sync: a.sync,
    health: a.health,
    healthMessage: [a.healthMessage, ...a.problems].filter(Boolean).join('; '),
    revision: {
      sha: a.sha ?? '',
      ref: a.ref,
      ...(a.commitTime !== undefined ? { commitTime: a.commitTime } : {}),
    },
    driftCount: a.driftCount,
    autoSync: { ...a.autoSync, ...automationView(a.automation) },
    resources,
  };
}

/** Automation's state as the auto-sync policy's view fields: pause, error, next attempt, activity. */
function automationView(a: AutomationStatus | undefined): Partial<AutoSyncPolicy> {
  if (!a) return {};
  const p = a.pause;
  return {
    ...(p
      ? {
          pausedReason: `paused by ${p.by} (${p.host}) at ${p.at.slice(0, 16).replace('T', ' ')}: ${p.reason}`,
        }
      : {}),
    ...(a.error ? { syncError: a.error } : {}),
    ...(a.nextAttemptAt !== undefined ? { nextAttemptAt: a.nextAttemptAt } : {}),
    ...(a.state === 'syncing' || a.state === 'healing' ? { activity: a.state } : {}),
    ...(a.state === 'off' ? { observing: true } : {}),
  };
}

/** Tree nodes. */
export function resourceNodes(nodes: TreeNode[]): ResourceNode[] {
  return nodes.map((n) => ({
    ...naming(n.identity),
    ...(n.sync ? { sync: syncOf(n.sync) } : {}),
    ...(n.health ? { health: n.health } : {}),
    ...(n.message ? { message: n.message } : {}),
    expandable: n.expandable,
  }));
}

/** Event rows. */
export function eventViews(events: EventSummary[]): EventView[] {
  return events.map((e) => ({ ...e }));
}

/** Diff rows: the unified diff's lines, or one line saying what a sync would do with the object. */
export function diffViews(diffs: DiffSummary[]): ResourceDiff[] {
  return diffs.map((d) => ({
    ...naming(d.identity),
    lines: d.diff ? d.diff.replace(/\n$/, '').split('\n') : [outcome(d)],
  }));
}

function outcome(d: DiffSummary): string {
  const what = `${d.status}: ${describeIdentity(d.identity)}`;
  if (d.status === 'Missing') return `${what} would be created`;
  if (d.status === 'Extraneous') return `${what} would be pruned`;
  return what;
}

/** Pending commits. */
export function pendingView(p: PendingCommitsSummary): PendingCommits {
  return {
    repo: p.repo,
    ref: p.ref,
    deployedSha: p.deployedSha,
    tipSha: p.tipSha,
    commits: p.commits.map((c) => ({
      sha: c.sha,
      subject: c.subject,
      author: c.author.name,
      time: Date.parse(c.date),
    })),
  };
}
