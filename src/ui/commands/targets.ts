/** What the cursor points at: the list of the focused pane, the selected app, cluster, tree node. */
import type { ListModel } from '../../state/list.js';
import { cursorIndex } from '../../state/list.js';
import {
  findNode,
  selectCommitRows,
  selectCurrentDiff,
  selectEventRows,
  selectScreenApp,
  selectTopScreen,
  selectTreeRows,
} from '../../state/selectors/detail.js';
import { selectClusterRows, selectFleetRows, selectMatrix } from '../../state/selectors/fleet.js';
import { selectHistoryDiffLines, selectHistoryRows } from '../../state/selectors/history.js';
import { selectFocus } from '../../state/ui-actions.js';
import type {
  AppView,
  ClusterView,
  EventView,
  HistoryEntryView,
  PaneId,
  ResourceNode,
  ViewModel,
} from '../../state/types.js';
import { helpRows } from '../keys/help.js';
import { selectActionRows } from '../render/action-rows.js';
import { selectOperationRows } from '../render/operation-rows.js';
import type { CommandRegistry, WriteContext } from '../keys/registry.js';

/** A pane's list: with a cursor (rows are selectable) or scroll-only. */
type ListTarget = { kind: 'cursor'; model: ListModel } | { kind: 'scroll'; total: number };

/** The list the focused pane moves in. */
export function listTarget(
  state: ViewModel,
  pane: PaneId,
  registry: CommandRegistry,
  ascii: boolean,
): ListTarget {
  switch (pane) {
    case 'fleet.apps':
      return { kind: 'cursor', model: selectFleetRows(state).model };
    case 'fleet.matrix':
      return { kind: 'cursor', model: selectMatrix(state).model };
    case 'fleet.clusters':
      return { kind: 'cursor', model: selectClusterRows(state).model };
    case 'app.tree':
      return { kind: 'cursor', model: selectTreeRows(state).model };
    case 'app.events':
      return { kind: 'cursor', model: selectEventRows(state).model };
    case 'drift.diff':
      return { kind: 'scroll', total: selectCurrentDiff(state).resource?.lines.length ?? 0 };
    case 'repo.commits':
      return { kind: 'cursor', model: selectCommitRows(state).model };
    case 'history.list':
      return { kind: 'cursor', model: selectHistoryRows(state).model };
    case 'history.diff':
      return { kind: 'scroll', total: selectHistoryDiffLines(state).length };
    case 'help.list':
      return { kind: 'scroll', total: currentHelpRows(state, registry, ascii).length };
    case 'operation.steps':
      return { kind: 'cursor', model: selectOperationRows(state).model };
    case 'actions.list':
      return { kind: 'cursor', model: selectActionRows(state).model };
  }
}

/** Help rows for the help screen on top of the stack. */
export function currentHelpRows(
  state: ViewModel,
  registry: CommandRegistry,
  ascii: boolean,
): ReturnType<typeof helpRows> {
  const top = selectTopScreen(state);
  if (top.id !== 'help') return [];
  return helpRows(
    registry,
    { screen: top.screen, pane: top.pane },
    writeContext(state),
    ascii,
    state.ui.filters.help,
  );
}

/** The app the user means: the screen's app, or the row / matrix cell under the cursor. */
export function selectedAppId(state: ViewModel): string | undefined {
  const screenApp = selectScreenApp(state);
  if (screenApp !== undefined) return screenApp;
  const top = selectTopScreen(state);
  if (top.id === 'operation') return operationRowApp(state);
  if (top.id !== 'fleet') return undefined;
  const pane = selectFocus(state);
  if (pane === 'fleet.apps') {
    const rows = selectFleetRows(state);
    const row = rows.rows[cursorIndex(rows.model, state.ui.lists.apps)];
    return row?.kind === 'app' ? row.app.id : undefined;
  }
  if (pane === 'fleet.matrix') {
    const m = selectMatrix(state);
    const row = m.rows[cursorIndex(m.model, state.ui.lists.matrix)];
    return row?.cells[Math.min(state.ui.matrixColumn, m.columns.length - 1)]?.id;
  }
  return undefined;
}

/** The app of the operation-list row under the cursor (the operation screen without an app). */
export function operationRowApp(state: ViewModel): string | undefined {
  const data = selectOperationRows(state);
  const row = data.rows[cursorIndex(data.model, state.ui.lists.operation)];
  return row?.kind === 'app' ? row.appId : undefined;
}

/** The event under the events cursor. */
export function selectedEvent(state: ViewModel): EventView | undefined {
  const events = selectEventRows(state);
  return events.rows[cursorIndex(events.model, state.ui.lists.events)];
}

/** The history entry under the history cursor. */
export function selectedHistoryEntry(state: ViewModel): HistoryEntryView | undefined {
  const h = selectHistoryRows(state);
  return h.rows[cursorIndex(h.model, state.ui.lists.history)];
}

/** The selected app's row. */
function selectedApp(state: ViewModel): AppView | undefined {
  const id = selectedAppId(state);
  return id === undefined ? undefined : state.apps[id];
}

/** The cluster under the strip cursor. */
export function selectedCluster(state: ViewModel): ClusterView | undefined {
  const rows = selectClusterRows(state);
  return rows.list[cursorIndex(rows.model, state.ui.lists.clusters)];
}

/** The resource-tree node under the cursor. */
export function selectedNode(state: ViewModel): ResourceNode | undefined {
  const rows = selectTreeRows(state);
  const key = rows.rows[cursorIndex(rows.model, state.ui.lists.tree)]?.key;
  return key === undefined || !state.detail ? undefined : findNode(state.detail.resources, key);
}

/** Whether writes are allowed for the selected app's cluster (for mutating commands). */
export function writeContext(state: ViewModel): WriteContext {
  const app = selectedApp(state);
  return {
    readOnly: state.ui.readOnly,
    cluster: app ? state.clusters[app.cluster] : undefined,
    marked: Object.keys(state.ui.selection).length > 0,
  };
}
