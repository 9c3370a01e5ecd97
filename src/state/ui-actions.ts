/**
 * Pure UI-state transitions (navigation, focus, filters, prompt). Command handlers call these with
 * `store.setState(s => openApp(s, id))`; keeping them pure makes them testable without Ink.
 */
import { selectTopScreen } from './selectors/detail.js';
import type {
  AppDetail,
  DialogState,
  Grouping,
  ListId,
  ListState,
  PaneId,
  PromptState,
  Screen,
  ScreenId,
  StatusMessage,
  UiState,
  ViewModel,
} from './types.js';

/** Panes of each screen in Tab order. */
function panesOf(screen: ScreenId, matrix: boolean): PaneId[] {
  switch (screen) {
    case 'fleet':
      return [matrix ? 'fleet.matrix' : 'fleet.apps', 'fleet.clusters'];
    case 'app':
      return ['app.tree', 'app.events'];
    case 'drift':
      return ['drift.diff'];
    case 'repo':
      return ['repo.commits'];
    case 'history':
      return ['history.list', 'history.diff'];
    case 'help':
      return ['help.list'];
    case 'operation':
      return ['operation.steps'];
    case 'actions':
      return ['actions.list'];
  }
}

/** The focused pane of the top screen. */
export function selectFocus(state: ViewModel): PaneId {
  const top = selectTopScreen(state);
  const panes = panesOf(top.id, state.ui.matrix);
  const chosen = state.ui.focus[top.id];
  return chosen !== undefined && panes.includes(chosen) ? chosen : (panes[0] as PaneId);
}

/** The list a pane scrolls. */
export function listOfPane(pane: PaneId): ListId {
  const map: Record<PaneId, ListId> = {
    'fleet.clusters': 'clusters',
    'fleet.apps': 'apps',
    'fleet.matrix': 'matrix',
    'app.tree': 'tree',
    'app.events': 'events',
    'drift.diff': 'diff',
    'repo.commits': 'commits',
    'history.list': 'history',
    'history.diff': 'historyDiff',
    'help.list': 'help',
    'operation.steps': 'operation',
    'actions.list': 'actions',
  };
  return map[pane];
}

/** The filter a pane's `/` edits: the matrix shares the app table's filter. */
export function filterListOfPane(pane: PaneId): ListId {
  return pane === 'fleet.matrix' ? 'apps' : listOfPane(pane);
}

function withUi(state: ViewModel, ui: Partial<UiState>): ViewModel {
  return { ...state, ui: { ...state.ui, ...ui } };
}

/** Pushes a screen. */
function pushScreen(state: ViewModel, screen: Screen): ViewModel {
  return withUi(state, { screens: [...state.ui.screens, screen], message: undefined });
}

/** Pops the top screen; the fleet screen is never popped. */
export function popScreen(state: ViewModel): ViewModel {
  if (state.ui.screens.length <= 1) return state;
  return withUi(state, { screens: state.ui.screens.slice(0, -1), message: undefined });
}

/** True when some screen on the stack still shows `appId`. */
export function stackShowsApp(state: ViewModel, appId: string): boolean {
  return state.ui.screens.some((s) => 'app' in s && s.app === appId);
}

function freshDetail(appId: string): AppDetail {
  return { appId, status: 'loading', resources: [], events: [], loadingChildren: {} };
}

/** Makes `appId` the open app (keeping what is loaded if it already is). */
function ensureDetail(state: ViewModel, appId: string): ViewModel {
  if (state.detail?.appId === appId) return state;
  const ui: Partial<UiState> = {
    expanded: {},
    lists: { ...state.ui.lists, tree: { top: 0 }, events: { top: 0 } },
  };
  return withUi({ ...state, detail: freshDetail(appId) }, ui);
}

/** Opens the app screen (resource tree beside events). */
export function openApp(state: ViewModel, appId: string): ViewModel {
  return pushScreen(ensureDetail(state, appId), { id: 'app', app: appId });
}

/** Opens the drift screen and marks the diff as loading. */
export function openDrift(state: ViewModel, appId: string): ViewModel {
  const s = ensureDetail(state, appId);
  const detail = s.detail as AppDetail;
  const diff = { status: 'loading' as const, resources: detail.diff?.resources ?? [] };
  const next = { ...s, detail: { ...detail, diff } };
  return pushScreen(withUi(next, { driftResource: 0, lists: { ...s.ui.lists, diff: { top: 0 } } }), {
    id: 'drift',
    app: appId,
  });
}

/** Opens the repo screen (commits not yet deployed). */
export function openRepo(state: ViewModel, appId: string): ViewModel {
  return pushScreen(withUi(state, { lists: { ...state.ui.lists, commits: { top: 0 } } }), {
    id: 'repo',
    app: appId,
  });
}

/** Opens the operation screen: one app's operation, or (no app) every operation and the rollout. */
export function openOperation(state: ViewModel, appId?: string): ViewModel {
  const s = withUi(state, { lists: { ...state.ui.lists, operation: { top: 0 } } });
  return pushScreen(s, appId === undefined ? { id: 'operation' } : { id: 'operation', app: appId });
}

/** Opens the action log, keeping the entries already known while a fresh copy loads. */
export function openActionLog(state: ViewModel): ViewModel {
  const actionLog = { status: 'loading' as const, entries: state.actionLog?.entries ?? [] };
  const s = withUi({ ...state, actionLog }, { lists: { ...state.ui.lists, actions: { top: 0 } } });
  return pushScreen(s, { id: 'actions' });
}

/** Opens the history screen of an app; its entries show as loading until the engine answers (a history
 * already loaded for this app stays on screen meanwhile). */
export function openHistory(state: ViewModel, appId: string): ViewModel {
  const history =
    state.history?.appId === appId ? state.history : { appId, status: 'loading' as const, entries: [] };
  const lists = { ...state.ui.lists, history: { top: 0 }, historyDiff: { top: 0 } };
  const s = withUi({ ...state, history }, { lists, focus: { ...state.ui.focus, history: 'history.list' } });
  return pushScreen(s, { id: 'history', app: appId });
}

/** Marks history entry `id`'s diff as loading and shows it beside the entries. */
export function showHistoryDiff(state: ViewModel, appId: string, id: number): ViewModel {
  if (state.history?.appId !== appId) return state;
  const diff = { id, status: 'loading' as const, resources: [] };
  const s = { ...state, history: { ...state.history, diff } };
  return withUi(s, { lists: { ...state.ui.lists, historyDiff: { top: 0 } } });
}

/** Shows the event under the cursor whole on the app screen, or back to one line per event. */
export function toggleEventWhole(state: ViewModel): ViewModel {
  return withUi(state, { eventWhole: state.ui.eventWhole !== true });
}

/** Opens help for the pane that has focus now. */
export function openHelp(state: ViewModel): ViewModel {
  const top = selectTopScreen(state);
  if (top.id === 'help') return state;
  const s = withUi(state, { lists: { ...state.ui.lists, help: { top: 0 } } });
  return pushScreen(s, { id: 'help', screen: top.id, pane: selectFocus(state) });
}

/** Focuses the next (or previous) pane of the top screen. */
export function cycleFocus(state: ViewModel, step: 1 | -1): ViewModel {
  const top = selectTopScreen(state);
  const panes = panesOf(top.id, state.ui.matrix);
  const i = panes.indexOf(selectFocus(state));
  const next = panes[(i + step + panes.length) % panes.length] as PaneId;
  return withUi(state, { focus: { ...state.ui.focus, [top.id]: next } });
}

/** Focuses a specific pane of its screen. */
export function focusPane(state: ViewModel, screen: ScreenId, pane: PaneId): ViewModel {
  return withUi(state, { focus: { ...state.ui.focus, [screen]: pane } });
}

/** Stores a list's cursor and scroll position. */
export function setList(state: ViewModel, list: ListId, value: ListState): ViewModel {
  return withUi(state, { lists: { ...state.ui.lists, [list]: value } });
}

/** Sets (or clears, with '') a list's filter; the list scrolls back to the top. */
export function setFilter(state: ViewModel, list: ListId, text: string): ViewModel {
  const filters = { ...state.ui.filters };
  if (text === '') delete filters[list];
  else filters[list] = text;
  const current = state.ui.lists[list];
  const filterTargetsMatrix = list === 'apps' ? { matrix: { top: 0 } } : {};
  return withUi(state, {
    filters,
    lists: { ...state.ui.lists, ...filterTargetsMatrix, [list]: { cursor: current?.cursor, top: 0 } },
  });
}

/** Opens the bottom-line prompt. */
export function openPrompt(state: ViewModel, kind: PromptState['kind'], list?: ListId): ViewModel {
  const previous = kind === 'filter' && list ? (state.ui.filters[list] ?? '') : undefined;
  return withUi(state, { prompt: { kind, text: previous ?? '', previous }, message: undefined });
}

/** Replaces the prompt text. */
export function setPromptText(state: ViewModel, text: string): ViewModel {
  if (!state.ui.prompt) return state;
  return withUi(state, { prompt: { ...state.ui.prompt, text } });
}

/** Closes the prompt. */
export function closePrompt(state: ViewModel): ViewModel {
  return withUi(state, { prompt: undefined });
}

/** Shows a message on the bottom line until the next key. */
export function setMessage(state: ViewModel, message: StatusMessage | undefined): ViewModel {
  if (state.ui.message === message) return state;
  return withUi(state, { message });
}

/** Expands or collapses a tree node. */
export function toggleExpanded(state: ViewModel, key: string, open?: boolean): ViewModel {
  const isOpen = state.ui.expanded[key] === true;
  const want = open ?? !isOpen;
  if (want === isOpen) return state;
  const expanded = { ...state.ui.expanded };
  if (want) expanded[key] = true;
  else delete expanded[key];
  return withUi(state, { expanded });
}

/** Marks a node's children as requested. */
export function markChildrenLoading(state: ViewModel, key: string): ViewModel {
  if (!state.detail) return state;
  return {
    ...state,
    detail: { ...state.detail, loadingChildren: { ...state.detail.loadingChildren, [key]: true } },
  };
}

const GROUPING_ORDER: readonly Grouping[] = ['none', 'cluster', 'appSet'];

/** Cycles grouping: none → by cluster → by app set → none. */
export function cycleGrouping(state: ViewModel): ViewModel {
  const i = GROUPING_ORDER.indexOf(state.ui.grouping);
  return setGrouping(state, GROUPING_ORDER[(i + 1) % GROUPING_ORDER.length] as Grouping);
}

/** Sets grouping. */
export function setGrouping(state: ViewModel, grouping: Grouping): ViewModel {
  return withUi(state, {
    grouping,
    lists: { ...state.ui.lists, apps: { cursor: state.ui.lists.apps?.cursor, top: 0 } },
  });
}

/** Shows or hides the app × cluster matrix on the fleet screen. */
export function setMatrix(state: ViewModel, on: boolean): ViewModel {
  return withUi(state, {
    matrix: on,
    focus: { ...state.ui.focus, fleet: on ? 'fleet.matrix' : 'fleet.apps' },
  });
}

/** Restricts the fleet to one cluster (undefined: all). */
export function setClusterScope(state: ViewModel, cluster: string | undefined): ViewModel {
  return withUi(state, {
    clusterScope: cluster,
    matrixColumn: 0,
    lists: { ...state.ui.lists, apps: { top: 0 }, matrix: { top: 0 } },
  });
}

/** Moves the matrix column cursor. */
export function setMatrixColumn(state: ViewModel, column: number): ViewModel {
  return withUi(state, { matrixColumn: Math.max(0, column) });
}

/** Shows another resource on the drift screen. */
export function setDriftResource(state: ViewModel, index: number): ViewModel {
  return withUi(state, { driftResource: Math.max(0, index), lists: { ...state.ui.lists, diff: { top: 0 } } });
}

/** Switches the theme by name (the UI resolves and validates it). */
export function setThemeName(state: ViewModel, theme: string): ViewModel {
  return withUi(state, { theme });
}

/** Marks every alert as seen, clearing the attention line. */
export function acknowledgeAlerts(state: ViewModel): ViewModel {
  if (state.alerts.every((a) => a.acknowledged)) return state;
  return { ...state, alerts: state.alerts.map((a) => (a.acknowledged ? a : { ...a, acknowledged: true })) };
}

/** Opens a dialog over the current screen (replacing any other dialog); the prompt closes. */
export function openDialog(state: ViewModel, dialog: DialogState): ViewModel {
  return withUi(state, { dialog, prompt: undefined });
}

/** Closes the dialog. */
export function closeDialog(state: ViewModel): ViewModel {
  return state.ui.dialog ? withUi(state, { dialog: undefined }) : state;
}

/** Sets the text a confirm dialog (the name to type) or a text dialog holds; other dialogs take no text. */
export function setDialogText(state: ViewModel, text: string): ViewModel {
  const dialog = state.ui.dialog;
  if (dialog?.kind === 'confirm') return withUi(state, { dialog: { ...dialog, typed: text } });
  if (dialog?.kind === 'text') return withUi(state, { dialog: { ...dialog, text } });
  return state;
}

/** The text the open dialog holds, or undefined when it takes none. */
export function dialogText(dialog: DialogState | undefined): string | undefined {
  if (dialog?.kind === 'confirm') return dialog.typeToConfirm !== undefined ? dialog.typed : undefined;
  if (dialog?.kind === 'text') return dialog.text;
  return undefined;
}
