/** Handlers of the sync dialog's and the marks' commands (ids in ../keys/sync-commands.ts). */
import { markApp, markAppSet, unmarkAll } from './bulk.js';
import type { HandlerMap } from './context.js';
import {
  acceptSync,
  checkResource,
  moveSyncCursor,
  openSync,
  presetChecklist,
  toggleDiff,
  toggleOption,
} from './sync-dialog.js';

/** Every sync command's handler, by command id. */
export const SYNC_HANDLERS: HandlerMap = {
  'app.sync': openSync,
  'fleet.mark': markApp,
  'fleet.markAppSet': markAppSet,
  'fleet.unmarkAll': unmarkAll,
  'sync.accept': acceptSync,
  'sync.down': moveSyncCursor(1),
  'sync.up': moveSyncCursor(-1),
  'sync.diff': toggleDiff,
  'sync.prune': toggleOption('prune'),
  'sync.dryRun': toggleOption('dryRun'),
  'sync.force': toggleOption('force'),
  'sync.replace': toggleOption('replace'),
  'sync.onlyOutOfSync': toggleOption('onlyOutOfSync'),
  'sync.check': checkResource,
  'sync.checkAll': presetChecklist('all'),
  'sync.checkOutOfSync': presetChecklist('outOfSync'),
  'sync.checkNone': presetChecklist('none'),
};
