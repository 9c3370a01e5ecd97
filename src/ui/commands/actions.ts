/** Handlers of the acting side's commands, each area in its own file. */
import type { HandlerMap } from './context.js';
// Sync dialog and bulk marks (issue 12, "sync" and "many apps at once").
import { SYNC_HANDLERS } from './sync-handlers.js';

/** Every acting command's handler, by command id. */
export const ACTION_HANDLERS: HandlerMap = {
  // --- sync dialog and bulk marks ---
  ...SYNC_HANDLERS,
};
