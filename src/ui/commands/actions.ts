/** Handlers of the acting side's commands, each area in its own file. */
import type { HandlerMap } from './context.js';

/** Every acting command's handler, by command id. */
export const ACTION_HANDLERS: HandlerMap = {};
