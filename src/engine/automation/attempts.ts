/** What an app's history says about automated attempts: the last full sync, failures in a row at a
 * revision, the self-heals since the last success; and this process's own attempts folded into the
 * record it read, so a decision sees them even before (or without) their history entries. */
import { withEntry, type NewHistoryEntry } from '../history/record.js';
import type { AppRecord, HistoryEntry } from '../history/types.js';
import type { OperationState } from '../sync/operation.js';

/** An attempt this process made, as a history entry would record it. */
export type OwnAttempt = NewHistoryEntry;

/** The newest entry that synced the whole app (not a self-heal or another partial sync). */
export function lastFullSync(history: readonly HistoryEntry[]): HistoryEntry | undefined {
  return history.find((e) => !e.partial);
}

/** Failed full syncs of `revision` in a row, newest first, up to the first entry of another kind. */
export function failuresAt(history: readonly HistoryEntry[], revision: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const e of history.filter((h) => !h.partial)) {
    if (e.revision !== revision || e.result !== 'Failed') break;
    out.push(e);
  }
  return out;
}

/** The newest self-heal (when the history starts with one) and how many self-heals in a row, each
 * counted with its folded attempts, ended after `since` (epoch ms; all of them when undefined). */
export function recentSelfHeals(
  history: readonly HistoryEntry[],
  since: number | undefined,
): { last: HistoryEntry | undefined; count: number } {
  let count = 0;
  for (const e of history) {
    if (e.kind !== 'self-heal' || (since !== undefined && Date.parse(e.finishedAt) <= since)) break;
    count += e.attempts;
  }
  const last = history[0]?.kind === 'self-heal' ? history[0] : undefined;
  return { last, count };
}

/** Sum of the attempts the entries stand for (repeated failures fold into one entry). */
export function attemptCount(entries: readonly HistoryEntry[]): number {
  return entries.reduce((n, e) => n + e.attempts, 0);
}

/** `record` with the attempts it does not know yet (by operation id) that ended after its newest entry
 * added in order, folded as the history store folds them. */
export function withAttempts(record: AppRecord, attempts: readonly OwnAttempt[]): AppRecord {
  const known = new Set(record.history.map((e) => e.operationId));
  const newest = record.history[0]?.finishedAt ?? '';
  const unseen = new Map<string, OwnAttempt>();
  for (const a of attempts)
    if (!known.has(a.operationId) && Date.parse(a.finishedAt) >= (Date.parse(newest) || 0))
      unseen.set(a.operationId, a);
  const ordered = [...unseen.values()].sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  // Only what a decision reads is kept, so no limit is needed beyond the record's own.
  const limit = Math.max(record.history.length + ordered.length, 1);
  return ordered.reduce((r, a) => withEntry(r, a, limit), record);
}

/** The history entry an operation record stands for, once it has ended (never a dry run). */
export function attemptOf(state: OperationState): OwnAttempt | undefined {
  if (state.dryRun || state.phase === 'Running' || !state.finishedAt) return undefined;
  return {
    operationId: state.id,
    kind: state.kind ?? 'sync',
    revision: state.revision,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    initiator: { user: state.initiator.user, host: state.initiator.host },
    result: state.phase === 'Succeeded' ? 'Succeeded' : 'Failed',
    ...(state.message ? { message: state.message } : {}),
    partial: state.partial,
    prune: state.prune,
    manifestDigest: '',
    applied: state.tasks.filter((t) => t.status === 'succeeded' && t.action !== 'prune').length,
    pruned: state.tasks.filter((t) => t.status === 'succeeded' && t.action === 'prune').length,
  };
}
