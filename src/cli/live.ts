/** Live status for commands: the fleet's clusters opened, each app's desired state compared with
 * its cluster. Used by `status` and `diff`; the long-running engine has its own loop. */
import type { ClusterClient } from '../engine/cluster/index.js';
import type { App, Fleet } from '../engine/config/index.js';
import type { DesiredStates } from '../engine/desired/index.js';
import { createDiffer, type Differ } from '../engine/diff/index.js';
import {
  computeAppStatus,
  liveAccess,
  openClusters,
  unknownStatus,
  unreachableProblem,
  type AppStatus,
} from '../engine/status/index.js';
import type { CliIo } from './command.js';
import { userKubeConfig } from '../engine/kubeconfig.js';

interface ClusterSession {
  client: ClusterClient;
  differ: Differ;
  reachable: boolean;
}

/** Statuses of `apps`, computed cluster by cluster (clusters in parallel); clients are closed afterwards. */
export async function appStatuses(
  fleet: Fleet,
  apps: App[],
  states: DesiredStates,
  io: CliIo,
  opts: { readOnly: boolean },
): Promise<AppStatus[]> {
  const clients = openClusters(fleet, { loadKubeConfig: userKubeConfig(io.env), readOnly: opts.readOnly });
  try {
    const sessions = new Map<string, Promise<ClusterSession>>();
    const session = (name: string) => {
      let s = sessions.get(name);
      if (!s) {
        s = openSession(
          clients.get(name),
          opts.readOnly || fleet.clusters.find((c) => c.name === name)?.readOnly === true,
        );
        sessions.set(name, s);
      }
      return s;
    };
    return await Promise.all(apps.map((app) => statusOf(app, states, session(app.destination.cluster))));
  } finally {
    await Promise.all([...clients.values()].map((c) => c.stop()));
  }
}

/** Probes the cluster once; when the identity may not write (or the cluster is read-only in the fleet),
 * diffs are client-side so that not even a dry-run PATCH is sent. */
async function openSession(client: ClusterClient | undefined, readOnly: boolean): Promise<ClusterSession> {
  // The fleet loader checks every destination against the clusters, so a missing client is a bug.
  if (!client) throw new Error('an app names a cluster the fleet does not have');
  const status = await client.probe();
  const reachable = status.reachability === 'reachable';
  const canWrite = reachable && !readOnly ? await client.checkWriteAccess().catch(() => false) : false;
  return {
    client,
    reachable,
    differ: createDiffer({ access: liveAccess(client), mode: canWrite ? 'auto' : 'client-side' }),
  };
}

async function statusOf(
  app: App,
  states: DesiredStates,
  sessionPromise: Promise<ClusterSession>,
): Promise<AppStatus> {
  const [desired, session] = await Promise.all([states.render(app), sessionPromise]);
  const base = { app, revision: app.revision, cluster: session.client.status };
  if (!desired.ok) return { ...unknownStatus(base, desired.problems[0]!), problems: desired.problems };
  if (!session.reachable) {
    return unknownStatus({ ...base, sha: desired.value.sha }, unreachableProblem(session.client));
  }
  return computeAppStatus(desired.value, session.client, session.differ);
}
