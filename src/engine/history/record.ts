/** Pure changes to an app's record: adding an entry (numbering, folding repeated failures, trimming),
 * and reading the stored JSON back, which anyone with write access could have altered. */
import type { AppRecord, AutoSyncPause, HistoryEntry } from './types.js';

/** An entry before the record numbers it. */
export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'attempts'>;

/** The record with `entry` added at the front and only the newest `limit` kept. A failure of the same kind at
 * the same revision as the newest entry, itself a failure, replaces it with one more attempt counted, so a
 * retrying automation does not push every success out of the history. */
export function withEntry(record: AppRecord, entry: NewHistoryEntry, limit: number): AppRecord {
  const [newest, ...older] = record.history;
  if (newest && repeatsFailure(newest, entry))
    return {
      ...record,
      history: [{ ...entry, id: newest.id, attempts: newest.attempts + 1 }, ...older].slice(0, limit),
    };
  const id = Math.max(0, ...record.history.map((e) => e.id)) + 1;
  return { ...record, history: [{ ...entry, id, attempts: 1 }, ...record.history].slice(0, limit) };
}

function repeatsFailure(newest: HistoryEntry, entry: NewHistoryEntry): boolean {
  return (
    newest.result === 'Failed' &&
    entry.result === 'Failed' &&
    newest.kind === entry.kind &&
    newest.revision === entry.revision
  );
}

/** The stored history, newest first, without entries that lack the fields the screens rely on. */
export function parseHistory(text: string | undefined): HistoryEntry[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.filter(isEntry).sort((a, b) => b.id - a.id);
}

/** The stored pause, or undefined when there is none or it is malformed. */
export function parsePause(text: string | undefined): AutoSyncPause | undefined {
  const v = parseJson(text) as Partial<Record<keyof AutoSyncPause, unknown>> | undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const valid =
    typeof v.by === 'string' &&
    typeof v.host === 'string' &&
    typeof v.at === 'string' &&
    typeof v.reason === 'string' &&
    (v.revision === undefined || typeof v.revision === 'string') &&
    (v.source === 'rollback' || v.source === 'manual');
  return valid ? (v as AutoSyncPause) : undefined;
}

const kinds = new Set(['sync', 'rollback', 'auto-sync', 'self-heal']);

function isEntry(value: unknown): value is HistoryEntry {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<Record<keyof HistoryEntry, unknown>>;
  const initiator = v.initiator as Partial<Record<string, unknown>> | undefined;
  return (
    typeof v.id === 'number' &&
    Number.isInteger(v.id) &&
    typeof v.operationId === 'string' &&
    kinds.has(v.kind as string) &&
    typeof v.revision === 'string' &&
    typeof v.startedAt === 'string' &&
    typeof v.finishedAt === 'string' &&
    (v.result === 'Succeeded' || v.result === 'Failed') &&
    typeof v.partial === 'boolean' &&
    typeof v.prune === 'boolean' &&
    typeof v.manifestDigest === 'string' &&
    typeof v.applied === 'number' &&
    typeof v.pruned === 'number' &&
    typeof v.attempts === 'number' &&
    typeof initiator === 'object' &&
    initiator !== null &&
    typeof initiator.user === 'string' &&
    typeof initiator.host === 'string'
  );
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
