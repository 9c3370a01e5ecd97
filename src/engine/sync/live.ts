/** Every live object of an app, of every kind the cluster serves: a prune must see all the app has left
 * behind, not only the kinds Git still names. */
import type { ClusterClient, KindRef } from '../cluster/index.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { Problem } from '../problem.js';
import { listAppObjects } from '../status/app-objects.js';

/** What listing an app's objects needs from the cluster client. */
export type LiveCluster = Pick<ClusterClient, 'list'> & {
  discovery: Pick<ClusterClient['discovery'], 'current'>;
};

/** Kinds never listed: nothing flotilla applies is one, and there are many of them. */
const NEVER_LISTED = new Set(['/Event', 'events.k8s.io/Event']);

/** The app's live objects (by its tracking label) across every listable, deletable kind. A kind the
 * identity may not list is named in `unreadable` when the app's desired objects include it. */
export async function appObjects(
  cluster: LiveCluster,
  app: string,
  desired: readonly ObjectIdentity[],
  signal?: AbortSignal,
): Promise<{ objects: KubeObject[]; unreadable: Problem[] }> {
  const index = await cluster.discovery.current();
  const kinds = new Map<string, KindRef>();
  for (const r of index.resources) {
    const key = `${r.group}/${r.kind}`;
    if (kinds.has(key) || NEVER_LISTED.has(key)) continue;
    if (!r.verbs.includes('list') || !r.verbs.includes('delete')) continue;
    kinds.set(key, { group: r.group, version: r.version, kind: r.kind });
  }
  return listAppObjects(cluster, [...kinds.values()], app, desired, signal);
}
