/** Reading an app's record for people: cluster errors become problems that say who needs which permission,
 * or that the cluster cannot be reached. */
import type { ClusterClient } from '../cluster/client.js';
import { isClusterError } from '../cluster/errors.js';
import { fail, ok, ProblemError, type Problem, type Result } from '../problem.js';
import { LOCK_NAMESPACE } from '../sync/lock-store.js';
import { appRecordName, readAppRecord } from './store.js';
import type { AppRecord } from './types.js';

/** What reading a record needs of a cluster client. */
export type RecordCluster = Pick<ClusterClient, 'name' | 'context' | 'requestJson' | 'request' | 'probe'> & {
  readonly kubeconfigUser?: string | undefined;
};

/** The app's record, or a problem in plain words (forbidden, unreachable, anything else the cluster said). The
 * cluster is probed first, so an unreachable one answers at once instead of after a request's retries. */
export async function readRecord(cluster: RecordCluster, app: string): Promise<Result<AppRecord>> {
  const status = await cluster.probe();
  if (status.reachability !== 'reachable')
    return fail(unreachable(cluster, app, status.lastError?.message ?? `it is ${status.reachability}.`));
  try {
    return ok(await readAppRecord(cluster, app));
  } catch (e) {
    return fail(recordProblem(cluster, app, e));
  }
}

/** A failed read of the app's record as one problem. */
export function recordProblem(cluster: RecordCluster, app: string, e: unknown): Problem {
  const where = `ConfigMap ${appRecordName(app)} in namespace ${LOCK_NAMESPACE} on cluster ${cluster.name}`;
  if (isClusterError(e, 'cluster.forbidden', 'cluster.unauthorized')) {
    const who = cluster.kubeconfigUser
      ? `user ${cluster.kubeconfigUser} of context ${cluster.context}`
      : `context ${cluster.context}`;
    return {
      code: 'history.forbidden',
      message: `The history of app ${app} could not be read: ${who} may not read ${where}.`,
      hint: `Grant that identity get on configmaps in namespace ${LOCK_NAMESPACE} (a Role and RoleBinding there).`,
    };
  }
  if (isClusterError(e, 'cluster.unreachable', 'cluster.tls', 'cluster.aborted'))
    return unreachable(cluster, app, detail(e));
  return {
    code: 'history.unreadable',
    message: `The history of app ${app} could not be read from ${where}: ${detail(e)}`,
  };
}

function unreachable(cluster: RecordCluster, app: string, why: string): Problem {
  return {
    code: 'history.unreachable',
    message: `The history of app ${app} could not be read: cluster ${cluster.name} cannot be reached.`,
    hint: `${why} Check the cluster (\`flotilla status\`) and try again.`,
  };
}

function detail(e: unknown): string {
  if (e instanceof ProblemError) return e.problems.map((p) => p.message).join('; ');
  return e instanceof Error ? e.message : String(e);
}
