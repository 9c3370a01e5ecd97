/** Handlers for moving around: cursor keys, panes, screens. */
import { moveCursor, scrollList } from '../../state/list.js';
import type { Move } from '../../state/list.js';
import { selectTopScreen } from '../../state/selectors/detail.js';
import {
  cycleFocus,
  listOfPane,
  popScreen,
  selectFocus,
  setClusterScope,
  setFilter,
  setList,
  stackShowsApp,
} from '../../state/ui-actions.js';
import { visibleRows } from '../render/geometry.js';
import type { CommandContext, CommandHandler } from './context.js';
import { releaseScreen } from './operation.js';
import { listTarget } from './targets.js';

/** A handler moving the focused pane's cursor (or scrolling it). */
export function moveHandler(move: Move): CommandHandler {
  return (ctx) => {
    const state = ctx.store.getState();
    const pane = selectFocus(state);
    const list = listOfPane(pane);
    const height = visibleRows(ctx.geometry(), pane);
    const target = listTarget(state, pane, ctx.registry, ctx.ascii);
    const current = state.ui.lists[list];
    const next =
      target.kind === 'cursor'
        ? moveCursor(target.model, current, move, height)
        : scrollList(target.total, current, move, height);
    ctx.store.setState((s) => setList(s, list, next));
  };
}

/** Esc: pop a screen; on the fleet, clear the filter and cluster scope. */
export const back: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const top = selectTopScreen(state);
  if (top.id === 'fleet') {
    ctx.store.setState((s) => setClusterScope(setFilter(s, 'apps', ''), undefined));
    return;
  }
  ctx.store.setState(popScreen);
  releaseScreen(ctx, top);
  releaseIfHidden(ctx, 'app' in top ? top.app : undefined);
};

/** Pops every screen above the fleet, releasing the open app's detail. */
export function backToFleet(ctx: CommandContext): void {
  const app = ctx.store.getState().detail?.appId;
  for (const screen of ctx.store.getState().ui.screens.slice(1)) releaseScreen(ctx, screen);
  ctx.store.setState((s) =>
    s.ui.screens.length <= 1 ? s : { ...s, ui: { ...s.ui, screens: s.ui.screens.slice(0, 1) } },
  );
  releaseIfHidden(ctx, app);
}

/** Tells the engine to stop streaming an app's detail once no screen shows it, and forgets it. */
function releaseIfHidden(ctx: CommandContext, app: string | undefined): void {
  if (app === undefined || stackShowsApp(ctx.store.getState(), app)) return;
  if (ctx.store.getState().detail?.appId !== app) return;
  ctx.intents.releaseAppDetail(app);
  ctx.store.setState((s) => ({ ...s, detail: undefined }));
}

/** Tab / Shift-Tab. */
export const nextPane: CommandHandler = (ctx) => ctx.store.setState((s) => cycleFocus(s, 1));
/** Shift-Tab. */
export const prevPane: CommandHandler = (ctx) => ctx.store.setState((s) => cycleFocus(s, -1));
