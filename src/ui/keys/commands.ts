/**
 * The built-in commands of the observing TUI (issue 5). None of them mutates a cluster; `r` only
 * re-polls and re-compares. Default keys follow k9s (reference/tui-conventions.md §4).
 */
import type { PaneId } from '../../state/types.js';
import type { CommandSpec } from './registry.js';

/** Panes with a list the cursor keys move in (every pane). */
const LIST_PANES: readonly PaneId[] = ['fleet.apps', 'fleet.matrix', 'fleet.clusters', 'app.tree', 'app.events', 'drift.diff', 'repo.commits', 'help.list'];

/** Panes whose list `/` filters. */
const FILTER_PANES: readonly PaneId[] = ['fleet.apps', 'fleet.matrix', 'fleet.clusters', 'app.tree', 'app.events', 'repo.commits', 'help.list'];

/** Panes and screens that show one app, where D, c and r act on that app. */
const APP_PLACES = ['fleet.apps', 'fleet.matrix', 'app', 'drift', 'repo'] as const;

/** Ids of the built-in commands; handlers are keyed by these. */
export type BuiltinCommandId = (typeof BUILTIN_COMMANDS)[number]['id'];

/** The built-in command list, in help order. */
export const BUILTIN_COMMANDS = [
  { id: 'nav.down', keys: ['j', 'down'], description: 'Move down one row (scroll in diff and events)', scopes: LIST_PANES, category: 'Navigation', mutates: false },
  { id: 'nav.up', keys: ['k', 'up'], description: 'Move up one row', scopes: LIST_PANES, category: 'Navigation', mutates: false },
  { id: 'nav.top', keys: ['g', 'home'], description: 'Go to the first row', scopes: LIST_PANES, category: 'Navigation', mutates: false },
  { id: 'nav.bottom', keys: ['G', 'end'], description: 'Go to the last row', scopes: LIST_PANES, category: 'Navigation', mutates: false },
  { id: 'nav.pageDown', keys: ['pagedown', 'ctrl+f'], description: 'Page down', scopes: LIST_PANES, category: 'Navigation', mutates: false },
  { id: 'nav.pageUp', keys: ['pageup', 'ctrl+b'], description: 'Page up', scopes: LIST_PANES, category: 'Navigation', mutates: false },
  { id: 'nav.nextPane', keys: ['tab'], description: 'Focus the next pane', hint: 'pane', scopes: ['global'], category: 'Navigation', mutates: false },
  { id: 'nav.prevPane', keys: ['shift+tab'], description: 'Focus the previous pane', scopes: ['global'], category: 'Navigation', mutates: false },
  { id: 'nav.back', keys: ['escape'], description: 'Back to the previous screen (on the fleet: clear filter and cluster scope)', hint: 'back', scopes: ['global'], category: 'Navigation', mutates: false },

  { id: 'app.open', keys: ['enter'], description: 'Open the app: resource tree and events', hint: 'open', scopes: ['fleet.apps', 'fleet.matrix'], category: 'App', mutates: false },
  { id: 'app.diff', keys: ['D'], description: 'Show the drift: unified diff of desired vs live', hint: 'diff', scopes: APP_PLACES, category: 'App', mutates: false },
  { id: 'app.commits', keys: ['c'], description: 'Show commits merged but not yet deployed', hint: 'commits', scopes: APP_PLACES, category: 'App', mutates: false },
  { id: 'app.refresh', keys: ['r'], description: 'Refresh now: re-poll Git and re-compare (changes nothing)', hint: 'refresh', scopes: APP_PLACES, category: 'App', mutates: false },
  { id: 'cluster.scope', keys: ['enter'], description: "Show only this cluster's apps", hint: 'scope', scopes: ['fleet.clusters'], category: 'App', mutates: false },
  { id: 'cluster.refresh', keys: ['r'], description: 'Refresh this cluster now', hint: 'refresh', scopes: ['fleet.clusters'], category: 'App', mutates: false },
  { id: 'fleet.refreshAll', keys: ['ctrl+r'], description: 'Refresh the whole fleet now', scopes: ['global'], category: 'App', mutates: false },

  { id: 'tree.toggle', keys: ['enter', 'space'], description: 'Expand or collapse the resource (loads its children)', hint: 'expand', scopes: ['app.tree'], category: 'Views', mutates: false },
  { id: 'tree.expand', keys: ['l', 'right'], description: 'Expand the resource', scopes: ['app.tree'], category: 'Views', mutates: false },
  { id: 'tree.collapse', keys: ['h', 'left'], description: 'Collapse the resource', scopes: ['app.tree'], category: 'Views', mutates: false },
  { id: 'drift.next', keys: [']', 'n'], description: 'Next resource in the diff', hint: 'next', scopes: ['drift'], category: 'Views', mutates: false },
  { id: 'drift.prev', keys: ['[', 'N'], description: 'Previous resource in the diff', hint: 'prev', scopes: ['drift'], category: 'Views', mutates: false },
  { id: 'fleet.group', keys: ['b'], description: 'Group apps: none → by cluster → by app set', hint: 'group', scopes: ['fleet'], category: 'Views', mutates: false },
  { id: 'fleet.matrix', keys: ['m'], description: 'Toggle the app × cluster matrix (revision and status per cell)', hint: 'matrix', scopes: ['fleet'], category: 'Views', mutates: false },
  { id: 'matrix.left', keys: ['h', 'left'], description: 'Matrix: previous cluster column', scopes: ['fleet.matrix'], category: 'Views', mutates: false },
  { id: 'matrix.right', keys: ['l', 'right'], description: 'Matrix: next cluster column', scopes: ['fleet.matrix'], category: 'Views', mutates: false },

  { id: 'ui.filter', keys: ['/'], description: 'Filter the list (regex; a leading ! inverts)', hint: 'filter', scopes: FILTER_PANES, category: 'Filter and command line', mutates: false },
  { id: 'ui.command', keys: [':'], description: 'Command line: app NAME, cluster NAME, theme NAME, group, matrix, help, q', hint: 'cmd', scopes: ['global'], category: 'Filter and command line', mutates: false },
  { id: 'prompt.accept', keys: ['enter'], description: 'Apply the filter / run the command', scopes: ['prompt'], category: 'Prompt', mutates: false },
  { id: 'prompt.cancel', keys: ['escape'], description: 'Cancel (a filter being typed is cleared)', scopes: ['prompt'], category: 'Prompt', mutates: false },
  { id: 'prompt.complete', keys: ['tab'], description: 'Complete the command line', scopes: ['prompt'], category: 'Prompt', mutates: false },
  { id: 'prompt.erase', keys: ['backspace'], description: 'Delete the last character', scopes: ['prompt'], category: 'Prompt', mutates: false },
  { id: 'prompt.clear', keys: ['ctrl+u'], description: 'Clear the prompt', scopes: ['prompt'], category: 'Prompt', mutates: false },

  { id: 'ui.help', keys: ['?'], description: 'Help for the focused pane', hint: 'help', scopes: ['global'], category: 'General', mutates: false },
  { id: 'alerts.ack', keys: ['a'], description: 'Acknowledge alerts (clears the attention line)', scopes: ['global'], category: 'General', mutates: false },
  { id: 'app.quit', keys: ['ctrl+c'], description: 'Quit flotilla (also :q)', hint: 'quit', scopes: ['global', 'prompt'], category: 'General', mutates: false },
] as const satisfies readonly CommandSpec[];
