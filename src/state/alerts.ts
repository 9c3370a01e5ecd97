/** Alerts derived from state transitions: an app turning Degraded, a cluster becoming unreachable, an
 * operation failing. */
import type { Alert, AlertSeverity, AppView, ClusterView, OperationView, RepoView } from './types.js';

/** How many alerts the store keeps; older ones fall off. */
const MAX_ALERTS = 50;

/** What the engine (or a transition) says; the store adds id, time and acknowledged. */
export interface AlertInput {
  severity: AlertSeverity;
  text: string;
  app?: string;
  cluster?: string;
  /** Epoch ms; defaults to the time the patch is applied. */
  time?: number;
}

/** Builds a stored alert; the id is unique enough because subject and time rarely repeat together. */
export function makeAlert(input: AlertInput, now: number, seq: number): Alert {
  const time = input.time ?? now;
  const subject = input.app ?? input.cluster ?? 'fleet';
  return {
    id: `${subject}@${time}#${seq}`,
    severity: input.severity,
    text: input.text,
    time,
    app: input.app,
    cluster: input.cluster,
    acknowledged: false,
  };
}

/** Alerts for apps of a known previous state that turned Degraded (first sight is not a transition). */
export function appTransitionAlerts(
  previous: Record<string, AppView>,
  rows: readonly AppView[],
): AlertInput[] {
  const out: AlertInput[] = [];
  for (const row of rows) {
    const before = previous[row.id];
    if (!before || before.health === 'Degraded' || row.health !== 'Degraded') continue;
    const why = row.healthMessage ? `: ${row.healthMessage}` : '';
    out.push({
      severity: 'danger',
      text: `${row.name} on ${row.cluster} turned Degraded${why}`,
      app: row.id,
      cluster: row.cluster,
    });
  }
  return out;
}

/** Alerts for clusters that became unreachable, or came back. */
export function clusterTransitionAlerts(
  previous: Record<string, ClusterView>,
  rows: readonly ClusterView[],
): AlertInput[] {
  const out: AlertInput[] = [];
  for (const row of rows) {
    const before = previous[row.name];
    if (!before || before.reachable === row.reachable) continue;
    if (!row.reachable) {
      const why = row.lastError ? `: ${row.lastError}` : '';
      out.push({ severity: 'danger', text: `cluster ${row.name} unreachable${why}`, cluster: row.name });
    } else {
      out.push({ severity: 'info', text: `cluster ${row.name} reachable again`, cluster: row.name });
    }
  }
  return out;
}

/** Polls in a row that must fail before a repo needs attention: one failure is often a blip. */
const REPO_FAILURES_ALERT = 3;

/** Alerts for repos that keep failing to poll (once, when the count reaches the threshold), and for
 * their recovery. */
export function repoTransitionAlerts(
  previous: Record<string, RepoView>,
  rows: readonly RepoView[],
): AlertInput[] {
  const out: AlertInput[] = [];
  for (const row of rows) {
    const before = previous[row.name]?.failures ?? 0;
    if (before < REPO_FAILURES_ALERT && row.failures >= REPO_FAILURES_ALERT) {
      const why = row.lastError ? `: ${row.lastError}` : '';
      out.push({
        severity: 'warning',
        text: `repo ${row.name} failed ${row.failures} polls in a row; its apps are compared with its last good commit${why}`,
      });
    } else if (before >= REPO_FAILURES_ALERT && row.failures === 0) {
      out.push({ severity: 'info', text: `repo ${row.name} polled again after ${before} failures` });
    }
  }
  return out;
}

/** Appends alerts and drops the oldest beyond MAX_ALERTS. */
export function appendAlerts(alerts: readonly Alert[], added: readonly Alert[]): Alert[] {
  if (added.length === 0) return alerts as Alert[];
  const all = [...alerts, ...added];
  return all.length > MAX_ALERTS ? all.slice(all.length - MAX_ALERTS) : all;
}

/** Alerts for operations that ended: a failed or interrupted one needs attention (as an app turning Degraded
 * does), a refused or finished one is noted. An operation first seen already ended is old news unless this
 * flotilla started it (its Running state may have been merged away by the coalescer). */
export function operationTransitionAlerts(
  previous: Record<string, OperationView>,
  rows: readonly OperationView[],
  apps: Record<string, AppView> = {},
): AlertInput[] {
  const out: AlertInput[] = [];
  for (const row of rows) {
    if (row.phase === 'Running') continue;
    const before = previous[row.appId];
    const changed = before
      ? before.id !== row.id ||
        before.phase !== row.phase ||
        (row.phase === 'Refused' && before.message !== row.message)
      : row.mine;
    if (!changed) continue;
    const app = apps[row.appId];
    const what = `${row.dryRun ? 'dry run' : row.kind} of ${app?.name ?? row.appId}${app ? ` on ${app.cluster}` : ''}`;
    const why = row.message ? `: ${row.message}` : '';
    const where = { app: row.appId, ...(app ? { cluster: app.cluster } : {}) };
    if (row.phase === 'Failed') out.push({ severity: 'danger', text: `${what} failed${why}`, ...where });
    else if (row.phase === 'Interrupted')
      out.push({ severity: 'warning', text: `${what} was interrupted${why}`, ...where });
    else if (row.phase === 'Refused' && row.mine)
      out.push({ severity: 'info', text: `${what} was refused${why}`, ...where });
    else if (row.phase === 'Succeeded' && (row.mine || before?.phase === 'Running'))
      out.push({ severity: 'info', text: `${what} succeeded`, ...where });
  }
  return out;
}
