/** The sync dialog's commands (issue 12: sync from the app, the fleet table or the drift pane; many apps at
 * once): `s` opens the plan, Space / V / u mark apps for a bulk sync, and the dialog's own keys flip its
 * options, pick resources and show a diff. Keys inside the dialog only apply while it is open. */
import type { CommandSpec, Scope } from './registry.js';

/** Where `s` applies: the app under the cursor, or the app a screen shows. */
const SYNC_PLACES: readonly Scope[] = ['fleet.apps', 'fleet.matrix', 'app', 'drift'];

/** Where apps can be marked. */
const MARK_PLACES: readonly Scope[] = ['fleet.apps'];

const IN_DIALOG: readonly Scope[] = ['dialog.sync'];

/** A dialog key (none of them sends anything but Enter); `hint` puts it on the bottom line while the dialog is open. */
function dialogKey(
  id: string,
  keys: string | string[],
  description: string,
  hint?: string,
  mutates = false,
): CommandSpec {
  return {
    id,
    keys: typeof keys === 'string' ? [keys] : keys,
    description,
    ...(hint !== undefined ? { hint } : {}),
    scopes: IN_DIALOG,
    category: 'Dialog',
    mutates,
  };
}

/** The sync commands, in help order. */
export const SYNC_COMMANDS: readonly CommandSpec[] = [
  {
    id: 'app.sync',
    keys: ['s'],
    description: 'Sync: plan, then confirm',
    hint: 'sync',
    scopes: SYNC_PLACES,
    category: 'Actions',
    mutates: true,
    bulk: true,
  },
  {
    id: 'fleet.mark',
    keys: ['space'],
    description: 'Mark or unmark the app for a bulk sync (marks stay across clusters and filters)',
    hint: 'mark',
    scopes: MARK_PLACES,
    category: 'Actions',
    mutates: false,
  },
  {
    id: 'fleet.markAppSet',
    keys: ['V'],
    description: "Mark every app of the app's app set (again: unmark them)",
    scopes: MARK_PLACES,
    category: 'Actions',
    mutates: false,
  },
  {
    id: 'fleet.unmarkAll',
    keys: ['u'],
    description: 'Clear every mark',
    scopes: MARK_PLACES,
    category: 'Actions',
    mutates: false,
  },
  dialogKey(
    'sync.accept',
    'enter',
    'Sync now (production: prune/force/replace ask for the cluster name)',
    'sync',
    true,
  ),
  dialogKey('sync.down', ['j', 'down'], 'Next object (or app)'),
  dialogKey('sync.up', ['k', 'up'], 'Previous object (or app)'),
  dialogKey('sync.diff', 'd', 'Show or hide the diff of the object under the cursor', 'diff'),
  dialogKey('sync.prune', 'p', 'Toggle prune: delete live objects no longer in Git', 'prune'),
  dialogKey(
    'sync.dryRun',
    'r',
    'Toggle dry run: the API servers check everything, nothing is changed',
    'dry run',
  ),
  dialogKey(
    'sync.force',
    'f',
    'Toggle force: take back fields others changed (a kubectl edit); re-create what cannot be updated',
    'force',
  ),
  dialogKey('sync.replace', 'R', 'Toggle replace: replace objects instead of applying them', 'replace'),
  dialogKey(
    'sync.onlyOutOfSync',
    'O',
    'Toggle only out-of-sync: skip objects that already match',
    'out-of-sync',
  ),
  dialogKey('sync.check', 'space', 'Check or uncheck the object (a partial sync when not all)', 'check'),
  dialogKey('sync.checkAll', 'a', 'Check every object'),
  dialogKey('sync.checkOutOfSync', 'o', 'Check only the objects out of sync'),
  dialogKey('sync.checkNone', 'n', 'Uncheck every object'),
];
