/** On-demand detail of one app: resource tree nodes, their children, and Kubernetes events. */
import type { ClusterClient } from '../cluster/index.js';
import type { ResourceSyncStatus } from '../diff/index.js';
import type { KubeObject, ObjectRef } from '../objects.js';
import { assessHealth, type HealthStatus } from '../health/index.js';
import type { ResourceStatus } from '../status/index.js';

/** One node of an app's resource tree. */
export interface TreeNode {
  identity: ObjectRef;
  /** Absent on children, which are not compared with Git. */
  sync?: ResourceSyncStatus;
  health?: HealthStatus;
  message?: string;
  /** The node may have children (ReplicaSets, Pods) that `childNodes` loads. */
  expandable: boolean;
}

/** One Kubernetes event about an object of the app. */
export interface EventSummary {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  object: string;
  count: number;
  lastSeen: number;
}

/** Which kinds own which: the children the tree loads when a node is expanded. */
const childKinds: Record<string, { group: string; version: string; kind: string }> = {
  Deployment: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
  ReplicaSet: { group: '', version: 'v1', kind: 'Pod' },
  StatefulSet: { group: '', version: 'v1', kind: 'Pod' },
  DaemonSet: { group: '', version: 'v1', kind: 'Pod' },
  Job: { group: '', version: 'v1', kind: 'Pod' },
  CronJob: { group: 'batch', version: 'v1', kind: 'Job' },
};

/** The app's own resources as top-level tree nodes. */
export function resourceNodes(resources: ResourceStatus[]): TreeNode[] {
  return resources.map((r) => ({
    identity: { group: r.group, kind: r.kind, namespace: r.namespace, name: r.name },
    sync: r.sync,
    ...(r.health ? { health: r.health } : {}),
    ...(r.message ? { message: r.message } : {}),
    expandable: r.kind in childKinds && r.sync !== 'Missing',
  }));
}

/** The objects owned by `owner` (ReplicaSets of a Deployment, Pods of a ReplicaSet…). */
export async function childNodes(
  client: Pick<ClusterClient, 'get' | 'list'>,
  owner: ObjectRef,
): Promise<TreeNode[]> {
  const childKind = childKinds[owner.kind];
  if (!childKind) return [];
  const ownerObject = await client.get(owner);
  const uid = ownerObject?.metadata.uid;
  if (!uid) return [];
  const candidates = await client.list(childKind, { namespace: owner.namespace });
  return candidates
    .filter((o) =>
      (o.metadata.ownerReferences as { uid?: string }[] | undefined)?.some((ref) => ref.uid === uid),
    )
    .map((o) => childNode(childKind.group, o));
}

function childNode(group: string, o: KubeObject): TreeNode {
  const health = assessHealth(o);
  const ns = o.metadata.namespace ?? '';
  return {
    identity: { group, kind: o.kind, namespace: ns, name: o.metadata.name ?? '' },
    ...(health ? { health: health.status, message: health.message } : {}),
    expandable: o.kind in childKinds,
  };
}

interface EventObject extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string };
}

/** Events about the app's objects (by kind and name, in its namespaces), warnings first, newest first. */
export async function appEvents(
  client: Pick<ClusterClient, 'list'>,
  resources: ResourceStatus[],
  limit = 100,
): Promise<EventSummary[]> {
  const names = new Set(resources.map((r) => `${r.kind}/${r.name}`));
  const prefixes = resources.map((r) => r.name);
  const namespaces = [...new Set(resources.map((r) => r.namespace).filter(Boolean))];
  const lists = await Promise.all(
    namespaces.map((namespace) => client.list({ group: '', version: 'v1', kind: 'Event' }, { namespace })),
  );
  const events = (lists.flat() as EventObject[]).filter((e) => {
    const ref = `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`;
    // Children (ReplicaSets, Pods) carry their owner's name as a prefix.
    return names.has(ref) || prefixes.some((p) => (e.involvedObject?.name ?? '').startsWith(`${p}-`));
  });
  return events
    .map((e) => ({
      type: e.type === 'Warning' ? ('Warning' as const) : ('Normal' as const),
      reason: e.reason ?? '',
      message: e.message ?? '',
      object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      count: e.count ?? 1,
      lastSeen: Date.parse(e.lastTimestamp ?? e.eventTime ?? '') || 0,
    }))
    .sort((a, b) => (a.type === b.type ? b.lastSeen - a.lastSeen : a.type === 'Warning' ? -1 : 1))
    .slice(0, limit);
}
