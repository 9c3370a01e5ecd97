/** Handlers of the acting side's commands, each area in its own file. */
import type { HandlerMap } from './context.js';
import { HISTORY_HANDLERS } from './history-commands.js';

/** Every acting command's handler, by command id. */
export const ACTION_HANDLERS: HandlerMap = {
  // History and rollback (H, R, A) and Enter on an event.
  ...HISTORY_HANDLERS,
};
