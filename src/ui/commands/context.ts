/** What command handlers get: the store, intents, registry, themes, the current geometry, quit. */
import type { Intents } from '../../state/intents.js';
import type { FlotillaStore } from '../../state/store.js';
import type { Geometry } from '../render/geometry.js';
import type { CommandRegistry } from '../keys/registry.js';
import type { ThemeCatalog } from '../themes/loader.js';

/** Everything a handler may touch. */
export interface CommandContext {
  store: FlotillaStore;
  intents: Intents;
  registry: CommandRegistry;
  themes: ThemeCatalog;
  /** Row budget right now (page size for PgUp/PgDn). */
  geometry(): Geometry;
  /** Whether the UI draws ASCII glyphs (help key names). */
  ascii: boolean;
  quit(): void;
}

/** Runs one command. */
export type CommandHandler = (ctx: CommandContext) => void;

/** Handlers by command id; the acting side adds its own next to the built-ins. */
export type HandlerMap = Readonly<Record<string, CommandHandler>>;
