/** The rollout record as pure functions: built from a plan, changed one app at a time, ended, read back from
 * the cluster (checked, since anyone who may write ConfigMaps there could have put anything). */
import type { Initiator } from '../sync/operation.js';
import type {
  RolloutAppRecord,
  RolloutAppState,
  RolloutGroupPhase,
  RolloutGroupRecord,
  RolloutPhase,
  RolloutPlan,
  RolloutRecord,
  RolloutStop,
  RolloutTarget,
} from './types.js';

/** A new rollout's record: Running, every app Waiting. */
export function newRecord(plan: RolloutPlan, initiator: Initiator, id: string, now: number): RolloutRecord {
  const at = new Date(now).toISOString();
  return {
    id,
    appSet: plan.appSet,
    order: plan.order,
    initiator,
    startedAt: at,
    heartbeatAt: at,
    phase: 'Running',
    groups: plan.groups.map((g) => ({
      value: g.value,
      phase: 'Waiting',
      apps: g.apps.map((t) => ({ ...t, state: 'Waiting' })),
    })),
    leftOut: plan.leftOut,
  };
}

/** A rollout id: the app set, the start time and a random part. */
export function rolloutId(appSet: string, now: number): string {
  return `${appSet}-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The record with one app's state (and message and operation, when given) changed. */
export function withApp(
  record: RolloutRecord,
  target: RolloutTarget,
  change: Pick<RolloutAppRecord, 'state'> & Partial<Pick<RolloutAppRecord, 'message' | 'operation'>>,
): RolloutRecord {
  const groups = record.groups.map((g) => {
    if (!g.apps.some((a) => sameTarget(a, target))) return g;
    const apps = g.apps.map((a) => (sameTarget(a, target) ? { ...a, ...change } : a));
    return { ...g, apps, phase: groupPhase(apps) };
  });
  return { ...record, groups };
}

/** The record ended: its phase, where it stopped, the apps never started marked so. */
export function finishRecord(
  record: RolloutRecord,
  end: { phase: Exclude<RolloutPhase, 'Running' | 'Interrupted'>; message?: string; stoppedAt?: RolloutStop },
  now: number,
): RolloutRecord {
  const groups = record.groups.map((g) => {
    const apps = g.apps.map((a) =>
      a.state === 'Waiting' || a.state === 'Syncing' ? { ...a, state: 'NotStarted' as const } : a,
    );
    return { ...g, apps, phase: groupPhase(apps) };
  });
  const at = new Date(now).toISOString();
  return {
    ...record,
    groups,
    phase: end.phase,
    finishedAt: at,
    heartbeatAt: at,
    ...(end.message !== undefined ? { message: end.message } : {}),
    ...(end.stoppedAt ? { stoppedAt: end.stoppedAt } : {}),
  };
}

/** A group's phase from its apps: failed when one failed or was refused, done when all succeeded, stopped
 * when some succeeded and the rest never started. */
export function groupPhase(apps: readonly Pick<RolloutAppRecord, 'state'>[]): RolloutGroupPhase {
  const has = (...states: RolloutAppState[]) => apps.some((a) => states.includes(a.state));
  const all = (state: RolloutAppState) => apps.every((a) => a.state === state);
  if (has('Failed', 'Refused')) return 'Failed';
  if (all('Succeeded')) return 'Succeeded';
  if (all('Waiting')) return 'Waiting';
  if (all('NotStarted')) return 'NotStarted';
  if (has('Waiting', 'Syncing')) return 'Running';
  return 'Stopped';
}

/** True when a Running record's heartbeat is older than `staleAfterMs` at `now`: its flotilla vanished. */
export function isStale(record: RolloutRecord, now: number, staleAfterMs: number): boolean {
  const beat = Date.parse(record.heartbeatAt);
  return record.phase === 'Running' && (Number.isNaN(beat) || now - beat > staleAfterMs);
}

/** The record as others should see it: a Running one whose flotilla vanished reads as Interrupted. */
export function asRead(record: RolloutRecord, now: number, staleAfterMs: number): RolloutRecord {
  if (!isStale(record, now, staleAfterMs)) return record;
  return {
    ...record,
    phase: 'Interrupted',
    message: `interrupted: the flotilla running it (${record.initiator.user}@${record.initiator.host}) has not written since ${record.heartbeatAt}`,
  };
}

const phases = new Set<RolloutPhase>(['Running', 'Succeeded', 'Failed', 'Stopped', 'Interrupted']);

/** A stored record, or undefined when the text lacks the fields the rollout and the screens rely on. */
export function parseRollout(text: string | undefined): RolloutRecord | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const initiator = value.initiator;
  const order = value.order;
  const valid =
    typeof value.id === 'string' &&
    typeof value.appSet === 'string' &&
    typeof value.startedAt === 'string' &&
    typeof value.heartbeatAt === 'string' &&
    phases.has(value.phase as RolloutPhase) &&
    isObject(order) &&
    typeof order.label === 'string' &&
    Array.isArray(order.values) &&
    isObject(initiator) &&
    typeof initiator.user === 'string' &&
    typeof initiator.host === 'string' &&
    Array.isArray(value.groups) &&
    value.groups.every(isGroup) &&
    Array.isArray(value.leftOut);
  return valid ? (value as unknown as RolloutRecord) : undefined;
}

function isGroup(g: unknown): g is RolloutGroupRecord {
  return (
    isObject(g) &&
    typeof g.value === 'string' &&
    Array.isArray(g.apps) &&
    g.apps.every((a) => isObject(a) && typeof a.app === 'string' && typeof a.cluster === 'string')
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const sameTarget = (a: RolloutTarget, b: RolloutTarget): boolean =>
  a.app === b.app && a.cluster === b.cluster;
