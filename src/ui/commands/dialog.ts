/** The open dialog: it takes every key. A dialog that holds text (a name to type, a reason) gets printable
 * keys as text; Enter runs its action once what it asks for is there; Esc closes it and nothing is sent. */
import { closeDialog, dialogText, setDialogText, setMessage } from '../../state/ui-actions.js';
import type { DialogAction, DialogState } from '../../state/types.js';
import type { CommandContext, CommandHandler, HandlerMap } from './context.js';
import { openOperationScreen } from './operation.js';
import { startSync } from './sync-run.js';

/** Handles one key while a dialog is open. */
export function dispatchDialogKey(
  dialog: DialogState,
  chord: string | undefined,
  input: string,
  ctx: CommandContext,
  handlers: HandlerMap,
): void {
  const printable = chord === undefined || chord === 'space' || [...chord].length === 1;
  if (dialogText(dialog) !== undefined && printable)
    return typeIntoDialog(ctx, chord === 'space' ? ' ' : input);
  const spec = chord === undefined ? undefined : ctx.registry.resolve(chord, { dialog: dialog.kind });
  if (spec) handlers[spec.id]?.(ctx);
}

/** Appends typed (or pasted) text, without control characters. */
function typeIntoDialog(ctx: CommandContext, input: string): void {
  const clean = [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
  const text = dialogText(ctx.store.getState().ui.dialog);
  if (text === undefined || clean === '') return;
  ctx.store.setState((s) => setDialogText(s, text + clean));
}

/** Enter in a confirm or text dialog. */
export const acceptDialog: CommandHandler = (ctx) => {
  const dialog = ctx.store.getState().ui.dialog;
  const warn = (text: string) => ctx.store.setState((s) => setMessage(s, { text, severity: 'warning' }));
  if (dialog?.kind === 'confirm') {
    if (dialog.typeToConfirm !== undefined && dialog.typed !== dialog.typeToConfirm)
      return warn(`Type ${dialog.typeToConfirm} exactly to confirm, or Esc to cancel.`);
    ctx.store.setState(closeDialog);
    return runDialogAction(ctx, dialog.action);
  }
  if (dialog?.kind === 'text') {
    const text = dialog.text.trim();
    if (text === '') return warn(`${dialog.label}: say it in a few words, or Esc to cancel.`);
    ctx.store.setState(closeDialog);
    return runDialogAction(ctx, dialog.action, text);
  }
};

/** Esc: closes the dialog; nothing is sent (a bulk sync's progress view closes quietly: the syncs go on). */
export const cancelDialog: CommandHandler = (ctx) => {
  const dialog = ctx.store.getState().ui.dialog;
  if (dialog?.kind === 'sync' && dialog.sentAt !== undefined) return ctx.store.setState(closeDialog);
  ctx.store.setState((s) =>
    setMessage(closeDialog(s), { text: 'Cancelled: nothing was sent.', severity: 'info' }),
  );
};

/** Backspace in a dialog that holds text. */
export const eraseDialog: CommandHandler = (ctx) => {
  const text = dialogText(ctx.store.getState().ui.dialog);
  if (text === undefined) return;
  ctx.store.setState((s) => setDialogText(s, [...text].slice(0, -1).join('')));
};

/** Sends what a confirmed dialog asked for; the answers come back as patches. `text` is a text dialog's. */
export function runDialogAction(ctx: CommandContext, action: DialogAction, text?: string): void {
  const { intents } = ctx;
  const say = (message: string) =>
    ctx.store.setState((s) => setMessage(s, { text: message, severity: 'info' }));
  switch (action.type) {
    case 'sync':
      return startSync(ctx, action);
    case 'rollback':
      intents.rollback(action.appId, action.id, { prune: action.prune });
      openOperationScreen(ctx, action.appId);
      return say(`Rolling back ${action.appId}… (Esc goes back)`);
    case 'terminate':
      intents.terminate(action.appId);
      return say(`Asked the operation of ${action.appId} to stop…`);
    case 'pause':
      intents.setAutoSync(action.appId, { pause: text ?? '' });
      return say(`Pausing auto-sync of ${action.appId}…`);
    case 'resume':
      intents.setAutoSync(action.appId, { resume: true });
      return say(`Resuming auto-sync of ${action.appId}…`);
    case 'rollout':
      intents.rollout(action.appSet, action.order, { prune: action.prune });
      // The operation screen without an app shows the rollout group by group.
      openOperationScreen(ctx);
      return say(`Rolling out ${action.appSet} by ${action.order}… (Esc goes back)`);
  }
}
