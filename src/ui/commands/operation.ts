/** Handlers of the operation screen (watch, terminate) and the action log; `openOperationScreen` is also what
 * the sync, bulk and rollout dialogs call once confirmed. */
import { selectScreenApp, selectTopScreen } from '../../state/selectors/detail.js';
import { openActionLog, openDialog, openOperation, setMessage } from '../../state/ui-actions.js';
import type { ConfirmDialogState, OperationView, Screen, ViewModel } from '../../state/types.js';
import { formatAge } from '../format.js';
import { appLabel, operationDetailLine, taskObject } from '../render/operation-rows.js';
import type { CommandContext, CommandHandler, HandlerMap } from './context.js';
import { operationRowApp, selectedAppId } from './targets.js';

/**
 * Opens the operation screen for one app (following its operation on the cluster, whoever runs it, until the
 * screen is left) or, without an app, every operation and the rollout. Already open for it: nothing changes.
 */
export function openOperationScreen(ctx: CommandContext, appId?: string): void {
  const top = selectTopScreen(ctx.store.getState());
  if (top.id === 'operation' && top.app === appId) return;
  ctx.store.setState((s) => openOperation(s, appId));
  if (appId !== undefined) ctx.intents.followOperation(appId);
}

/** What to do when a screen leaves the stack: stop following what it followed. */
export function releaseScreen(ctx: CommandContext, screen: Screen): void {
  if (screen.id === 'operation' && screen.app !== undefined) ctx.intents.releaseOperation(screen.app);
}

/** o: the selected app's operation; with no app selected (the cluster strip), every operation. */
const openForSelection: CommandHandler = (ctx) =>
  openOperationScreen(ctx, selectedAppId(ctx.store.getState()));

/** Enter in the operations list: that app's operation. */
const openRowApp: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const top = selectTopScreen(state);
  if (top.id !== 'operation' || top.app !== undefined) return;
  const app = operationRowApp(state);
  if (app !== undefined) openOperationScreen(ctx, app);
};

/** The app whose operation `t` stops: the screen's app, or the row under the cursor. */
function terminateTarget(state: ViewModel): string | undefined {
  return selectScreenApp(state) ?? operationRowApp(state);
}

/** The confirm dialog for terminating a running operation. */
export function terminateDialog(state: ViewModel, op: OperationView, now: number): ConfirmDialogState {
  const name = appLabel(state.apps, op.appId);
  const started = op.startedAt !== undefined ? `, started ${formatAge(now - op.startedAt)} ago` : '';
  const who = op.initiator ? ` by ${op.initiator}` : '';
  const running = op.tasks.filter((t) => t.status === 'running').map(taskObject);
  const lines = [
    `${op.kind} of ${name}${who}${started}.`,
    ...(op.mine ? [] : ['Another operator started it: they will see it stop.']),
    ...[operationDetailLine(op)].filter((l) => l !== ''),
    ...(running.length > 0 ? [`Running now: ${running.join(', ')}`] : []),
    'Stops it after the request in flight; what was already applied stays applied.',
    'Enter terminates, Esc keeps it running.',
  ];
  return {
    kind: 'confirm',
    title: `Terminate the ${op.kind} of ${name}?`,
    lines,
    typed: '',
    danger: false,
    action: { type: 'terminate', appId: op.appId },
  };
}

/** t: asks before terminating the running operation. */
const terminate: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const warn = (text: string): void =>
    ctx.store.setState((s) => setMessage(s, { text, severity: 'warning' }));
  const app = terminateTarget(state);
  if (app === undefined)
    return warn('Nothing to terminate: put the cursor on an app with a running operation.');
  const op = state.operations[app];
  if (op?.phase !== 'Running')
    return warn(
      `Nothing to terminate: ${appLabel(state.apps, app)} has ${op ? `no running operation (last: ${op.phase})` : 'no operation'}.`,
    );
  ctx.store.setState((s) => openDialog(s, terminateDialog(s, op, Date.now())));
};

/** @: the action log (again on it: reload). */
const openLog: CommandHandler = (ctx) => {
  if (selectTopScreen(ctx.store.getState()).id === 'actions')
    ctx.store.setState((s) => ({
      ...s,
      actionLog: { status: 'loading', entries: s.actionLog?.entries ?? [] },
    }));
  else ctx.store.setState(openActionLog);
  ctx.intents.requestActionLog();
};

/** Handlers of the operation screen and the action log, by command id. */
export const OPERATION_HANDLERS: HandlerMap = {
  'operation.open': openForSelection,
  'operation.openApp': openRowApp,
  'operation.terminate': terminate,
  'actions.open': openLog,
};
