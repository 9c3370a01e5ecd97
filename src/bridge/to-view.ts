/** Engine summaries → view-model rows. The one place that knows both shapes. */
import type { AppSummary, ClusterSummary, EventSummary, TreeNode } from '../engine/monitor/index.js';
import type { PendingCommitsSummary } from '../engine/monitor/index.js';
import type { DiffLines } from '../engine/workers/index.js';
import type {
  AppView,
  ClusterView,
  EventView,
  PendingCommits,
  ResourceDiff,
  ResourceNode,
  ResourceRow,
  SyncStatus,
} from '../state/index.js';

/** A cluster row. */
export function clusterView(c: ClusterSummary): ClusterView {
  return { ...c };
}

const syncOf = (s: string): SyncStatus =>
  s === 'Synced' ? 'Synced' : s === 'Unknown' ? 'Unknown' : 'OutOfSync';

/** An app row; the app name is its id (names are unique in a fleet). */
export function appView(a: AppSummary): AppView {
  const resources: ResourceRow[] = a.resources.map((r) => ({
    key: `${r.group}/${r.kind}/${r.namespace}/${r.name}`,
    kind: r.kind,
    ...(r.namespace ? { namespace: r.namespace } : {}),
    name: r.name,
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
    sync: a.sync,
    health: a.health,
    healthMessage: [a.healthMessage, ...a.problems].filter(Boolean).join('; '),
    revision: {
      sha: a.sha ?? '',
      ref: a.ref,
      ...(a.commitTime !== undefined ? { commitTime: a.commitTime } : {}),
    },
    driftCount: a.driftCount,
    autoSync: a.autoSync,
    resources,
  };
}

/** Tree nodes. */
export function resourceNodes(nodes: TreeNode[]): ResourceNode[] {
  return nodes.map((n) => ({ ...n }));
}

/** Event rows. */
export function eventViews(events: EventSummary[]): EventView[] {
  return events.map((e) => ({ ...e }));
}

/** Diff rows. */
export function diffViews(diffs: DiffLines[]): ResourceDiff[] {
  return diffs.map(({ status: _status, ...d }) => d);
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
