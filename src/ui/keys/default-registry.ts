/** The registry of built-in commands. */
import { ACTION_COMMANDS } from './action-commands.js';
import { BUILTIN_COMMANDS } from './commands.js';
import { CommandRegistry } from './registry.js';

/** A fresh registry holding the built-in and acting commands with their default keys. */
export function createDefaultRegistry(): CommandRegistry {
  return new CommandRegistry([...BUILTIN_COMMANDS, ...ACTION_COMMANDS]);
}
