/**
 * The rollout loop: group by group, every app of the group synced at once (each waiting for health), the next
 * group only when all of them succeeded. The first failure or refusal stops the rollout once the group's
 * running syncs have ended; no sync starts after it. Talks to syncs through a port, so tests script them.
 */
import { errorText } from '../sync/stop.js';
import type { SyncEvent, SyncOutcome, SyncRequest } from '../sync/operation.js';
import { finishRecord, withApp } from './record.js';
import type {
  RolloutAppRecord,
  RolloutEvent,
  RolloutGroup,
  RolloutPlan,
  RolloutRecord,
  RolloutRequest,
  RolloutStop,
  RolloutTarget,
} from './types.js';

/** One app's sync as the rollout starts it (the engine's `sync`). */
export type SyncPort = (
  app: string,
  request: SyncRequest,
  onEvent: (e: SyncEvent) => void,
) => Promise<SyncOutcome>;

/** What the loop needs. */
export interface RunDeps {
  sync: SyncPort;
  /** Gets the record after every change (to store it). */
  onRecord: (record: RolloutRecord) => void;
  emit: (e: RolloutEvent) => void;
  now: () => number;
  /** Most syncs running at once within a group; default GROUP_CONCURRENCY. */
  concurrency?: number;
}

/** Default of `RunDeps.concurrency`: a group of many clusters is synced in batches of this many. */
export const GROUP_CONCURRENCY = 8;

/** The first app of a group that did not succeed. */
interface Failure {
  target: RolloutTarget;
  app: RolloutAppRecord;
}

/** Runs the plan's groups in order, starting from `record` (Running, every app Waiting); answers the final
 * record: Succeeded, Failed at the first failure, or Stopped when the request's signal aborted. */
export async function runRollout(
  deps: RunDeps,
  plan: RolloutPlan,
  record: RolloutRecord,
  request: RolloutRequest,
): Promise<RolloutRecord> {
  let current = record;
  const change = (group: string, target: RolloutTarget, app: Omit<RolloutAppRecord, 'app' | 'cluster'>) => {
    current = withApp(current, target, app);
    deps.onRecord(current);
    deps.emit({ type: 'app', group, app: { ...target, ...app } });
  };
  const where = (group: RolloutGroup) => `group ${plan.order.label}=${group.value}`;
  for (const [index, group] of plan.groups.entries()) {
    if (request.signal?.aborted)
      return finishRecord(
        current,
        { phase: 'Stopped', message: `stopped before ${where(group)}`, stoppedAt: { group: group.value } },
        deps.now(),
      );
    deps.emit({ type: 'group', index, group });
    const failure = await runGroup(deps, group, request, (target, app) => change(group.value, target, app));
    if (failure)
      return finishRecord(current, ending(where(group), group.value, failure, request), deps.now());
    const done = current.groups.find((g) => g.value === group.value)?.phase === 'Succeeded';
    if (!done)
      return finishRecord(
        current,
        { phase: 'Stopped', message: `stopped at ${where(group)}`, stoppedAt: { group: group.value } },
        deps.now(),
      );
  }
  return finishRecord(current, { phase: 'Succeeded' }, deps.now());
}

/** The end of a rollout that stopped at `failure`. */
function ending(
  where: string,
  group: string,
  failure: Failure,
  request: RolloutRequest,
): { phase: 'Failed' | 'Stopped'; message: string; stoppedAt: RolloutStop } {
  const { target, app } = failure;
  const what = app.state === 'Refused' ? 'was refused' : 'failed';
  const why = app.message ? `: ${app.message}` : '';
  return {
    phase: request.signal?.aborted ? 'Stopped' : 'Failed',
    message: `stopped at ${where}: app ${target.app} on cluster ${target.cluster} ${what}${why}`,
    stoppedAt: { group, app: target.app, cluster: target.cluster },
  };
}

/** Syncs a group's apps, at most `concurrency` at once; after the first failure (or an abort) no further
 * app starts. Answers the first failure, if any (an abort between two syncs is none: the caller sees it). */
async function runGroup(
  deps: RunDeps,
  group: RolloutGroup,
  request: RolloutRequest,
  change: (target: RolloutTarget, app: Omit<RolloutAppRecord, 'app' | 'cluster'>) => void,
): Promise<Failure | undefined> {
  const queue = [...group.apps];
  let failure: Failure | undefined;
  const worker = async (): Promise<void> => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      if (failure || request.signal?.aborted) return;
      change(target, { state: 'Syncing' });
      const result = await syncOne(deps, target, request);
      change(target, result);
      if (result.state !== 'Succeeded') failure ??= { target, app: { ...target, ...result } };
    }
  };
  const workers = Math.max(1, Math.min(deps.concurrency ?? GROUP_CONCURRENCY, group.apps.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return failure;
}

/** One app's sync, waiting for health; its outcome as the app's state in the rollout. */
async function syncOne(
  deps: RunDeps,
  target: RolloutTarget,
  request: RolloutRequest,
): Promise<Omit<RolloutAppRecord, 'app' | 'cluster'>> {
  const syncRequest: SyncRequest = {
    ...request.sync,
    dryRun: false,
    force: false,
    replace: false,
    wait: true,
    waitLock: false,
    kind: 'sync',
    ...(request.signal ? { signal: request.signal } : {}),
  };
  let outcome: SyncOutcome;
  try {
    outcome = await deps.sync(target.app, syncRequest, (event) =>
      deps.emit({ type: 'sync', app: target.app, event }),
    );
  } catch (e) {
    return { state: 'Failed', message: errorText(e) };
  }
  if (!outcome.started)
    return { state: 'Refused', message: outcome.problems.map((p) => p.message).join('; ') };
  const { state } = outcome;
  if (state.phase === 'Succeeded') return { state: 'Succeeded', operation: state.id };
  const failedTask = state.tasks.find((t) => t.status === 'failed' && t.message);
  const message = state.message ?? failedTask?.message ?? `the operation ended ${state.phase}`;
  return { state: 'Failed', message, operation: state.id };
}
