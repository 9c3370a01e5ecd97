/** The history part of `flotilla status`: each app's record read once (all apps at once), and what it adds to
 * the output: the auto-sync pause and a failed last sync, in plain words. A record that cannot be read never
 * breaks the status; it is said so instead. */
import type { App } from '../engine/config/index.js';
import type { Engine } from '../engine/engine.js';
import type { AppRecord, AutoSyncPause } from '../engine/history/index.js';
import type { Problem, Result } from '../engine/problem.js';
import { oneLine, terminalSafe } from '../engine/safe-text.js';
import { formatLastFailure, formatPause } from './history-output.js';

/** Each app's record by app name, read concurrently: one GET per app. */
export async function readRecords(
  engine: Pick<Engine, 'history'>,
  apps: readonly App[],
): Promise<Map<string, Result<AppRecord>>> {
  const results = await Promise.all(apps.map((a) => engine.history(a.name)));
  return new Map(apps.map((a, i) => [a.name, results[i]!]));
}

/** Lines under the table about one app: its pause, its failed last sync, or why its history is unreadable. */
export function historyNotes(app: string, record: Result<AppRecord> | undefined): string[] {
  if (!record) return [];
  const prefix = `${terminalSafe(app)}: `;
  // An unreachable cluster is already told by the status itself, under the table.
  if (!record.ok && record.problems.every((p) => p.code === 'history.unreachable')) return [];
  if (!record.ok)
    return [
      `${prefix}history unreadable: ${record.problems.map((p) => terminalSafe(oneLine(p.message))).join('; ')}`,
    ];
  const { pause, history } = record.value;
  const failure = formatLastFailure(history);
  return [pause && formatPause(app, pause), failure].filter((l): l is string => !!l).map((l) => prefix + l);
}

/** The newest entry in short, as `flotilla status -o json` shows it. */
export interface LastSyncJson {
  id: number;
  kind: string;
  result: 'Succeeded' | 'Failed';
  message: string | null;
  finishedAt: string;
  attempts: number;
}

/** The fields `flotilla status -o json` adds per app. */
export interface StatusHistoryJson {
  autoSyncPause: AutoSyncPause | null;
  lastSync: LastSyncJson | null;
  /** Why the record could not be read; empty when it was. */
  historyProblems: Problem[];
}

/** The history fields of one app's `flotilla status -o json` entry. */
export function historyJson(record: Result<AppRecord> | undefined): StatusHistoryJson {
  if (!record) return { autoSyncPause: null, lastSync: null, historyProblems: [] };
  if (!record.ok) return { autoSyncPause: null, lastSync: null, historyProblems: record.problems };
  const newest = record.value.history[0];
  return {
    autoSyncPause: record.value.pause ?? null,
    lastSync: newest
      ? {
          id: newest.id,
          kind: newest.kind,
          result: newest.result,
          message: newest.message ?? null,
          finishedAt: newest.finishedAt,
          attempts: newest.attempts,
        }
      : null,
    historyProblems: [],
  };
}
