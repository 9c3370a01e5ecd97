/** The diff engine's view of a cluster: object lookups and dry-run server-side applies. */
import type { ClusterClient } from '../cluster/index.js';
import { isClusterError } from '../cluster/index.js';
import type { LiveAccess } from '../diff/index.js';

/** Adapts a cluster client to the differ; a refused request keeps its HTTP status and the server's words so
 * the differ can tell a read-only identity (the authorizer's 403) from a refused object (422, or an
 * admission 403 such as an exceeded quota). */
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
            body: { kind: 'Status', code: err.status, reason: err.reason, message: err.serverMessage },
          });
        throw err;
      }
    },
  };
}
