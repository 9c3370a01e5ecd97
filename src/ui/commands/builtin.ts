/** Handlers of the built-in commands, keyed by command id. */
import type { BuiltinCommandId } from '../keys/commands.js';
import * as app from './app-commands.js';
import type { CommandHandler } from './context.js';
import { acceptDialog, cancelDialog, eraseDialog } from './dialog.js';
import { back, moveHandler, nextPane, prevPane } from './navigation.js';
import { acceptPrompt, cancelPrompt, clearPrompt, completePrompt, erasePrompt } from './prompt.js';

/** Every built-in command's handler; the compiler refuses a command without one. */
export const BUILTIN_HANDLERS: Readonly<Record<BuiltinCommandId, CommandHandler>> = {
  'nav.down': moveHandler({ by: 1 }),
  'nav.up': moveHandler({ by: -1 }),
  'nav.top': moveHandler('first'),
  'nav.bottom': moveHandler('last'),
  'nav.pageDown': moveHandler('pageDown'),
  'nav.pageUp': moveHandler('pageUp'),
  'nav.nextPane': nextPane,
  'nav.prevPane': prevPane,
  'nav.back': back,
  'app.open': app.openSelectedApp,
  'app.diff': app.showDiff,
  'app.commits': app.showCommits,
  'app.refresh': app.refreshApp,
  'cluster.scope': app.scopeToCluster,
  'cluster.refresh': app.refreshCluster,
  'fleet.refreshAll': app.refreshAll,
  'tree.toggle': app.treeToggle,
  'tree.expand': app.treeExpand,
  'tree.collapse': app.treeCollapse,
  'drift.next': app.driftStep(1),
  'drift.prev': app.driftStep(-1),
  'fleet.group': app.cycleGroup,
  'fleet.matrix': app.toggleMatrix,
  'matrix.left': app.matrixStep(-1),
  'matrix.right': app.matrixStep(1),
  'ui.filter': app.startFilter,
  'ui.command': app.startCommand,
  'prompt.accept': acceptPrompt,
  'prompt.cancel': cancelPrompt,
  'prompt.complete': completePrompt,
  'prompt.erase': erasePrompt,
  'prompt.clear': clearPrompt,
  'dialog.accept': acceptDialog,
  'dialog.cancel': cancelDialog,
  'dialog.erase': eraseDialog,
  'ui.help': app.showHelp,
  'alerts.ack': app.ackAlerts,
  'app.quit': (ctx) => ctx.quit(),
};
