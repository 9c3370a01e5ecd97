/** On-demand detail of one app: resource tree nodes, their children, and Kubernetes events. */
import type { ClusterClient } from '../cluster/index.js';
import { labelSelectorQuery } from '../cluster/index.js';
import type { ResourceSyncStatus } from '../diff/index.js';
import type { KubeObject, ObjectRef } from '../objects.js';
import { splitApiVersion } from '../objects.js';
import { assessHealth, type HealthStatus } from '../health/index.js';
import type { ResourceStatus } from '../status/index.js';
import { mapLimit } from '../concurrency.js';

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

/** What detail requests read from a cluster: the watch cache first, then single reads and filtered lists. */
type DetailCluster = Pick<ClusterClient, 'get' | 'list' | 'cached'>;

/** The objects owned by `owner` (ReplicaSets of a Deployment, Pods of a ReplicaSet…). */
export async function childNodes(client: DetailCluster, owner: ObjectRef): Promise<TreeNode[]> {
  const live = await ownerObject(client, owner);
  return live ? (await ownedBy(client, live)).map((o) => childNode(o)) : [];
}

/** The live object of a node: from the watch cache when it is tracked, else read once. */
async function ownerObject(
  client: DetailCluster,
  id: { group: string; kind: string; namespace: string; name: string },
): Promise<KubeObject | undefined> {
  if (!(id.kind in childKinds)) return undefined;
  return client.cached(id) ?? (await client.get(id));
}

/**
 * The objects `owner` owns, found the way its controller finds them: a list of the child kind in its namespace
 * narrowed by the owner's selector (a CronJob's Jobs by its job template's labels), then kept only when an
 * owner reference names the owner's uid. Without a selector the list is the namespace's whole child kind.
 */
async function ownedBy(client: DetailCluster, owner: KubeObject): Promise<KubeObject[]> {
  const childKind = childKinds[owner.kind];
  const uid = owner.metadata.uid;
  if (!childKind || !uid) return [];
  const labelSelector = childSelector(owner);
  const candidates = await client.list(childKind, {
    namespace: owner.metadata.namespace ?? '',
    ...(labelSelector ? { labelSelector } : {}),
  });
  return candidates.filter((o) =>
    (o.metadata.ownerReferences as { uid?: string }[] | undefined)?.some((ref) => ref.uid === uid),
  );
}

function childSelector(owner: KubeObject): string | undefined {
  const spec = owner.spec as
    { selector?: unknown; jobTemplate?: { metadata?: { labels?: unknown } } } | undefined;
  if (owner.kind === 'CronJob')
    return labelSelectorQuery({ matchLabels: spec?.jobTemplate?.metadata?.labels });
  return labelSelectorQuery(spec?.selector);
}

function childNode(o: KubeObject): TreeNode {
  const health = assessHealth(o);
  const ns = o.metadata.namespace ?? '';
  return {
    identity: {
      group: splitApiVersion(o.apiVersion).group,
      kind: o.kind,
      namespace: ns,
      name: o.metadata.name ?? '',
    },
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

/** An object whose events are asked for. */
interface EventSubject {
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

/** Most objects whose events one detail request asks for: each is one request. */
const maxEventSubjects = 40;
/** Event requests in flight at once; the cluster's request budget limits them further. */
const eventConcurrency = 6;

/**
 * Events about the app's live objects and the objects they own (ReplicaSets and Pods of a Deployment…),
 * warnings first, newest first. Each object's events are one list filtered on the server by the object
 * (its uid when known, else kind and name), never the namespace's whole event list.
 */
export async function appEvents(
  client: DetailCluster,
  resources: ResourceStatus[],
  limit = 100,
): Promise<EventSummary[]> {
  const subjects = (await eventSubjects(client, resources)).slice(0, maxEventSubjects);
  const lists = await mapLimit(subjects, eventConcurrency, (subject) =>
    client
      .list(eventKind, { namespace: subject.namespace, fieldSelector: eventFieldSelector(subject) })
      .catch(() => []),
  );
  return (lists.flat() as EventObject[])
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

const eventKind = { group: '', version: 'v1', kind: 'Event' };

/** The app's live namespaced objects (events of cluster-scoped ones live elsewhere), each followed by what it
 * owns, two levels down (a Deployment's ReplicaSets and their Pods). */
async function eventSubjects(client: DetailCluster, resources: ResourceStatus[]): Promise<EventSubject[]> {
  const perResource = await Promise.all(
    resources
      .filter((r) => r.namespace && r.sync !== 'Missing')
      .map(async (r): Promise<EventSubject[]> => {
        const id = { group: r.group, kind: r.kind, namespace: r.namespace, name: r.name };
        const live = client.cached(id) ?? (await ownerObject(client, id).catch(() => undefined));
        const self: EventSubject = live ? subjectOf(live) : id;
        return [self, ...(live ? await descendants(client, live, 2) : []).map(subjectOf)];
      }),
  );
  return perResource.flat();
}

async function descendants(client: DetailCluster, owner: KubeObject, depth: number): Promise<KubeObject[]> {
  if (depth === 0 || !(owner.kind in childKinds)) return [];
  const children = await ownedBy(client, owner).catch(() => []);
  const deeper = await Promise.all(children.map((c) => descendants(client, c, depth - 1)));
  return [...children, ...deeper.flat()];
}

function subjectOf(o: KubeObject): EventSubject {
  const uid = o.metadata.uid;
  return {
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
    ...(typeof uid === 'string' && uid ? { uid } : {}),
  };
}

/** The server-side filter of one object's events: its uid, or its kind and name when the uid is not known. */
function eventFieldSelector(subject: EventSubject): string {
  return subject.uid
    ? `involvedObject.uid=${subject.uid}`
    : `involvedObject.kind=${subject.kind},involvedObject.name=${subject.name}`;
}
