/** Handlers of the acting side's commands, each area in its own file. */
import type { HandlerMap } from './context.js';
import { HISTORY_HANDLERS } from './history-commands.js';
import { OPERATION_HANDLERS } from './operation.js';
import { SYNC_HANDLERS } from './sync-handlers.js';

/** Every acting command's handler, by command id. */
export const ACTION_HANDLERS: HandlerMap = {
  // Sync dialog and bulk marks (s, Space, V, u).
  ...SYNC_HANDLERS,
  // Watch it run and the action log (operation screen, `o`, `t`, `@`).
  ...OPERATION_HANDLERS,
  // History and rollback (H, R, A) and Enter on an event.
  ...HISTORY_HANDLERS,
};
