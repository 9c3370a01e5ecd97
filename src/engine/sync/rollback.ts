/**
 * A rollback: a sync of the revision an earlier history entry applied, with no hooks. Before anything is
 * written the entry is chosen from the app's record and its commit is checked to still be in the repository;
 * an automated app's auto-sync is paused under the app's lock, before the first object is applied, so no
 * flotilla's automation puts the branch back while (or after) the rollback runs.
 */
import type { App } from '../config/index.js';
import type { CommitInfo, CommitPresence, PollResult, RepoSource } from '../git/index.js';
import { shortSha } from '../git/revision.js';
import { chooseRollbackTarget, entryLabel } from '../history/rollback.js';
import { rollbackPause, writePause, type PauseDeps } from '../history/pause.js';
import { readAppRecord } from '../history/store.js';
import type { CommitSummary, HistoryEntry } from '../history/types.js';
import { fail, ok, ProblemError, type Problem, type Result } from '../problem.js';
import type { OperateDeps } from './operate.js';
import type { SyncEvent, SyncOutcome, SyncRequest } from './operation.js';

/** How a rollback is asked for: which entry (default: the one before the current), and the sync's options. */
export interface RollbackRequest {
  /** The history entry to restore; undefined: the newest successful full sync older than the current one, at
   * another revision. */
  id?: number;
  prune: boolean;
  confirmPrune?: SyncRequest['confirmPrune'];
  dryRun: boolean;
  force: boolean;
  wait: boolean;
  timeoutMs?: number;
  waitLock: boolean;
  signal?: AbortSignal;
}

/** What a rollback restores, told before the plan. */
export interface RollbackTarget {
  app: string;
  cluster: string;
  repo: string;
  target: HistoryEntry;
  /** The newest successful full sync: what runs now. */
  current: HistoryEntry;
  /** The target commit's subject, author and date: from the entry, else read from Git; absent when neither had it. */
  commit?: CommitSummary;
  /** The branch or tag the commit was found on. */
  foundOn: string;
  /** True when auto-sync is paused before the first write (an automated app, not a dry run). */
  pausesAutoSync: boolean;
}

/** What a rollback sends: first what it restores, then the sync's own events. */
export type RollbackEvent = SyncEvent | { type: 'rollback'; rollback: RollbackTarget };

/** Everything one rollback of one app needs. */
export interface RollbackDeps extends PauseDeps {
  app: Pick<App, 'name' | 'revision' | 'syncPolicy'>;
  repo: Pick<RepoSource, 'name' | 'poll' | 'commitPresence' | 'commitInfo'>;
  emit: (e: RollbackEvent) => void;
  /** Runs the sync with extra checks under the lock (the engine's sync). */
  sync: (request: SyncRequest, extra: Pick<OperateDeps, 'guard'>) => Promise<SyncOutcome>;
}

/** Rolls the app back; every refusal comes back as problems with nothing written. */
export async function rollbackApp(deps: RollbackDeps, request: RollbackRequest): Promise<SyncOutcome> {
  // The sync refuses read-only mode and read-only clusters first thing, in its usual words.
  if (deps.readOnly) return deps.sync(syncRequestOf(request, undefined), {});
  const chosen = await chooseTarget(deps, request);
  if (!chosen.ok) return { started: false, problems: chosen.problems };
  const target = chosen.value;
  deps.emit({ type: 'rollback', rollback: target });
  const guard = target.pausesAutoSync ? pauseGuard(deps, target.target) : undefined;
  return deps.sync(syncRequestOf(request, target.target), guard ? { guard } : {});
}

/** The entry to restore, checked to still be in the repository. */
async function chooseTarget(deps: RollbackDeps, request: RollbackRequest): Promise<Result<RollbackTarget>> {
  const place = { app: deps.app.name, cluster: deps.cluster.name };
  let history: HistoryEntry[];
  try {
    history = (await readAppRecord(deps.cluster, deps.app.name)).history;
  } catch (e) {
    return fail(historyUnreadable(place, e));
  }
  const choice = chooseRollbackTarget(history, place, request.id);
  if (!choice.ok) return choice;
  const { target, current } = choice.value;
  const found = await stillInRepository(deps, target);
  if (!found.ok) return found;
  const commit = target.commit ?? (await commitSummary(deps, target.revision));
  return ok({
    ...place,
    repo: deps.repo.name,
    target,
    current,
    ...(commit ? { commit } : {}),
    foundOn: found.value,
    pausesAutoSync: deps.app.syncPolicy.automated !== undefined && !request.dryRun,
  });
}

/** Polls the app's revision, then asks whether a branch or tag still reaches the entry's commit; answers which. */
async function stillInRepository(deps: RollbackDeps, target: HistoryEntry): Promise<Result<string>> {
  const polled: PollResult = await deps.repo.poll(deps.app.revision);
  if (polled.errors.length > 0 || polled.sha === undefined)
    return fail(cannotCheck(deps.repo.name, target), ...polled.errors);
  const presence = await deps.repo.commitPresence(target.revision, {
    name: deps.app.revision,
    sha: polled.sha,
  });
  if (!presence.ok) return fail(cannotCheck(deps.repo.name, target), ...presence.problems);
  if (presence.value.state === 'reachable') return ok(presence.value.from);
  return fail(vanished({ app: deps.app.name, repo: deps.repo.name }, target, presence.value));
}

async function commitSummary(deps: RollbackDeps, sha: string): Promise<CommitSummary | undefined> {
  const info = await deps.repo.commitInfo(sha);
  return info.ok ? summaryOf(info.value) : undefined;
}

function summaryOf(info: CommitInfo): CommitSummary {
  return { subject: info.subject, author: `${info.author.name} <${info.author.email}>`, date: info.date };
}

/** The guard that pauses auto-sync once the lock is held; a pause that cannot be written refuses the rollback. */
export function pauseGuard(deps: PauseDeps, target: HistoryEntry): () => Promise<Problem[]> {
  return async () => {
    const written = await writePause(deps, await rollbackPause(deps, target));
    return written.ok ? [] : written.problems;
  };
}

/** The sync a rollback runs: the entry's commit instead of the app's revision, no hooks, recorded as a rollback. */
export function syncRequestOf(request: RollbackRequest, target: HistoryEntry | undefined): SyncRequest {
  return {
    prune: request.prune,
    ...(request.confirmPrune ? { confirmPrune: request.confirmPrune } : {}),
    dryRun: request.dryRun,
    force: request.force,
    replace: false,
    skipHooks: true,
    kind: 'rollback',
    ...(target ? { revision: target.revision, rollbackOf: target.id } : {}),
    wait: request.wait,
    ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    waitLock: request.waitLock,
    ...(request.signal ? { signal: request.signal } : {}),
  };
}

function historyUnreadable(place: { app: string; cluster: string }, e: unknown): Problem {
  const detail = e instanceof ProblemError ? e.problems.map((p) => p.message).join('; ') : String(e);
  return {
    code: 'rollback.history-unreadable',
    message: `Could not read the history of app ${place.app} on cluster ${place.cluster}, so nothing was synced: ${detail}`,
    hint: 'Check the cluster (`flotilla status`) and access to ConfigMaps in namespace flotilla-system.',
  };
}

function cannotCheck(repo: string, target: HistoryEntry): Problem {
  return {
    code: 'rollback.repo-unreadable',
    message: `Could not check that commit ${entryLabel(target)} is still in repository ${repo}, so nothing was synced.`,
    hint: 'A rollback applies a commit only once Git confirms it is still part of the repository; try again when the repository can be read.',
  };
}

/** The entry's commit is gone from the repository, or could not be found on any branch or tag. */
function vanished(
  where: { app: string; repo: string },
  target: HistoryEntry,
  presence: Exclude<CommitPresence, { state: 'reachable' }>,
): Problem {
  const commit = `${shortSha(target.revision)} (#${target.id})`;
  const hint = `Roll back to another entry (\`flotilla history ${where.app}\` lists them), or push a branch or tag at commit ${target.revision} again.`;
  if (presence.state === 'undecided')
    return {
      code: 'rollback.commit-undecided',
      message: `Could not tell whether commit ${commit} is still in repository ${where.repo} (${presence.reason}). Nothing was synced.`,
      hint,
    };
  const why =
    presence.state === 'unreachable'
      ? 'its history was rewritten (force-push?)'
      : 'neither the cache nor the server has it';
  return {
    code: 'rollback.commit-gone',
    message: `Commit ${commit} no longer exists in repository ${where.repo}: ${why}. Nothing was synced.`,
    hint,
  };
}
