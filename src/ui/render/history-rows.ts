/** The history screen's header, rows and auto-sync line: pure, so they test without Ink. */
import type { AppView, HistoryEntryView, HistoryView } from '../../state/types.js';
import { formatAge, shortSha } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import type { RoleName } from '../themes/roles.js';
import { cell, layoutCells } from './cells.js';
import type { Cell } from './cells.js';
import { fitColumns } from './columns.js';
import type { ColumnSpec, PlacedColumn } from './columns.js';

/** Column ids of the history list. */
export type HistoryColumn =
  'id' | 'sha' | 'subject' | 'author' | 'deployed' | 'initiator' | 'kind' | 'result' | 'partial';

/** The history list's columns; at 80 columns the operation kind goes first (a rollback's subject says so). */
const HISTORY_COLUMNS: readonly ColumnSpec<HistoryColumn>[] = [
  { id: 'id', title: 'ID', width: 3, priority: 20, align: 'right' },
  { id: 'sha', title: 'SHA', width: 7, priority: 19 },
  { id: 'subject', title: 'SUBJECT', width: 30, min: 14, priority: 100, flex: true },
  { id: 'author', title: 'AUTHOR', width: 10, priority: 6 },
  { id: 'deployed', title: 'DEPLOYED', width: 8, priority: 9 },
  { id: 'initiator', title: 'INITIATOR', width: 12, priority: 7 },
  { id: 'kind', title: 'KIND', width: 9, priority: 3 },
  { id: 'result', title: 'RESULT', width: 9, priority: 10 },
  { id: 'partial', title: 'PART', width: 4, priority: 8 },
];

/** Columns of the history list for an inner width. */
export function historyColumns(width: number): PlacedColumn<HistoryColumn>[] {
  return fitColumns(HISTORY_COLUMNS, width);
}

/** The subject as the list shows it: a rollback names the entry it went back to. */
function subjectText(e: HistoryEntryView): string {
  const subject = e.subject ?? '(no commit message recorded)';
  return e.rollbackOf !== undefined ? `rollback to #${e.rollbackOf}: ${subject}` : subject;
}

/** Cells of one history entry; `live` marks the entry whose revision is deployed now. */
export function historyRowCells(
  e: HistoryEntryView,
  columns: readonly PlacedColumn<HistoryColumn>[],
  now: number,
  glyphs: Glyphs,
  live: boolean,
): Cell[] {
  const ok = e.result === 'Succeeded';
  const attempts = e.attempts > 1 ? ` ${e.attempts}x` : '';
  return layoutCells(
    columns,
    {
      id: cell(String(e.id), 'muted'),
      sha: cell(shortSha(e.sha), live ? 'ok' : 'accent'),
      subject: cell(subjectText(e), 'text'),
      author: cell(e.author ?? '-', 'muted'),
      deployed: cell(`${formatAge(now - e.deployedAt)} ago`, 'muted'),
      initiator: cell(e.initiator, 'muted'),
      kind: cell(e.kind, e.kind === 'rollback' ? 'warning' : 'muted'),
      result: cell(`${e.result}${attempts}`, ok ? 'ok' : 'danger'),
      partial: cell(e.partial ? 'yes' : '-', e.partial ? 'warning' : 'muted'),
    },
    glyphs.ellipsis,
  );
}

/** The line about auto-sync under the history title: who paused it, when and why, or whether it is on. */
export function pauseLine(
  history: HistoryView | undefined,
  app: AppView | undefined,
  now: number,
): { text: string; role: RoleName } {
  const p = history?.pause;
  if (p) {
    const pinned = p.revision ? `, pinned at ${shortSha(p.revision)}` : '';
    return {
      text: `auto-sync paused by ${p.by} ${formatAge(now - p.at)} ago${pinned}: ${p.reason}  (A resumes)`,
      role: 'warning',
    };
  }
  if (app?.autoSync.pausedReason)
    return { text: `auto-sync ${app.autoSync.pausedReason}  (A resumes)`, role: 'warning' };
  if (app?.autoSync.enabled) return { text: 'auto-sync on  (A pauses it; R pauses it too)', role: 'muted' };
  return { text: 'auto-sync off for this app (fleet file)', role: 'muted' };
}
