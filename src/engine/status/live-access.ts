/** The diff engine's view of a cluster: object lookups and dry-run server-side applies. */
import type { ClusterClient } from '../cluster/index.js';
import { isClusterError } from '../cluster/index.js';
import type { LiveAccess } from '../diff/index.js';

/** Adapts a cluster client to the differ; a refused request keeps its HTTP status so the differ can
 * tell a read-only identity (403, fall back to client-side) from a rejected manifest (422). */
export function liveAccess(client: Pick<ClusterClient, 'get' | 'applyServerSide'>): LiveAccess {
  return {
    get: (id) => client.get(id),
    dryRunApply: async (obj) => {
      try {
        return await client.applyServerSide(obj, { dryRun: true, force: true });
      } catch (err) {
        if (isClusterError(err))
          throw Object.assign(new Error(err.problem.message), {
            status: err.status,
            body: { reason: err.reason },
          });
        throw err;
      }
    },
  };
}
