/** What `flotilla history` (and the history lines of `flotilla status`) print: pure functions from an app's
 * record to text. Everything in a record was written by whoever may write ConfigMaps on the cluster, or
 * comes from Git, so every string is made terminal-safe here. */
import type { AutoSyncPause, HistoryDiff, HistoryEntry } from '../engine/history/index.js';
import { describeIdentity } from '../engine/objects.js';
import { oneLine, terminalSafe, terminalSafeLines } from '../engine/safe-text.js';
import { formatWarnings } from './sync-output.js';
import { formatTable } from './table.js';

/** Untrusted text on one line, safe for the terminal. */
const safe = (text: string): string => terminalSafe(oneLine(text));

/** Longest commit subject a table row shows. */
const SUBJECT_MAX = 60;

/** `sync by alice@ops-1`, `rollback of #3 by alice@ops-1`, `auto-sync on ops-1`, `self-heal on ops-1`. */
export function describeRun(entry: Pick<HistoryEntry, 'kind' | 'initiator' | 'rollbackOf'>): string {
  const { user, host } = entry.initiator;
  switch (entry.kind) {
    case 'auto-sync':
    case 'self-heal':
      return `${entry.kind} on ${safe(host)}`;
    case 'rollback': {
      const of = entry.rollbackOf !== undefined ? ` of #${entry.rollbackOf}` : '';
      return `rollback${of} by ${safe(user)}@${safe(host)}`;
    }
    default:
      return `sync by ${safe(user)}@${safe(host)}`;
  }
}

/** `3m ago`, `2h ago`, `4d ago` from ISO time `at` to `now` (ms); empty when `at` is no time. */
export function formatAge(at: string, now: number): string {
  const ms = now - Date.parse(at);
  if (!Number.isFinite(ms)) return '';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** `3m ago (2026-12-03 14:02:11Z)`: the age, then the time in UTC to the second. */
export function formatWhen(at: string, now: number): string {
  const time = Date.parse(at);
  if (Number.isNaN(time)) return safe(at);
  return `${formatAge(at, now)} (${new Date(time)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')})`;
}

/** `Succeeded`, `Failed`, `Failed ×3 attempts`. */
function resultWord(entry: HistoryEntry): string {
  return entry.attempts > 1 ? `${entry.result} ×${entry.attempts} attempts` : entry.result;
}

/** `abc1234 Subject of the commit`, the subject cut to SUBJECT_MAX characters. */
function revisionCell(entry: HistoryEntry): string {
  const subject = entry.commit ? safe(entry.commit.subject) : '';
  const cut = subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject;
  return `${safe(entry.revision.slice(0, 7))}${cut ? ` ${cut}` : ''}`;
}

/** The history table, newest first. */
export function formatHistoryTable(entries: readonly HistoryEntry[], now: number): string {
  return formatTable(
    ['ID', 'FINISHED', 'RUN', 'RESULT', 'SCOPE', 'OBJECTS', 'REVISION'],
    entries.map((e) => [
      `#${e.id}`,
      formatWhen(e.finishedAt, now),
      describeRun(e),
      resultWord(e),
      `${e.partial ? 'partial' : 'full'}${e.prune ? ', prune' : ''}`,
      `${e.applied} applied, ${e.pruned} pruned`,
      revisionCell(e),
    ]),
  );
}

/** "Auto-sync is paused: by … on … at …: REASON (pinned abc1234). Resume with …" */
export function formatPause(app: string, pause: AutoSyncPause): string {
  const pinned = pause.revision ? ` (pinned ${safe(pause.revision.slice(0, 7))})` : '';
  return (
    `Auto-sync is paused: by ${safe(pause.by)} on ${safe(pause.host)} at ${safe(pause.at)}: ` +
    `${safe(pause.reason)}${pinned}. Resume with \`flotilla autosync ${safe(app)} resume\`.`
  );
}

/** "The last sync failed: MESSAGE" when the newest entry failed; undefined otherwise. */
export function formatLastFailure(history: readonly HistoryEntry[]): string | undefined {
  const newest = history[0];
  if (!newest || newest.result !== 'Failed') return undefined;
  const attempts = newest.attempts > 1 ? ` (${newest.attempts} attempts)` : '';
  const why = newest.message ? safe(newest.message) : 'no reason was recorded';
  return `The last ${newest.kind === 'sync' ? 'sync' : newest.kind} failed${attempts}: ${why}`;
}

/** The whole text of `flotilla history APP`: the pause and a last failure above the table. */
export function formatHistory(
  app: string,
  record: { history: readonly HistoryEntry[]; pause?: AutoSyncPause },
  now: number,
): string {
  const above = [record.pause && formatPause(app, record.pause), formatLastFailure(record.history)].filter(
    (l): l is string => typeof l === 'string',
  );
  if (record.history.length === 0)
    return [...above, `App ${safe(app)} has no sync history on its cluster yet.`].join('\n') + '\n';
  return (above.length > 0 ? `${above.join('\n')}\n\n` : '') + formatHistoryTable(record.history, now);
}

/** One entry in a line: `#5 sync by alice@ops-1, abc1234 Subject`. */
function entryTitle(entry: HistoryEntry): string {
  return `#${entry.id} ${describeRun(entry)}, ${revisionCell(entry)}`;
}

/** The text of `flotilla history APP --diff ID`: which entries, warnings, then each object's diff. */
export function formatHistoryDiff(diff: HistoryDiff): string {
  const against = diff.previous ? entryTitle(diff.previous) : 'nothing (the oldest entry kept)';
  const lines = [`${entryTitle(diff.entry)}`, `  against ${against}`, ...formatWarnings(diff.warnings)];
  if (diff.changes.length === 0) lines.push('', 'No manifest changed between the two entries.');
  for (const c of diff.changes)
    lines.push(
      '',
      `# ${terminalSafe(describeIdentity(c.identity))} (${c.change})`,
      terminalSafeLines(c.diff.trimEnd()),
    );
  return `${lines.join('\n')}\n`;
}
