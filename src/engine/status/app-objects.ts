/** Listing an app's live objects by its tracking label, kind by kind: one rule for a kind the cluster does
 * not serve (none) and one for a kind the identity may not list (named, when the app needs it). */
import type { ClusterClient, KindRef } from '../cluster/index.js';
import { isClusterError } from '../cluster/index.js';
import { mapLimit } from '../concurrency.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { Problem } from '../problem.js';
import { TRACKING_LABEL } from '../tracking.js';

/** Kinds listed at once per app: enough to be quick, few enough to stay inside the request budget's burst. */
const LISTS_AT_ONCE = 8;

/** The app's objects of `kinds`. A kind the cluster does not serve has none, unless `desired` includes it: then
 * the error is thrown, so the app is Unknown with the kind named; a kind the identity may not list is named in
 * `unreadable` when `desired` includes it (its objects cannot be compared or pruned). */
export async function listAppObjects(
  client: Pick<ClusterClient, 'list'>,
  kinds: readonly KindRef[],
  app: string,
  desired: readonly ObjectIdentity[],
  signal?: AbortSignal,
): Promise<{ objects: KubeObject[]; unreadable: Problem[] }> {
  const unreadable: Problem[] = [];
  const lists = await mapLimit([...kinds], LISTS_AT_ONCE, (kind) =>
    client
      .list(kind, { labelSelector: `${TRACKING_LABEL}=${app}`, ...(signal ? { signal } : {}) })
      .catch((e: unknown): KubeObject[] => {
        const wanted = desired.some((d) => d.group === kind.group && d.kind === kind.kind);
        if (isClusterError(e, 'cluster.not-found')) return [];
        if (isClusterError(e, 'cluster.unknown-kind') && !wanted) return [];
        if (isClusterError(e, 'cluster.forbidden')) {
          if (wanted) unreadable.push(e.problem);
          return [];
        }
        throw e;
      }),
  );
  // The differ checks each object's tracking id, so a copied label never counts as ours.
  return { objects: lists.flat(), unreadable };
}
