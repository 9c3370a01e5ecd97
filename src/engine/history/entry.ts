/** The history entry of a finished operation: what it ran, who ran it, how it ended and what it applied, and
 * its writing to the app's record. */
import type { CommitInfo } from '../git/index.js';
import type { Result } from '../problem.js';
import { manifestDigest as renderDigest, type RenderedObject } from '../render/index.js';
import type { LockCluster } from '../sync/lock-store.js';
import type { OperationState, SyncRequest, TaskResult } from '../sync/operation.js';
import type { NewHistoryEntry } from './record.js';
import { appendHistory } from './store.js';
import type { CommitSummary, HistoryEntry } from './types.js';

/** What an entry is built from: the operation's final record, the request that started it and the rendered
 * objects it synced. */
export interface EntryInput {
  final: OperationState;
  request: Pick<SyncRequest, 'kind' | 'rollbackOf'>;
  /** Every object the app rendered to at the operation's revision, hooks included. */
  objects: readonly Pick<RenderedObject, 'identity' | 'hash'>[];
  /** The commit as Git tells it; a failure leaves the entry without a commit summary. */
  commitInfo: (sha: string) => Promise<Result<CommitInfo>>;
}

/** `sha256:<hex>` of rendered objects, the same whatever their order: each object's identity and the hash of
 * its canonical JSON, sorted. Hooks count: a changed hook changes what a sync does. */
export function manifestDigest(objects: readonly Pick<RenderedObject, 'identity' | 'hash'>[]): string {
  return `sha256:${renderDigest(objects)}`;
}

/** The entry to append for a finished (never dry-run) operation. */
export async function historyEntryOf(input: EntryInput): Promise<NewHistoryEntry> {
  const { final, request } = input;
  const commit = await commitSummary(input.commitInfo, final.revision);
  const failed = final.phase !== 'Succeeded';
  const message = failed ? failureMessage(final) : undefined;
  return {
    operationId: final.id,
    kind: request.kind ?? final.kind ?? 'sync',
    revision: final.revision,
    ...(commit ? { commit } : {}),
    startedAt: final.startedAt,
    finishedAt: final.finishedAt ?? final.startedAt,
    initiator: { user: final.initiator.user, host: final.initiator.host },
    result: failed ? 'Failed' : 'Succeeded',
    ...(message ? { message } : {}),
    partial: final.partial,
    prune: final.prune,
    manifestDigest: manifestDigest(input.objects),
    ...taskCounts(final.tasks),
    ...(request.rollbackOf !== undefined ? { rollbackOf: request.rollbackOf } : {}),
  };
}

/** Objects applied (created, updated, or applied unchanged) and pruned, counting only tasks that succeeded;
 * hooks are neither. */
export function taskCounts(tasks: readonly TaskResult[]): { applied: number; pruned: number } {
  let applied = 0;
  let pruned = 0;
  for (const t of tasks) {
    if (t.status !== 'succeeded') continue;
    if (t.action === 'create' || t.action === 'update' || t.action === 'unchanged') applied++;
    else if (t.action === 'prune') pruned++;
  }
  return { applied, pruned };
}

/** Why it failed in plain words: the operation's own message, else the first failed task's. */
function failureMessage(final: OperationState): string {
  if (final.message) return final.message;
  const task = final.tasks.find((t) => t.status === 'failed');
  if (!task) return `The operation ended ${final.phase}.`;
  const { kind, namespace, name } = task.identity;
  const what = namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
  return `${task.action} ${what} failed${task.message ? `: ${task.message}` : ''}`;
}

async function commitSummary(
  commitInfo: EntryInput['commitInfo'],
  sha: string,
): Promise<CommitSummary | undefined> {
  const info = await commitInfo(sha).catch(() => undefined);
  if (!info?.ok) return undefined;
  const { name, email } = info.value.author;
  return { subject: info.value.subject, author: `${name} <${email}>`, date: info.value.date };
}

/** Builds the entry of a finished operation and appends it to the app's record (the newest `limit` kept).
 * Throws what the cluster throws: the caller turns it into a warning, as the operation has ended either way. */
export async function recordOperation(
  cluster: LockCluster,
  input: EntryInput,
  limit: number,
): Promise<HistoryEntry> {
  return appendHistory(cluster, input.final.app, await historyEntryOf(input), limit);
}
