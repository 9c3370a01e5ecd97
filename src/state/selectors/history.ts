/** Derived data for the history screen: the entries (filtered), the shown diff's lines, the rollback target. */
import { compileFilter } from '../filter.js';
import type { ListModel } from '../list.js';
import { memoizeLast } from '../memo.js';
import type { HistoryEntryView, HistoryView, ViewModel } from '../types.js';
import { selectScreenApp } from './detail.js';

/** History entries of the screen's app, filtered by the history filter. */
interface HistoryRows {
  history?: HistoryView;
  rows: HistoryEntryView[];
  model: ListModel;
  filterError?: string;
}

const filterHistory = memoizeLast(
  (history: HistoryView | undefined, filterText: string | undefined): HistoryRows => {
    const filter = compileFilter(filterText);
    const rows = (history?.entries ?? []).filter((e) =>
      filter.test(
        `${e.id} ${e.sha.slice(0, 7)} ${e.subject ?? ''} ${e.author ?? ''} ${e.initiator} ${e.kind} ${e.result}`,
      ),
    );
    return {
      history,
      rows,
      model: { keys: rows.map((e) => String(e.id)) },
      filterError: filter.ok ? undefined : filter.error,
    };
  },
);

/** The history of the screen's app, when it is the one loaded (stable reference). */
export function selectHistoryRows(state: ViewModel): HistoryRows {
  const app = selectScreenApp(state);
  const history = app !== undefined && state.history?.appId === app ? state.history : undefined;
  return filterHistory(history, state.ui.filters.history);
}

const NO_LINES: string[] = [];

const diffLines = memoizeLast((diff: HistoryView['diff']): string[] =>
  diff ? diff.resources.flatMap((r) => r.lines) : NO_LINES,
);

/** The lines of the history diff shown (every resource's unified diff, one after another). */
export function selectHistoryDiffLines(state: ViewModel): string[] {
  return diffLines(state.history?.diff);
}

/** The entry a rollback "to the previous good one" goes to: the newest successful, complete entry whose
 * revision is not the one deployed now. */
export function previousGoodEntry(
  entries: readonly HistoryEntryView[],
  currentSha: string,
): HistoryEntryView | undefined {
  return entries.find((e) => e.result === 'Succeeded' && !e.partial && e.sha !== currentSha);
}
