/** The acting side's commands (sync, watch, history, rollback, auto-sync, bulk, rollout, action log), each
 * area in its own file; every one that writes to a cluster says `mutates: true`, so read-only mode, read-only
 * clusters and missing write permission disable it with the reason. */
import { HISTORY_COMMANDS } from './history-commands.js';
import { OPERATION_COMMANDS } from './operation-commands.js';
import type { CommandSpec } from './registry.js';
import { SYNC_COMMANDS } from './sync-commands.js';

/** Every acting command, in help order. */
export const ACTION_COMMANDS: readonly CommandSpec[] = [
  // Sync dialog and bulk marks (s, Space, V, u).
  ...SYNC_COMMANDS,
  // Watch it run and the action log (operation screen, `o`, `t`, `@`).
  ...OPERATION_COMMANDS,
  // History and rollback (H, R, A) and Enter on an event.
  ...HISTORY_COMMANDS,
];
