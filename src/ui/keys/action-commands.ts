/** The acting side's commands (sync, watch, history, rollback, auto-sync, bulk, rollout, action log), each
 * area in its own file; every one that writes to a cluster says `mutates: true`, so read-only mode, read-only
 * clusters and missing write permission disable it with the reason. */
import type { CommandSpec } from './registry.js';
// Sync dialog and bulk marks (issue 12, "sync" and "many apps at once").
import { SYNC_COMMANDS } from './sync-commands.js';

/** Every acting command, in help order. */
export const ACTION_COMMANDS: readonly CommandSpec[] = [
  // --- sync dialog and bulk marks ---
  ...SYNC_COMMANDS,
];
