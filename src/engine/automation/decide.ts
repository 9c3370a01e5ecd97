/**
 * The automation decision for one app: pure, from what the monitor observed, the app's record (history
 * and pause), what automation remembers, and the time. Auto-sync fires once per revision, then only as
 * the retry policy allows; self-heal re-applies drifted objects of the deployed revision with its own
 * back-off, without a limit. Nothing here reads the cluster or the clock.
 */
import type { App } from '../config/types.js';
import type { AppRecord, HistoryEntry } from '../history/types.js';
import type { ResourceSelector } from '../sync/types.js';
import { attemptCount, failuresAt, lastFullSync, recentSelfHeals } from './attempts.js';
import { retryDelayMs, selfHealDelayMs } from './backoff.js';
import type { AutomationAction, AutomationMemory, Decision, DecisionInput, ObservedApp } from './types.js';

const short = (sha: string) => sha.slice(0, 7);

/** What automation does with the app now, and what to remember for the next decision. */
export function decideAutomation(input: DecisionInput): Decision {
  const { app, observed, record, memory } = input;
  const keep = (action: AutomationAction): Decision => ({ action, memory });
  // Retry rounds belong to one revision; when the app was last seen in sync outlives them.
  const fresh: AutomationMemory = memory.syncedAt !== undefined ? { syncedAt: memory.syncedAt } : {};
  const automated = app.syncPolicy.automated;
  if (!automated) return keep(none('auto-sync is off for this app'));
  if (input.readOnly === 'global') return keep(none('read-only mode: automation sends nothing'));
  if (input.readOnly === 'cluster') return keep(none('the cluster is read-only in the fleet file'));
  if (!record) return keep(none('the app record (history, pause) could not be read'));
  if (record.pause) return keep({ action: 'none', reason: pausedWords(record), pause: record.pause });
  const sha = observed.sha;
  if (!sha) return keep(none('Git has not been read for the app yet'));
  if (observed.sync === 'Unknown')
    return keep(none('the sync status is Unknown (see the app’s problems): nothing is synced blind'));
  if (observed.sync === 'Synced')
    return { action: none(`in sync at ${short(sha)}`), memory: { syncedAt: input.now } };

  const full = lastFullSync(record.history);
  if (full?.revision === sha && full.result === 'Failed') return retry(input, sha, full);
  const deployed = observed.deployedSha ?? (full?.revision === sha ? sha : undefined);
  if (full?.revision === sha || deployed === sha)
    return { action: selfHeal(input, sha, record), memory: fresh };
  const empty = wipesEverything(observed, automated);
  if (empty) return { action: empty, memory: fresh };
  return {
    action: {
      action: 'auto-sync',
      revision: sha,
      prune: automated.prune,
      reason: `${deployed ? `${short(deployed)} is deployed` : 'nothing is deployed by flotilla'}; Git is at ${short(sha)}`,
    },
    memory: fresh,
  };
}

/** A revision whose last full sync failed: the next attempt as the retry policy allows, or the error. */
function retry(input: DecisionInput, sha: string, last: HistoryEntry): Decision {
  const { memory, observed, now } = input;
  const policy = input.app.syncPolicy.retry ?? { limit: 0, backoffMs: 0, factor: 1, maxBackoffMs: 0 };
  const failures = attemptCount(failuresAt(input.record?.history ?? [], sha));
  const base = memory.round?.revision === sha ? memory.round.base : 0;
  const counted = failures - base;
  const error = `sync to ${short(sha)} failed${last.message ? `: ${last.message}` : ''}`;
  const allowed = policy.limit < 0 ? Infinity : policy.limit + 1;
  if (counted >= allowed) {
    const liveState = liveStateOf(observed);
    const before = memory.exhausted;
    if (before?.revision === sha && before.failures === failures && before.liveState !== liveState)
      return {
        action: {
          action: 'auto-sync',
          revision: sha,
          prune: input.app.syncPolicy.automated?.prune ?? false,
          reason: `the live state changed since the last attempt at ${short(sha)}: trying again`,
        },
        memory: { ...memory, exhausted: undefined, round: { revision: sha, base: failures } },
      };
    const exhausted =
      before?.revision === sha && before.failures === failures
        ? before
        : { revision: sha, failures, liveState };
    return {
      action: {
        action: 'none',
        reason: `gave up after ${counted} attempt${counted === 1 ? '' : 's'}; waiting for a new commit or a change of the live state`,
        error,
      },
      memory: { ...memory, exhausted },
    };
  }
  const until = Date.parse(last.finishedAt) + retryDelayMs(policy, counted - 1);
  if (now < until)
    return {
      action: {
        action: 'wait',
        kind: 'auto-sync',
        until,
        reason: `retry ${counted} of ${policy.limit < 0 ? 'unlimited' : policy.limit}`,
        error,
      },
      memory,
    };
  return {
    action: {
      action: 'auto-sync',
      revision: sha,
      prune: input.app.syncPolicy.automated?.prune ?? false,
      reason: `retry ${counted} of ${policy.limit < 0 ? 'unlimited' : policy.limit} after: ${error}`,
    },
    memory,
  };
}

/** Drift at the deployed revision: re-apply only what differs, once the self-heal back-off allows. Every
 * self-heal since the app was last seen in sync counts (a failed one, or one that left the drift), so a
 * drift that keeps coming back is not re-applied every two seconds. */
function selfHeal(input: DecisionInput, sha: string, record: AppRecord): AutomationAction {
  const automated = input.app.syncPolicy.automated!;
  if (!automated.selfHeal)
    return none(`${short(sha)} was synced; the live state drifted, and self-heal is off`);
  const resources = driftedResources(input.observed, automated.prune);
  if (resources.length === 0)
    return none('only objects Git no longer has differ, and automated prune is off');
  const { last, count } = recentSelfHeals(record.history, input.memory.syncedAt);
  const error = last?.result === 'Failed' && last.message ? `self-heal failed: ${last.message}` : undefined;
  const until = last && count > 0 ? Date.parse(last.finishedAt) + selfHealDelayMs(count - 1) : input.now;
  if (input.now < until)
    return {
      action: 'wait',
      kind: 'self-heal',
      until,
      reason: `self-heal back-off: ${count} self-heal${count === 1 ? '' : 's'} since the app was last in sync`,
      ...(error ? { error } : {}),
    };
  return {
    action: 'self-heal',
    revision: sha,
    prune: automated.prune,
    resources,
    reason: `${resources.length} object${resources.length === 1 ? '' : 's'} drifted from ${short(sha)}`,
  };
}

/** Objects that differ from Git: changed, missing, and (when automated prune is on) no longer in Git. */
function driftedResources(observed: ObservedApp, prune: boolean): ResourceSelector[] {
  return observed.resources
    .filter((r) => r.sync === 'OutOfSync' || r.sync === 'Missing' || (prune && r.sync === 'Extraneous'))
    .map((r) => ({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name }));
}

/** Refuses a sync that would delete every object of the app (an empty render), unless allowEmpty. */
function wipesEverything(
  observed: ObservedApp,
  automated: NonNullable<App['syncPolicy']['automated']>,
): AutomationAction | undefined {
  const all = observed.resources;
  if (!automated.prune || automated.allowEmpty || all.length === 0) return undefined;
  if (!all.every((r) => r.sync === 'Extraneous')) return undefined;
  return {
    action: 'none',
    reason: 'Git renders no objects for the app',
    error: 'auto-sync would delete every object of the app; set syncPolicy.automated.allowEmpty to allow it',
  };
}

/** A fingerprint of the live state as compared: each resource and its sync status. */
export function liveStateOf(observed: ObservedApp): string {
  return observed.resources
    .map((r) => `${r.group}/${r.kind}/${r.namespace}/${r.name}=${r.sync}`)
    .sort()
    .join('\n');
}

function pausedWords(record: AppRecord): string {
  const p = record.pause!;
  return `paused by ${p.by} (${p.host}) at ${p.at}: ${p.reason}`;
}

function none(reason: string): AutomationAction {
  return { action: 'none', reason };
}
