/** History and rollback commands (`H`, Enter on an entry, `R`, `A`) and Enter on an event (issue 12, history
 * part). `R` and `A` are hinted in the footer on the history screen only, where they are the point; elsewhere
 * the footer keeps its room for the app's other keys. `R` and `A` write to the cluster, so read-only mode, a read-only cluster and an identity that may
 * not write disable them with the reason. */
import type { CommandSpec } from './registry.js';

/** Screens and panes that show one app, where H, R and A act on it. */
const APP_PLACES = ['fleet.apps', 'fleet.matrix', 'app', 'drift', 'repo'] as const;

/** The history part's commands, in help order. */
export const HISTORY_COMMANDS: readonly CommandSpec[] = [
  {
    id: 'app.history',
    keys: ['H'],
    description: "Show the app's sync history (who deployed what, when, with what result)",
    hint: 'history',
    scopes: APP_PLACES,
    category: 'App',
    mutates: false,
  },
  {
    id: 'history.diff',
    keys: ['enter'],
    description: 'Show what the entry changed against the one before it',
    hint: 'diff',
    scopes: ['history.list'],
    category: 'Views',
    mutates: false,
  },
  {
    id: 'history.rollback',
    keys: ['R'],
    description: 'Roll back to the entry under the cursor, after a confirm',
    hint: 'rollback',
    scopes: ['history'],
    category: 'Actions',
    mutates: true,
  },
  {
    id: 'app.rollback',
    keys: ['R'],
    description: 'Roll back to the previous good history entry, after a confirm',
    scopes: APP_PLACES,
    category: 'Actions',
    mutates: true,
  },
  {
    id: 'history.autoSync',
    keys: ['A'],
    description: "Pause the app's auto-sync with a reason, or resume it",
    hint: 'pause/resume auto',
    scopes: ['history'],
    category: 'Actions',
    mutates: true,
  },
  {
    id: 'app.autoSync',
    keys: ['A'],
    description: "Pause the app's auto-sync with a reason, or resume it",
    scopes: APP_PLACES,
    category: 'Actions',
    mutates: true,
  },
  {
    id: 'events.whole',
    keys: ['enter'],
    description: 'Show the event under the cursor whole (again: one line per event)',
    hint: 'whole',
    scopes: ['app.events'],
    category: 'Views',
    mutates: false,
  },
];
