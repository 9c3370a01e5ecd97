/** Health statuses, their order, and the comparison every roll-up uses (Argo CD's `healthOrder`). */

/** The health of one resource, app, cluster or fleet. */
export type HealthStatus = 'Healthy' | 'Suspended' | 'Progressing' | 'Missing' | 'Degraded' | 'Unknown';

/** A status and the plain-words reason for it. */
export interface Health {
  status: HealthStatus;
  message: string;
}

/** Every status from best to worst; "worst wins" follows this order, as in Argo CD. */
export const healthOrder: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** Position of a status in `healthOrder`: higher is worse. */
function healthRank(status: HealthStatus): number {
  return healthOrder.indexOf(status);
}

/** True when `a` is strictly worse than `b`. */
export function isWorse(a: HealthStatus, b: HealthStatus): boolean {
  return healthRank(a) > healthRank(b);
}

/** The worst of some statuses, or null when there are none. */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus | null {
  let worst: HealthStatus | null = null;
  for (const s of statuses) if (worst === null || isWorse(s, worst)) worst = s;
  return worst;
}

/** Shorthand constructors so rules read as `progressing('…')`. */
export const healthy = (message = ''): Health => ({ status: 'Healthy', message });
/** A Suspended result. */
export const suspended = (message: string): Health => ({ status: 'Suspended', message });
/** A Progressing result. */
export const progressing = (message: string): Health => ({ status: 'Progressing', message });
/** A Degraded result. */
export const degraded = (message: string): Health => ({ status: 'Degraded', message });
/** An Unknown result. */
export const unknown = (message: string): Health => ({ status: 'Unknown', message });
