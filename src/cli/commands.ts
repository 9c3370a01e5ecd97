/** Every sub-command, in the order `flotilla --help` lists them. */
import { autosyncRunCommand } from './autosync-run.js';
import type { CliCommand } from './command.js';
import { diffCommand } from './diff.js';
import { healthCommand } from './health.js';
import { renderCommand } from './render.js';
import { schemaCommand } from './schema.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';
import { terminateCommand } from './terminate.js';
import { tuiCommand } from './tui.js';
import { validateCommand } from './validate.js';

/** The registry `main.ts` dispatches on. */
export const commands: CliCommand[] = [
  tuiCommand,
  statusCommand,
  diffCommand,
  syncCommand,
  terminateCommand,
  autosyncRunCommand,
  validateCommand,
  renderCommand,
  healthCommand,
  schemaCommand,
];
