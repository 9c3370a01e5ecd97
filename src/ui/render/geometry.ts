/**
 * How many rows each pane gets, computed from the terminal size and the state alone, so the panes
 * (which mount only that many rows) and the key dispatcher (which pages by that many) agree.
 * The frame is `rows - 1` high: Ink 6.8 clears the whole screen on every frame when output is as
 * tall as the terminal, which flickers.
 */
import type { PaneId, ViewModel } from '../../state/types.js';

/** Columns and rows of the terminal. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Rows taken by a pane's top and bottom border. */
const BORDER = 2;

/** Below this frame width (a 120-column terminal) the app screen stacks the tree over the events. */
const SIDE_BY_SIDE_MIN_COLUMNS = 119;

/** Row budget of every pane. */
export interface Geometry {
  /** Width of the frame: columns - 1. */
  columns: number;
  /** Height of the whole frame: rows - 1. */
  frameRows: number;
  /** Rows between the header line (+ attention line) and the bottom line. */
  bodyRows: number;
  attention: boolean;
  /** `repoLine`: 1 when the repo line is shown under the cluster strip. */
  fleet: { stripHeight: number; stripRows: number; repoLine: number; tableHeight: number; tableRows: number };
  app: {
    sideBySide: boolean;
    treeWidth: number;
    treeHeight: number;
    treeRows: number;
    eventsHeight: number;
    eventsRows: number;
  };
  drift: { boxHeight: number; diffRows: number };
  repo: { boxHeight: number; rows: number };
  /** The history screen: the entries' box over the diff's box. */
  history: { listHeight: number; listRows: number; diffHeight: number; diffRows: number };
  help: { boxHeight: number; rows: number };
  operation: { boxHeight: number; rows: number };
  actions: { boxHeight: number; rows: number };
}

const atLeast = (n: number, min = 1): number => Math.max(min, n);

/** True when the attention line is shown (an alert not yet acknowledged). */
export function hasAttention(state: ViewModel): boolean {
  return state.alerts.some((a) => !a.acknowledged && a.severity !== 'info');
}

/** The facts of the state the geometry depends on (primitives, so components can subscribe to them). */
interface GeometryFacts {
  attention: boolean;
  clusterCount: number;
  /** Repos the engine reported (the repo line is shown once there is one). */
  repoCount?: number;
}

/** The row budget for a size and state. */
export function computeGeometry(size: TerminalSize, facts: GeometryFacts): Geometry {
  // One column short of the window: a repainted full-width line is followed by ESC[K, which would
  // erase its last cell (the right border), and some terminals scroll when the last cell is written.
  const columns = atLeast(size.columns - 1, 20);
  const frameRows = atLeast(size.rows - 1, 6);
  const { attention, clusterCount } = facts;
  const repoLine = (facts.repoCount ?? 0) > 0 ? 1 : 0;
  const bodyRows = atLeast(frameRows - 2 - (attention ? 1 : 0), 3);

  const stripRows = Math.min(atLeast(clusterCount), atLeast(Math.floor(bodyRows / 4)));
  const stripHeight = stripRows + BORDER;
  const tableHeight = atLeast(bodyRows - stripHeight - repoLine, BORDER + 3);
  const tableRows = atLeast(tableHeight - BORDER - 2);

  const panes = atLeast(bodyRows - 1, 2 * (BORDER + 2));
  const sideBySide = columns >= SIDE_BY_SIDE_MIN_COLUMNS;
  const treeHeight = sideBySide ? panes : Math.ceil(panes * 0.6);
  const eventsHeight = sideBySide ? panes : panes - treeHeight;

  const detailBox = atLeast(bodyRows - 1, BORDER + 1);
  return {
    columns,
    frameRows,
    bodyRows,
    attention,
    fleet: { stripHeight, stripRows, repoLine, tableHeight, tableRows },
    app: {
      sideBySide,
      treeWidth: sideBySide ? Math.floor(columns * 0.58) : columns,
      treeHeight,
      treeRows: atLeast(treeHeight - BORDER - 1),
      eventsHeight,
      eventsRows: atLeast(eventsHeight - BORDER - 1),
    },
    drift: { boxHeight: detailBox, diffRows: atLeast(detailBox - BORDER - 1) },
    // The Repo pane's box has a title and the repo's poll state above its commits.
    repo: { boxHeight: detailBox, rows: atLeast(detailBox - BORDER - 2) },
    history: historyGeometry(detailBox),
    help: { boxHeight: bodyRows, rows: atLeast(bodyRows - BORDER - 1) },
    // Under a one-line summary: the box's title and two lines about the operation above its rows.
    operation: { boxHeight: detailBox, rows: atLeast(detailBox - BORDER - 3) },
    // The box's title and the column header above the entries.
    actions: { boxHeight: bodyRows, rows: atLeast(bodyRows - BORDER - 2) },
  };
}

/** Rows of the entries' box taken by its title, the auto-sync line and the column header. */
const HISTORY_LIST_CHROME = BORDER + 3;

/** The history screen's split: room for the ten entries the cluster keeps when the window allows, at least
 * three entries, the rest for the diff. */
function historyGeometry(box: number): Geometry['history'] {
  const listHeight = Math.min(
    HISTORY_LIST_CHROME + 10,
    Math.max(HISTORY_LIST_CHROME + 3, Math.floor(box / 2)),
  );
  const diffHeight = atLeast(box - listHeight, BORDER + 2);
  return {
    listHeight,
    listRows: atLeast(listHeight - HISTORY_LIST_CHROME),
    diffHeight,
    diffRows: atLeast(diffHeight - BORDER - 1),
  };
}

/** Widths of the side-by-side resource tree and event list, by content: the tree as wide as its widest
 * row needs (within a third and 45% of the frame), the events the rest. `treeContent` is the widest
 * tree row's text, without the frame and cursor gutter. */
export function appSplit(columns: number, treeContent: number): { treeWidth: number; eventsWidth: number } {
  // Frame borders (2) and the cursor gutter (2) around the row.
  const wanted = treeContent + 4;
  const treeWidth = Math.min(Math.floor(columns * 0.45), Math.max(Math.floor(columns / 3), wanted));
  return { treeWidth, eventsWidth: columns - treeWidth };
}

/** How many rows of a pane's list are visible (the page size for PgUp/PgDn). */
export function visibleRows(g: Geometry, pane: PaneId): number {
  switch (pane) {
    case 'fleet.apps':
    case 'fleet.matrix':
      return g.fleet.tableRows;
    case 'fleet.clusters':
      return g.fleet.stripRows;
    case 'app.tree':
      return g.app.treeRows;
    case 'app.events':
      return g.app.eventsRows;
    case 'drift.diff':
      return g.drift.diffRows;
    case 'repo.commits':
      return g.repo.rows;
    case 'history.list':
      return g.history.listRows;
    case 'history.diff':
      return g.history.diffRows;
    case 'help.list':
      return g.help.rows;
    case 'operation.steps':
      return g.operation.rows;
    case 'actions.list':
      return g.actions.rows;
  }
}
