/** Handlers that act on the selected app, cluster or resource (all non-mutating). */
import { selectCurrentDiff, selectTopScreen } from '../../state/selectors/detail.js';
import { selectMatrix } from '../../state/selectors/fleet.js';
import {
  acknowledgeAlerts,
  cycleGrouping,
  focusPane,
  markChildrenLoading,
  openApp,
  openDrift,
  openHelp,
  openPrompt,
  openRepo,
  filterListOfPane,
  selectFocus,
  setClusterScope,
  setDriftResource,
  setMatrix,
  setMatrixColumn,
  setMessage,
  toggleExpanded,
} from '../../state/ui-actions.js';
import type { CommandHandler } from './context.js';
import { selectedAppId, selectedCluster, selectedNode } from './targets.js';

/** Enter on an app: resource tree and events. */
export const openSelectedApp: CommandHandler = (ctx) => {
  const id = selectedAppId(ctx.store.getState());
  if (id === undefined) return;
  ctx.store.setState((s) => openApp(s, id));
  ctx.intents.requestAppDetail(id);
};

/** D: the drift screen (or a fresh diff when already on it). */
export const showDiff: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const id = selectedAppId(state);
  if (id === undefined) return;
  if (selectTopScreen(state).id === 'drift')
    ctx.store.setState((s) =>
      s.detail?.diff ? { ...s, detail: { ...s.detail, diff: { ...s.detail.diff, status: 'loading' } } } : s,
    );
  else ctx.store.setState((s) => openDrift(s, id));
  ctx.intents.requestDiff(id);
};

/** c: commits between deployed and tip. */
export const showCommits: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const id = selectedAppId(state);
  if (id === undefined) return;
  if (selectTopScreen(state).id !== 'repo') ctx.store.setState((s) => openRepo(s, id));
  ctx.intents.requestCommits(id);
};

/** r on an app. */
export const refreshApp: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const id = selectedAppId(state);
  if (id === undefined) return;
  ctx.intents.refresh({ app: id });
  ctx.store.setState((s) =>
    setMessage(s, { text: `refresh requested: ${state.apps[id]?.name ?? id}`, severity: 'info' }),
  );
};

/** r on the cluster strip. */
export const refreshCluster: CommandHandler = (ctx) => {
  const c = selectedCluster(ctx.store.getState());
  if (!c) return;
  ctx.intents.refresh({ cluster: c.name });
  ctx.store.setState((s) =>
    setMessage(s, { text: `refresh requested: cluster ${c.name}`, severity: 'info' }),
  );
};

/** Ctrl-r. */
export const refreshAll: CommandHandler = (ctx) => {
  ctx.intents.refresh();
  ctx.store.setState((s) => setMessage(s, { text: 'refresh requested: whole fleet', severity: 'info' }));
};

/** Enter on the strip: only this cluster's apps. */
export const scopeToCluster: CommandHandler = (ctx) => {
  const c = selectedCluster(ctx.store.getState());
  if (!c) return;
  ctx.store.setState((s) =>
    focusPane(setClusterScope(s, c.name), 'fleet', s.ui.matrix ? 'fleet.matrix' : 'fleet.apps'),
  );
};

/** Expands (loading children on first expand) or collapses the node under the cursor. */
function treeHandler(mode: 'toggle' | 'open' | 'close'): CommandHandler {
  return (ctx) => {
    const state = ctx.store.getState();
    const node = selectedNode(state);
    const app = state.detail?.appId;
    if (!node || app === undefined) return;
    const isOpen = state.ui.expanded[node.key] === true;
    const open = mode === 'toggle' ? !isOpen : mode === 'open';
    if (open && !node.expandable && !node.children?.length) return;
    ctx.store.setState((s) => toggleExpanded(s, node.key, open));
    if (open && node.children === undefined && !state.detail?.loadingChildren[node.key]) {
      ctx.store.setState((s) => markChildrenLoading(s, node.key));
      ctx.intents.requestChildren(app, node.key);
    }
  };
}

/** Enter/Space in the tree. */
export const treeToggle = treeHandler('toggle');
/** l/→ in the tree. */
export const treeExpand = treeHandler('open');
/** h/← in the tree. */
export const treeCollapse = treeHandler('close');

/** ] and [ on the drift screen. */
export function driftStep(step: 1 | -1): CommandHandler {
  return (ctx) => {
    const { index, count } = selectCurrentDiff(ctx.store.getState());
    if (count === 0) return;
    ctx.store.setState((s) => setDriftResource(s, Math.min(Math.max(index + step, 0), count - 1)));
  };
}

/** h/l in the matrix. */
export function matrixStep(step: 1 | -1): CommandHandler {
  return (ctx) => {
    const state = ctx.store.getState();
    const columns = selectMatrix(state).columns.length;
    ctx.store.setState((s) =>
      setMatrixColumn(s, Math.min(Math.max(state.ui.matrixColumn + step, 0), Math.max(0, columns - 1))),
    );
  };
}

/** b: grouping. */
export const cycleGroup: CommandHandler = (ctx) => {
  ctx.store.setState((s) => cycleGrouping(setMatrix(s, false)));
  const g = ctx.store.getState().ui.grouping;
  const words = { none: 'not grouped', cluster: 'grouped by cluster', appSet: 'grouped by app set' } as const;
  ctx.store.setState((s) => setMessage(s, { text: words[g], severity: 'info' }));
};

/** m: matrix on/off. */
export const toggleMatrix: CommandHandler = (ctx) => ctx.store.setState((s) => setMatrix(s, !s.ui.matrix));

/** /: filter prompt for the focused pane's list. */
export const startFilter: CommandHandler = (ctx) =>
  ctx.store.setState((s) => openPrompt(s, 'filter', filterListOfPane(selectFocus(s))));

/** :: command line. */
export const startCommand: CommandHandler = (ctx) => ctx.store.setState((s) => openPrompt(s, 'command'));

/** ?: help. */
export const showHelp: CommandHandler = (ctx) => ctx.store.setState(openHelp);

/** a: acknowledge alerts. */
export const ackAlerts: CommandHandler = (ctx) => ctx.store.setState(acknowledgeAlerts);
