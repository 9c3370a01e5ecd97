/** The registry of built-in commands. */
import { BUILTIN_COMMANDS } from './commands.js';
import { CommandRegistry } from './registry.js';

/** A fresh registry holding the built-in commands with their default keys. */
export function createDefaultRegistry(): CommandRegistry {
  return new CommandRegistry(BUILTIN_COMMANDS);
}
