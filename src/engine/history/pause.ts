/** Pausing and resuming an app's auto-sync by hand: refusals first (read-only, not automated), then one write to
 * the app's record on its cluster. The pause a rollback writes is made here too (`rollbackPause`). */
import type { Clock } from '../cluster/index.js';
import type { App } from '../config/index.js';
import { shortSha } from '../git/revision.js';
import { fail, ok, ProblemError, type Problem, type Result } from '../problem.js';
import { whoAmI, type IdentityCluster } from '../sync/initiator.js';
import type { LockCluster } from '../sync/lock-store.js';
import { pauseAutoSync, resumeAutoSync } from './store.js';
import type { AutoSyncPause, HistoryEntry } from './types.js';

/** What pausing or resuming one app needs. */
export interface PauseDeps {
  app: Pick<App, 'name' | 'syncPolicy'>;
  cluster: LockCluster & IdentityCluster;
  /** Why the cluster may not be written to, if it may not: global read-only mode or the cluster's own flag. */
  readOnly: 'global' | 'cluster' | undefined;
  clock: Pick<Clock, 'now'>;
  /** Who acts (tests); default the API server's answer. */
  who?: () => Promise<{ user: string; host: string }>;
}

/** Pauses the app's auto-sync and self-heal until resumed; answers the pause as written. */
export async function pauseApp(deps: PauseDeps, reason: string): Promise<Result<AutoSyncPause>> {
  const refusal = readOnlyProblem(deps, 'paused') ?? notAutomated(deps) ?? emptyReason(deps, reason);
  if (refusal) return fail(refusal);
  const pause = await pauseBy(deps, { reason: reason.trim(), source: 'manual' });
  return writePause(deps, pause);
}

/** Lifts the app's pause; answers the pause that was lifted, or undefined when there was none. */
export async function resumeApp(deps: PauseDeps): Promise<Result<AutoSyncPause | undefined>> {
  const refusal = readOnlyProblem(deps, 'resumed');
  if (refusal) return fail(refusal);
  try {
    return ok(await resumeAutoSync(deps.cluster, deps.app.name));
  } catch (e) {
    return fail(writeFailed(deps, 'resume', e));
  }
}

/** The pause a rollback writes: it pins the restored revision, so automation does not apply the branch again. */
export async function rollbackPause(deps: PauseDeps, target: HistoryEntry): Promise<AutoSyncPause> {
  return pauseBy(deps, {
    reason: `rollback to #${target.id} (${shortSha(target.revision)})`,
    source: 'rollback',
    revision: target.revision,
  });
}

/** Writes `pause` to the app's record; a failure comes back as a problem. */
export async function writePause(deps: PauseDeps, pause: AutoSyncPause): Promise<Result<AutoSyncPause>> {
  try {
    await pauseAutoSync(deps.cluster, deps.app.name, pause);
    return ok(pause);
  } catch (e) {
    return fail(writeFailed(deps, 'pause', e));
  }
}

async function pauseBy(
  deps: PauseDeps,
  what: Pick<AutoSyncPause, 'reason' | 'source' | 'revision'>,
): Promise<AutoSyncPause> {
  const { user, host } = await (deps.who ?? (() => whoAmI(deps.cluster)))();
  return {
    by: user,
    host,
    at: new Date(deps.clock.now()).toISOString(),
    reason: what.reason,
    source: what.source,
    ...(what.revision ? { revision: what.revision } : {}),
  };
}

function readOnlyProblem(deps: PauseDeps, verb: 'paused' | 'resumed'): Problem | undefined {
  const { app, cluster } = deps;
  const action = verb === 'paused' ? 'pause' : 'resume';
  if (deps.readOnly === 'global')
    return {
      code: 'autosync.read-only',
      message: `flotilla runs in read-only mode (--readonly or settings.readOnly in the fleet file): auto-sync of ${app.name} was not ${verb} and nothing was sent.`,
      hint: `Run without --readonly, or remove settings.readOnly, to ${action} auto-sync.`,
    };
  if (deps.readOnly === 'cluster')
    return {
      code: 'autosync.cluster-read-only',
      message: `Cluster ${cluster.name} is read-only in the fleet file: auto-sync of ${app.name} was not ${verb} and nothing was sent.`,
      hint: `Remove readOnly: true from cluster ${cluster.name} in the fleet file to ${action} auto-sync of its apps.`,
    };
  return undefined;
}

function notAutomated(deps: PauseDeps): Problem | undefined {
  if (deps.app.syncPolicy.automated) return undefined;
  return {
    code: 'autosync.not-automated',
    message: `App ${deps.app.name} is not automated (its syncPolicy has no automated in the fleet file): there is no auto-sync to pause.`,
    hint: 'Only apps with syncPolicy.automated sync on their own; this one changes only when someone syncs it.',
  };
}

function emptyReason(deps: PauseDeps, reason: string): Problem | undefined {
  if (reason.trim()) return undefined;
  return {
    code: 'autosync.no-reason',
    message: `Say why auto-sync of ${deps.app.name} is paused: the reason is shown to everyone who looks at the app.`,
  };
}

function writeFailed(deps: PauseDeps, action: 'pause' | 'resume', e: unknown): Problem {
  const detail = e instanceof ProblemError ? e.problems.map((p) => p.message).join('; ') : String(e);
  return {
    code: 'autosync.write-failed',
    message: `Could not ${action} auto-sync of app ${deps.app.name} on cluster ${deps.cluster.name}: ${detail}`,
    hint: 'Check access to ConfigMaps in namespace flotilla-system, then try again.',
  };
}
