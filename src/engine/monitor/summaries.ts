/** Small, serialisable summaries the monitor emits (what crosses the worker boundary). */
import type { AutomationStatus } from '../automation/types.js';
import type { ClusterStatus } from '../cluster/index.js';
import type { App } from '../config/index.js';
import type { AppSyncStatus } from '../diff/index.js';
import type { HealthStatus } from '../health/index.js';
import { formatSource } from '../problem.js';
import type { AppStatus, ResourceStatus } from '../status/index.js';
import { REVISION_ANNOTATION } from '../tracking.js';

/** One app, as a table row needs it. */
export interface AppSummary {
  name: string;
  appSet?: string;
  cluster: string;
  namespace: string;
  repo: string;
  ref: string;
  sha?: string;
  /** The commit the app's live objects carry, when they all carry the same one. */
  deployedSha?: string;
  commitTime?: number;
  sync: AppSyncStatus;
  health: HealthStatus;
  healthMessage: string;
  driftCount: number;
  autoSync: { enabled: boolean; prune: boolean; selfHeal: boolean };
  resources: ResourceStatus[];
  /** Plain-words problems (render errors, unreadable kinds, stale Git), after their file and line when known. */
  problems: string[];
  /** Auto-sync and self-heal of the app, while automation runs in this flotilla (paused, failing, waiting). */
  automation?: AutomationStatus;
}

/** One cluster, as the cluster strip needs it. */
export interface ClusterSummary {
  name: string;
  labels: Record<string, string>;
  reachable: boolean;
  latencyMs?: number;
  lastContact?: number;
  apiVersion?: string;
  lastError?: string;
  canWrite: boolean;
  readOnly: boolean;
  /** A production cluster (the fleet file's `production`, or its labels by settings.productionClusters);
   * the monitor always says, so absent only in hand-made summaries. */
  production?: boolean;
}

/** The summary of an app's status. */
export function summariseApp(s: AppStatus, commitTime?: number): AppSummary {
  const counts = s.diff?.counts;
  const deployedSha = deployedRevisionOf(s);
  return {
    ...appIdentity(s.app),
    sha: s.sha,
    ...(deployedSha ? { deployedSha } : {}),
    commitTime,
    sync: s.sync,
    health: s.health.status,
    healthMessage: s.health.message,
    driftCount: counts ? counts.OutOfSync + counts.Missing + counts.Extraneous : 0,
    resources: s.resources,
    // With its file and line, so a render problem points at what to fix.
    problems: s.problems.map((p) =>
      formatSource(p.source) ? `${formatSource(p.source)}: ${p.message}` : p.message,
    ),
  };
}

/** The commit every live object of the app carries in its revision annotation; undefined when none
 * carries one or they differ (a sync that stopped half way). */
function deployedRevisionOf(s: AppStatus): string | undefined {
  const revisions = new Set<string>();
  for (const r of s.diff?.resources ?? []) {
    if (r.status === 'Missing' || r.status === 'Extraneous') continue;
    const rev = r.live?.metadata.annotations?.[REVISION_ANNOTATION];
    if (rev) revisions.add(rev);
  }
  return revisions.size === 1 ? [...revisions][0] : undefined;
}

/** The parts of a summary known from the fleet file alone (before any status). */
export function appIdentity(
  app: App,
): Pick<AppSummary, 'name' | 'appSet' | 'cluster' | 'namespace' | 'repo' | 'ref' | 'autoSync'> {
  const automated = app.syncPolicy.automated;
  return {
    name: app.name,
    ...(app.origin.kind === 'appSet' ? { appSet: app.origin.appSet } : {}),
    cluster: app.destination.cluster,
    namespace: app.destination.namespace,
    repo: app.repo,
    ref: app.revision,
    autoSync: {
      enabled: automated !== undefined,
      prune: automated?.prune ?? false,
      selfHeal: automated?.selfHeal ?? false,
    },
  };
}

/** The summary of a cluster's status. */
export function summariseCluster(
  status: ClusterStatus,
  labels: Record<string, string>,
  readOnly: boolean,
  production = false,
): ClusterSummary {
  const latency = status.smoothedLatencyMs ?? status.latencyMs;
  return {
    name: status.cluster,
    labels,
    reachable: status.reachability === 'reachable',
    ...(latency !== undefined ? { latencyMs: Math.round(latency) } : {}),
    ...(status.lastContactAt !== undefined ? { lastContact: status.lastContactAt } : {}),
    ...(status.version ? { apiVersion: status.version.gitVersion } : {}),
    ...(status.problem ? { lastError: status.problem.message } : {}),
    canWrite: status.canWrite === true,
    readOnly,
    production,
  };
}
