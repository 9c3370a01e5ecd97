/** Rows of the action log, pure: every mutating request this flotilla sent, newest first, filtered by `/`. */
import { compileFilter } from '../../state/filter.js';
import type { ListModel } from '../../state/list.js';
import { memoizeLast } from '../../state/memo.js';
import type { ActionLogEntryView, ViewModel } from '../../state/types.js';
import type { RoleName } from '../themes/roles.js';
import { cell, layoutCells } from './cells.js';
import type { Cell } from './cells.js';
import { fitColumns } from './columns.js';
import type { ColumnSpec, PlacedColumn } from './columns.js';

/** Column ids of the action log. */
export type ActionColumn = 'time' | 'cluster' | 'app' | 'verb' | 'object' | 'result' | 'message';

/** The action log's header; narrow terminals drop the lowest priorities. */
const ACTION_COLUMNS: readonly ColumnSpec<ActionColumn>[] = [
  { id: 'time', title: 'TIME', width: 8, priority: 10 },
  { id: 'cluster', title: 'CLUSTER', width: 10, priority: 8 },
  { id: 'app', title: 'APP', width: 14, priority: 7 },
  { id: 'verb', title: 'VERB', width: 7, priority: 9 },
  { id: 'object', title: 'OBJECT', width: 30, min: 16, priority: 100, flex: true },
  { id: 'result', title: 'RESULT', width: 10, priority: 10 },
  { id: 'message', title: 'MESSAGE', width: 30, priority: 1 },
];

/** Columns of the action log for an inner width. */
export function actionColumns(width: number): PlacedColumn<ActionColumn>[] {
  return fitColumns(ACTION_COLUMNS, width);
}

/** The visible entries and the cursor model. */
export interface ActionRows {
  rows: ActionLogEntryView[];
  model: ListModel;
  filterError?: string;
}

/** The text `/` matches an entry against: every field. */
function entryText(e: ActionLogEntryView): string {
  return [e.cluster, e.app ?? '', e.verb, e.object, e.result, e.message ?? ''].join(' ');
}

const filterEntries = memoizeLast(
  (entries: readonly ActionLogEntryView[] | undefined, filterText: string | undefined): ActionRows => {
    const filter = compileFilter(filterText);
    const rows = [...(entries ?? [])]
      .sort((a, b) => b.time - a.time)
      .filter((e) => filter.test(entryText(e)));
    const seen = new Map<string, number>();
    const keys = rows.map((e) => {
      const base = `${e.time}|${e.cluster}|${e.verb}|${e.object}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return `${base}|${n}`;
    });
    return { rows, model: { keys }, filterError: filter.ok ? undefined : filter.error };
  },
);

/** The action log's rows, newest first, as the `/` filter leaves them. */
export function selectActionRows(state: ViewModel): ActionRows {
  return filterEntries(state.actionLog?.entries, state.ui.filters.actions);
}

/** `HH:MM:SS` of an epoch time, in the local zone (the log is read on the day it is written). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The role of a result: refused and failed requests stand out. */
export function resultRole(result: string): RoleName {
  if (/^ok\b/i.test(result)) return 'ok';
  if (/^refused/i.test(result)) return 'warning';
  return /fail|error|denied|forbidden/i.test(result) ? 'danger' : 'text';
}

/** Cells of one entry. */
export function actionCells(
  e: ActionLogEntryView,
  columns: readonly PlacedColumn<ActionColumn>[],
  ellipsis: string,
): Cell[] {
  return layoutCells(
    columns,
    {
      time: cell(clockTime(e.time), 'muted'),
      cluster: cell(e.cluster, 'text'),
      app: cell(e.app ?? '-', e.app ? 'text' : 'muted'),
      verb: cell(e.verb, 'accent'),
      object: cell(e.object, 'text'),
      result: cell(e.result, resultRole(e.result)),
      message: cell(e.message ?? '', 'muted'),
    },
    ellipsis,
  );
}
