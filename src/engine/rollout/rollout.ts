/**
 * One rollout from request to record: plan the groups, refuse while another rollout of the app set runs,
 * claim the record on every cluster of the rollout, run the groups, write the end. Also reads the stored
 * record for anyone who asks. Nothing here talks to a terminal.
 */
import type { Clock } from '../cluster/deps.js';
import type { Fleet } from '../config/index.js';
import { fail, ok, type Problem, type Result } from '../problem.js';
import type { LockCluster } from '../sync/lock-store.js';
import { whoAmI, type IdentityCluster } from '../sync/initiator.js';
import type { Initiator } from '../sync/operation.js';
import { errorText } from '../sync/stop.js';
import { planRollout, unknownAppSet } from './plan.js';
import { asRead, finishRecord, isStale, newRecord, rolloutId } from './record.js';
import { RolloutRecorder } from './recorder.js';
import { runRollout, type SyncPort } from './run.js';
import { readRollout } from './store.js';
import type { RolloutEvent, RolloutOutcome, RolloutRecord, RolloutRequest } from './types.js';

/** A cluster client as the rollout uses it: its record, and who we are there. */
export type RolloutCluster = LockCluster & IdentityCluster;

/** Everything a rollout needs. */
export interface RolloutDeps {
  fleet: Fleet;
  /** The client of a fleet cluster. */
  cluster: (name: string) => RolloutCluster;
  /** Why nothing may be written: global read-only mode. Clusters with their own `readOnly` get no record. */
  readOnly: boolean;
  sync: SyncPort;
  clock: Clock;
  /** Lease duration of the app lock, in seconds: the heartbeat is a third of it, staleness three of it. */
  leaseSeconds: number;
  emit: (e: RolloutEvent) => void;
  /** Who acts, when already known (tests); default the API server's answer on the first cluster. */
  initiator?: Initiator;
}

/** The app lock's default lease, when none is configured. */
export const DEFAULT_LEASE_SECONDS = 30;

const heartbeatMs = (deps: Pick<RolloutDeps, 'leaseSeconds'>) => (deps.leaseSeconds * 1000) / 3;
const staleAfterMs = (deps: Pick<RolloutDeps, 'leaseSeconds'>) => deps.leaseSeconds * 3000;

/** Runs the rollout of `appSet`; every refusal comes back as problems with nothing synced. */
export async function startRollout(
  deps: RolloutDeps,
  appSet: string,
  request: RolloutRequest,
): Promise<RolloutOutcome> {
  if (deps.readOnly) return { started: false, problems: [readOnlyProblem(appSet)] };
  const planned = planRollout(deps.fleet, appSet, request.order);
  if (!planned.ok) return { started: false, problems: planned.problems };
  const plan = planned.value;
  const warnings: Problem[] = [];
  const warn = (problem: Problem) => {
    warnings.push(problem);
    deps.emit({ type: 'warning', problem });
  };
  const names = [...new Set(plan.groups.flatMap((g) => g.apps.map((a) => a.cluster)))];
  const writable = names.filter((n) => deps.fleet.clusters.find((c) => c.name === n)?.readOnly !== true);
  const stored = await Promise.all(writable.map((name) => readStored(deps, name, appSet, warn)));
  const now = deps.clock.now();
  const running = stored.find(
    (s) => s.record?.phase === 'Running' && !isStale(s.record, now, staleAfterMs(deps)),
  );
  if (running?.record)
    return { started: false, problems: [runningProblem(running.record)], running: running.record };
  const previous = stored.find((s) => s.record && isStale(s.record, now, staleAfterMs(deps)))?.record;
  const interrupted = previous ? asRead(previous, now, staleAfterMs(deps)) : undefined;

  // A plan has no empty group, so there is a first cluster.
  const initiator = deps.initiator ?? (await whoAmI(deps.cluster(names[0]!)));
  const record = newRecord(plan, initiator, rolloutId(appSet, now), now);
  const recorder = new RolloutRecorder(
    { clock: deps.clock, heartbeatMs: heartbeatMs(deps), staleAfterMs: staleAfterMs(deps), warn },
    stored.map((s) => ({ cluster: s.cluster, version: s.version })),
  );
  const claim = await recorder.claim(record);
  if (!claim.ok) return { started: false, problems: [runningProblem(claim.running)], running: claim.running };
  if (interrupted) deps.emit({ type: 'interrupted', previous: interrupted });
  deps.emit({ type: 'started', record });
  recorder.startHeartbeat();
  let latest = record;
  const onRecord = (r: RolloutRecord) => {
    latest = r;
    recorder.set(r);
  };
  let final: RolloutRecord;
  try {
    final = await runRollout(
      { sync: deps.sync, onRecord, emit: deps.emit, now: () => deps.clock.now() },
      plan,
      record,
      request,
    );
  } catch (e) {
    // Syncs report failures as outcomes, so this is a bug or a throwing listener: end the record rather than
    // leave it Running until it reads as interrupted.
    const message = `the rollout stopped on an unexpected error: ${errorText(e)}`;
    final = finishRecord(latest, { phase: 'Failed', message }, deps.clock.now());
  }
  await recorder.finish(final);
  deps.emit({ type: 'done', record: final });
  return { started: true, record: final, warnings, ...(interrupted ? { interrupted } : {}) };
}

/** The stored rollout of `appSet`, from the first of its clusters that has one (a vanished rollout reads as
 * Interrupted); undefined when none has. Fails when the app set is unknown or no cluster could be read. */
export async function readRolloutOf(
  deps: Pick<RolloutDeps, 'fleet' | 'cluster' | 'clock' | 'leaseSeconds'>,
  appSet: string,
): Promise<Result<RolloutRecord | undefined>> {
  const set = deps.fleet.appSets.find((s) => s.name === appSet);
  if (!set) return fail(unknownAppSet(deps.fleet, appSet));
  const unreadable: string[] = [];
  for (const name of set.clusters) {
    try {
      const record = (await readRollout(deps.cluster(name), appSet))?.record;
      if (record) return ok(asRead(record, deps.clock.now(), staleAfterMs(deps)));
    } catch (e) {
      unreadable.push(`${name} (${errorText(e)})`);
    }
  }
  if (set.clusters.length > 0 && unreadable.length === set.clusters.length)
    return fail({
      code: 'rollout.unreadable',
      message: `No cluster of app set ${appSet} could be read: ${unreadable.join('; ')}.`,
      hint: 'Check the clusters (`flotilla status`) and try again.',
    });
  return ok(undefined);
}

/** One cluster's stored record and version before the rollout; an unreadable cluster is a warning. */
async function readStored(
  deps: RolloutDeps,
  name: string,
  appSet: string,
  warn: (p: Problem) => void,
): Promise<{ cluster: RolloutCluster; version: string | undefined; record: RolloutRecord | undefined }> {
  const cluster = deps.cluster(name);
  try {
    const stored = await readRollout(cluster, appSet);
    return { cluster, version: stored?.resourceVersion, record: stored?.record };
  } catch (e) {
    warn({
      code: 'rollout.record-unreadable',
      message: `The rollout record on cluster ${name} could not be read: ${errorText(e)}. The rollout goes on.`,
      hint: 'A rollout running there could not be seen; check the cluster (`flotilla status`).',
    });
    return { cluster, version: undefined, record: undefined };
  }
}

function runningProblem(running: RolloutRecord): Problem {
  const who = `${running.initiator.user}@${running.initiator.host}`;
  const at = running.groups.find((g) => g.phase === 'Running')?.value;
  return {
    code: 'rollout.running',
    message: `A rollout of app set ${running.appSet} is running: ${running.id}, started by ${who} at ${running.startedAt}${at ? `, now at group ${running.order.label}=${at}` : ''}. Nothing was synced.`,
    hint: `Wait for it to end (\`flotilla rollout ${running.appSet} --status\`); one that stops writing for a while counts as interrupted and may be replaced.`,
  };
}

function readOnlyProblem(appSet: string): Problem {
  return {
    code: 'rollout.read-only',
    message: `flotilla runs in read-only mode (--readonly or settings.readOnly): the rollout of ${appSet} was not started and nothing was sent.`,
    hint: 'Run without --readonly, or remove settings.readOnly, to roll out.',
  };
}
