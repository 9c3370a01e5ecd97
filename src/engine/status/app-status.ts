/** One app's status on its cluster: sync (from the diff) and health (from the live objects). */
import type { ClusterClient, ClusterStatus } from '../cluster/index.js';
import type { App } from '../config/index.js';
import type { DesiredState } from '../desired/index.js';
import type { AppDiff, Differ, ResourceSyncStatus } from '../diff/index.js';
import type { AppHealth, Health } from '../health/index.js';
import { appHealth, resourceHealth } from '../health/index.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { identityKey, splitApiVersion } from '../objects.js';
import type { Problem } from '../problem.js';
import { listAppObjects } from './app-objects.js';
import { trackedKinds } from './tracked-kinds.js';

/** One resource of an app, as `status -o json` and the UI show it. */
export interface ResourceStatus {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sync: ResourceSyncStatus;
  /** null for kinds without health (ConfigMap, Secret, RBAC…). */
  health: Health['status'] | null;
  message: string;
}

/** An app's sync and health, with what they rest on. */
export interface AppStatus {
  app: App;
  revision: string;
  sha?: string;
  /** Unknown when the desired or the live state could not be had (see problems). */
  sync: AppDiff['status'];
  health: AppHealth | { status: 'Unknown'; message: string };
  diff?: AppDiff;
  resources: ResourceStatus[];
  cluster: ClusterStatus;
  problems: Problem[];
}

/** Compares an app's desired state with its cluster and judges its health. */
export async function computeAppStatus(
  desired: DesiredState,
  client: Pick<ClusterClient, 'status' | 'list'>,
  differ: Differ,
  watched?: KubeObject[],
): Promise<AppStatus> {
  const { app } = desired;
  const base = { app, revision: desired.revision, sha: desired.sha, cluster: client.status };
  const identities = desired.output.objects.map((o) => o.identity);
  let live: KubeObject[];
  let unreadable: Problem[];
  try {
    // Objects from the cluster's watches when the caller has them: no list request at all.
    ({ objects: live, unreadable } = watched
      ? { objects: watched, unreadable: [] }
      : await listAppObjects(client, trackedKinds(identities), app.name, identities));
  } catch (err) {
    return unknownStatus(base, problemOf(err, app));
  }
  const diff = await differ.diffApp({
    app: app.name,
    desired: desired.output.objects,
    live,
    ignoreDifferences: app.ignoreDifferences,
  });
  const liveByKey = new Map(live.map((o) => [identityKey(identityOfLive(o)), o]));
  const resources: ResourceStatus[] = diff.resources.map((r) => {
    const liveObject =
      liveByKey.get(identityKey(r.identity)) ?? (r.status === 'Missing' ? undefined : r.live);
    const health = r.status === 'Extraneous' ? null : resourceHealth(liveObject);
    return {
      group: r.identity.group,
      kind: r.identity.kind,
      namespace: r.identity.namespace,
      name: r.identity.name,
      sync: r.status,
      health: health?.status ?? null,
      message: r.problems[0]?.message ?? health?.message ?? '',
    };
  });
  const health = appHealth(
    resources
      .filter((r) => r.sync !== 'Extraneous')
      .map((r) => ({ id: { ...r, version: '' }, health: toHealth(r) })),
  );
  return {
    ...base,
    cluster: client.status,
    sync: diff.status,
    health,
    diff,
    resources,
    problems: [...desired.stale, ...unreadable, ...diff.problems],
  };
}

function toHealth(r: ResourceStatus): Health | null {
  return r.health === null ? null : { status: r.health, message: r.message };
}

function identityOfLive(o: KubeObject): ObjectIdentity {
  const { group, version } = splitApiVersion(o.apiVersion);
  return { group, version, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
}

/** Why an app's cluster cannot be compared now: the client's own problem, or a plain fallback. */
export function unreachableProblem(client: Pick<ClusterClient, 'status'>): Problem {
  return (
    client.status.problem ?? {
      code: 'cluster.unreachable',
      message: `Cluster ${client.status.cluster} cannot be reached.`,
    }
  );
}

/** The status of an app whose live state could not be read. */
export function unknownStatus(
  base: Pick<AppStatus, 'app' | 'revision' | 'sha' | 'cluster'>,
  problem: Problem,
): AppStatus {
  return {
    ...base,
    sync: 'Unknown',
    health: { status: 'Unknown', message: problem.message },
    resources: [],
    problems: [problem],
  };
}

function problemOf(err: unknown, app: App): Problem {
  if (
    err &&
    typeof err === 'object' &&
    'problems' in err &&
    Array.isArray((err as { problems: unknown }).problems)
  ) {
    const first = (err as { problems: Problem[] }).problems[0];
    if (first) return first;
  }
  return {
    code: 'status.failed',
    message: `The live state of ${app.name} could not be read: ${err instanceof Error ? err.message : String(err)}`,
  };
}
