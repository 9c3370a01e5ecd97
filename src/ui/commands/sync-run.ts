/** Sending a confirmed sync: one `sync` intent per app, then where the user sees it run. Shared by Enter in
 * the sync dialog and by the confirm dialog that asked for a typed name first. */
import { openDialog, setMessage } from '../../state/ui-actions.js';
import type { DialogAction } from '../../state/types.js';
import type { CommandContext } from './context.js';
import { openOperationScreen } from './operation.js';

/** Sends the sync of every app of the action. One app: the dialog closes and its operation screen opens
 * (Esc goes back). Several: the sync dialog stays (or comes back) showing each app's progress. */
export function startSync(ctx: CommandContext, action: Extract<DialogAction, { type: 'sync' }>): void {
  for (const app of action.appIds) ctx.intents.sync(app, action.options);
  const dry = action.options.dryRun ? ' (dry run)' : '';
  if (action.appIds.length > 1) {
    ctx.store.setState((s) =>
      setMessage(
        openDialog(s, {
          kind: 'sync',
          appIds: action.appIds,
          options: action.options,
          sentAt: Date.now(),
        }),
        {
          text: `sync started${dry}: ${action.appIds.length} apps; Esc closes, the syncs go on`,
          severity: 'info',
        },
      ),
    );
    return;
  }
  const id = action.appIds[0] ?? '';
  const app = ctx.store.getState().apps[id];
  const name = app ? `${app.name} on ${app.cluster}` : id;
  openOperationScreen(ctx, id);
  ctx.store.setState((s) =>
    setMessage(s, { text: `sync started${dry}: ${name}… (Esc goes back)`, severity: 'info' }),
  );
}
