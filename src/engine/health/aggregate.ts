/** Health of an app from its resources ("worst wins"), and counts per status for clusters and the fleet. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { describeIdentity } from '../objects.js';
import type { Health, HealthStatus } from './status.js';
import { healthOrder, isWorse, worstStatus } from './status.js';

/** One resource of an app and its health (null for kinds without health). */
export interface ResourceHealth {
  id: ObjectIdentity;
  health: Health | null;
}

/** How many items have each status. */
export type HealthCounts = Record<HealthStatus, number>;

/** An app's health, the resources that decided it, and its resources counted per status. */
export interface AppHealth extends Health {
  /** The resources whose status is the app's (empty when Healthy). */
  causes: ResourceHealth[];
  /** Resources per status; resources without health are not counted. */
  counts: HealthCounts;
}

/** Worst status and counts over a set of apps (a cluster) or of clusters (the fleet). */
interface HealthRollup {
  /** The worst status, or null when there is nothing to judge. */
  status: HealthStatus | null;
  counts: HealthCounts;
  total: number;
}

/** How many causes an app message names before "and N more". */
const causesNamed = 3;

/** Argo CD's annotation to leave a live object out of its app's health. */
const ignoreHealthAnnotation = 'argocd.argoproj.io/ignore-healthcheck';

/** True when a live object asks to be left out of its app's health. */
export function isHealthIgnored(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[ignoreHealthAnnotation] === 'true';
}

/** Counts with every status at zero. */
function emptyCounts(): HealthCounts {
  return Object.fromEntries(healthOrder.map((s) => [s, 0])) as HealthCounts;
}

/** Counts per status of some statuses. */
export function countStatuses(statuses: Iterable<HealthStatus>): HealthCounts {
  const counts = emptyCounts();
  for (const s of statuses) counts[s] += 1;
  return counts;
}

/** `Deployment shop/api: message; … and 2 more`. */
function describeCauses(causes: ResourceHealth[]): string {
  const named = causes.slice(0, causesNamed).map((r) => {
    const message = r.health?.message ? `: ${r.health.message}` : '';
    return `${describeIdentity(r.id)}${message}`;
  });
  const more = causes.length > causesNamed ? ` and ${causes.length - causesNamed} more` : '';
  return `${named.join('; ')}${more}`;
}

/**
 * App health as Argo CD 3.4 computes it: the worst status among live resources; a Missing resource
 * does not lower it, but an app none of whose resources exist is Missing. Resources without health
 * count as present but never change the status.
 */
export function appHealth(resources: Iterable<ResourceHealth>): AppHealth {
  const all = [...resources];
  const judged = all.filter((r): r is ResourceHealth & { health: Health } => r.health !== null);
  const counts = countStatuses(judged.map((r) => r.health.status));
  const missing = counts.Missing;
  if (all.length > 0 && missing === all.length) {
    return {
      status: 'Missing',
      message: `None of the ${all.length} resources exist on the cluster`,
      causes: judged,
      counts,
    };
  }
  const live = judged.filter((r) => r.health.status !== 'Missing');
  const status = worstStatus(live.map((r) => r.health.status)) ?? 'Healthy';
  const missingNote = missing > 0 ? `; ${missing} missing` : '';
  if (status === 'Healthy') {
    const message =
      live.length > 0
        ? `${live.length} of ${live.length} resources healthy${missingNote}`
        : `No resources report health${missingNote}`;
    return { status, message, causes: [], counts };
  }
  const causes = live.filter((r) => r.health.status === status);
  return { status, message: describeCauses(causes), causes, counts };
}

/** Health of a cluster: the worst of its apps and how many apps have each status. */
export function clusterHealth(apps: Iterable<{ status: HealthStatus }>): HealthRollup {
  const statuses = [...apps].map((a) => a.status);
  return { status: worstStatus(statuses), counts: countStatuses(statuses), total: statuses.length };
}

/** Health of the fleet: the worst cluster, and apps per status summed over clusters. */
export function fleetHealth(clusters: Iterable<HealthRollup>): HealthRollup {
  const counts = emptyCounts();
  let status: HealthStatus | null = null;
  let total = 0;
  for (const c of clusters) {
    for (const s of healthOrder) counts[s] += c.counts[s];
    total += c.total;
    if (c.status !== null && (status === null || isWorse(c.status, status))) status = c.status;
  }
  return { status, counts, total };
}

/** `2 Degraded, 5 Healthy`: non-zero counts, worst first, for a status line. */
export function formatCounts(counts: HealthCounts): string {
  return [...healthOrder]
    .reverse()
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}
