/** Handlers of the history part: open the history, show an entry's diff, roll back, pause or resume
 * auto-sync, show an event whole. Writes happen only through a confirmed dialog (./dialog.ts). */
import { selectHistoryRows, previousGoodEntry } from '../../state/selectors/history.js';
import { selectTopScreen } from '../../state/selectors/detail.js';
import {
  openDialog,
  openHistory,
  selectFocus,
  setMessage,
  showHistoryDiff,
  toggleEventWhole,
} from '../../state/ui-actions.js';
import type { HistoryEntryView, StatusMessage, ViewModel } from '../../state/types.js';
import type { CommandContext, CommandHandler, HandlerMap } from './context.js';
import { pauseDialog, resumeDialog, rollbackDialog } from './history-dialogs.js';
import { selectedAppId, selectedHistoryEntry } from './targets.js';

function say(ctx: CommandContext, text: string, severity: StatusMessage['severity'] = 'warning'): void {
  ctx.store.setState((s) => setMessage(s, { text, severity }));
}

/** H: the app's history screen; the engine sends the entries. */
export const showHistory: CommandHandler = (ctx) => {
  const id = selectedAppId(ctx.store.getState());
  if (id === undefined) return;
  ctx.store.setState((s) => openHistory(s, id));
  ctx.intents.requestHistory(id);
};

/** Enter on a history entry: what it changed against the entry before it. */
export const showEntryDiff: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const entry = selectedHistoryEntry(state);
  const app = state.history?.appId;
  if (!entry || app === undefined) return;
  ctx.store.setState((s) => showHistoryDiff(s, app, entry.id));
  ctx.intents.requestHistoryDiff(app, entry.id);
};

/** The entry R rolls back to: on the history list the one under the cursor, elsewhere the previous good one;
 * or why there is none. */
function rollbackTarget(state: ViewModel, appId: string): HistoryEntryView | string {
  const history = selectHistoryRows(state).history;
  const top = selectTopScreen(state);
  const current = state.apps[appId]?.revision.sha ?? '';
  if (top.id === 'history' && history && selectFocus(state) === 'history.list') {
    const entry = selectedHistoryEntry(state);
    if (!entry)
      return history.status === 'loading'
        ? 'The history is still loading.'
        : 'No history entry to roll back to.';
    if (entry.result !== 'Succeeded') return `Entry #${entry.id} failed: pick an entry that succeeded.`;
    if (entry.sha === current) return `Entry #${entry.id} is the revision live now: pick an older one.`;
    return entry;
  }
  const entries = state.history?.appId === appId ? state.history.entries : [];
  return (
    previousGoodEntry(entries, current) ??
    `No earlier successful entry in the history of ${state.apps[appId]?.name ?? appId}.`
  );
}

/** R: the rollback confirm. On an app whose history is not loaded yet, the history opens first. */
export const rollback: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const id = selectedAppId(state);
  const app = id === undefined ? undefined : state.apps[id];
  if (!app) return;
  if (state.history?.appId !== app.id || state.history.status !== 'ready') {
    if (selectTopScreen(state).id !== 'history') showHistory(ctx);
    return say(
      ctx,
      `Loading the history of ${app.name}: press R again (or on an entry) to roll back.`,
      'info',
    );
  }
  const target = rollbackTarget(state, app.id);
  if (typeof target === 'string') return say(ctx, target);
  const dialog = rollbackDialog({
    app,
    cluster: state.clusters[app.cluster],
    entries: state.history.entries,
    target,
    now: Date.now(),
    arrow: ctx.ascii ? '->' : '→',
  });
  ctx.store.setState((s) => openDialog(s, dialog));
};

/** A: pause auto-sync with a reason, or resume it after a confirm. */
export const toggleAutoSync: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const id = selectedAppId(state);
  const app = id === undefined ? undefined : state.apps[id];
  if (!app) return;
  const pause = state.history?.appId === app.id ? state.history.pause : undefined;
  const pausedBy = pause ? `Paused by ${pause.by}: ${pause.reason}` : app.autoSync.pausedReason;
  if (pausedBy !== undefined) return ctx.store.setState((s) => openDialog(s, resumeDialog(app, pausedBy)));
  if (!app.autoSync.enabled)
    return say(ctx, `${app.name} has no auto-sync to pause (it is off in the fleet file).`, 'info');
  ctx.store.setState((s) => openDialog(s, pauseDialog(app)));
};

/** Enter on an event: shown whole below the list, or back to one line each. */
export const toggleEvent: CommandHandler = (ctx) => ctx.store.setState(toggleEventWhole);

/** Handlers of the history part, by command id. */
export const HISTORY_HANDLERS: HandlerMap = {
  'app.history': showHistory,
  'history.diff': showEntryDiff,
  'app.rollback': rollback,
  'history.rollback': rollback,
  'app.autoSync': toggleAutoSync,
  'history.autoSync': toggleAutoSync,
  'events.whole': toggleEvent,
};
