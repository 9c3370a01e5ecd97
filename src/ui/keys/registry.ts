/**
 * The command registry: every key is a command with an id, default keys, a description, where it
 * applies and whether it mutates. Dispatch, the footer, `?` help and docs/keybindings.md all read it,
 * so they cannot drift apart. The acting side (sync, prune, rollback) adds commands with
 * `mutates: true`; the registry then reports them disabled, with a reason, when writes are not allowed.
 */
import type { ClusterView, DialogKind, PaneId, ScreenId } from '../../state/types.js';

/** Where a command applies: everywhere, on a screen, in one pane, in the text prompt, in every dialog or in
 * one kind of dialog. */
export type Scope = 'global' | ScreenId | PaneId | 'prompt' | 'dialog' | `dialog.${DialogKind}`;

/** Help and docs sections. */
export type CommandCategory =
  'Navigation' | 'Views' | 'Filter and command line' | 'App' | 'Actions' | 'Dialog' | 'Prompt' | 'General';

/** One command. */
export interface CommandSpec {
  /** Namespaced, stable id used in keys.yaml (`nav.down`, `app.diff`). */
  id: string;
  /** Canonical chords (see chord.ts), first one shown in hints. */
  keys: readonly string[];
  /** One line for help and docs. */
  description: string;
  /** Short label for the footer; commands without it are not hinted there. */
  hint?: string;
  scopes: readonly Scope[];
  category: CommandCategory;
  /** True for commands that change a cluster (sync, prune, rollback): disabled when read-only. */
  mutates: boolean;
  /** Acts on the apps marked with Space when there are any (each is checked for write access on its own), so
   * the cursor row's cluster does not decide whether it may run. */
  bulk?: boolean;
}

/** The context a key is pressed in: a pane of a screen, the text prompt, or an open dialog (which takes every
 * key while it is open). */
export type KeyContext = { screen: ScreenId; pane: PaneId } | 'prompt' | { dialog: DialogKind };

/** Two commands that share a key in some context. */
interface KeyConflict {
  chord: string;
  a: string;
  b: string;
  context: string;
}

/** Facts that decide whether a mutating command may run. */
export interface WriteContext {
  readOnly: boolean;
  cluster?: ClusterView;
  /** Apps are marked for a bulk action. */
  marked?: boolean;
}

/** Every (screen, pane) pair plus the prompt: the contexts in which keys must be unique. */
export const ALL_CONTEXTS: readonly KeyContext[] = [
  { screen: 'fleet', pane: 'fleet.apps' },
  { screen: 'fleet', pane: 'fleet.matrix' },
  { screen: 'fleet', pane: 'fleet.clusters' },
  { screen: 'app', pane: 'app.tree' },
  { screen: 'app', pane: 'app.events' },
  { screen: 'drift', pane: 'drift.diff' },
  { screen: 'repo', pane: 'repo.commits' },
  { screen: 'history', pane: 'history.list' },
  { screen: 'history', pane: 'history.diff' },
  { screen: 'help', pane: 'help.list' },
  { screen: 'operation', pane: 'operation.steps' },
  { screen: 'actions', pane: 'actions.list' },
  'prompt',
  { dialog: 'confirm' },
  { dialog: 'text' },
  { dialog: 'sync' },
];

/** Readable name of a context for messages. */
function contextName(ctx: KeyContext): string {
  if (ctx === 'prompt') return 'the prompt';
  return 'dialog' in ctx ? `the ${ctx.dialog} dialog` : ctx.pane;
}

/** True when `spec` applies in `ctx`. Global commands do not apply in the prompt unless they say so. */
function appliesIn(spec: CommandSpec, ctx: KeyContext): boolean {
  if (ctx === 'prompt') return spec.scopes.includes('prompt');
  if ('dialog' in ctx) return spec.scopes.includes('dialog') || spec.scopes.includes(`dialog.${ctx.dialog}`);
  return spec.scopes.some((s) => s === 'global' || s === ctx.screen || s === ctx.pane);
}

/** Why a command cannot run now, or undefined when it can. Non-mutating commands always can. */
export function disabledReason(spec: CommandSpec, ctx: WriteContext): string | undefined {
  if (!spec.mutates) return undefined;
  if (ctx.readOnly) return 'read-only mode (--readonly)';
  if (spec.bulk && ctx.marked) return undefined;
  const c = ctx.cluster;
  if (!c) return undefined;
  if (c.readOnly) return `cluster ${c.name} is read-only (fleet file)`;
  if (!c.canWrite) return `no write permission on cluster ${c.name}`;
  if (!c.reachable) return `cluster ${c.name} is unreachable`;
  return undefined;
}

/** A registry of commands with lookups by id, context and chord. */
export class CommandRegistry {
  private readonly byId: Map<string, CommandSpec>;
  private readonly index = new Map<string, Map<string, CommandSpec>>();

  /** Builds a registry; ids must be unique. */
  constructor(readonly commands: readonly CommandSpec[]) {
    this.byId = new Map();
    for (const c of commands) {
      if (this.byId.has(c.id)) throw new Error(`duplicate command id ${c.id}`);
      this.byId.set(c.id, c);
    }
  }

  /** The command with this id. */
  get(id: string): CommandSpec | undefined {
    return this.byId.get(id);
  }

  /** Commands that apply in a context, in registry order. */
  activeIn(ctx: KeyContext): CommandSpec[] {
    return this.commands.filter((c) => appliesIn(c, ctx));
  }

  /** The command a chord runs in a context. */
  resolve(chord: string, ctx: KeyContext): CommandSpec | undefined {
    const key =
      ctx === 'prompt' ? 'prompt' : 'dialog' in ctx ? `dialog/${ctx.dialog}` : `${ctx.screen}/${ctx.pane}`;
    let map = this.index.get(key);
    if (!map) {
      map = new Map();
      for (const c of this.activeIn(ctx)) for (const k of c.keys) if (!map.has(k)) map.set(k, c);
      this.index.set(key, map);
    }
    return map.get(chord);
  }

  /** Keys bound to two commands in the same context (must be empty). */
  conflicts(): KeyConflict[] {
    const out: KeyConflict[] = [];
    const seen = new Set<string>();
    for (const ctx of ALL_CONTEXTS) {
      const owner = new Map<string, string>();
      for (const c of this.activeIn(ctx)) {
        for (const k of c.keys) {
          const other = owner.get(k);
          if (other === undefined) {
            owner.set(k, c.id);
            continue;
          }
          const id = `${k}|${[other, c.id].sort().join('|')}`;
          if (!seen.has(id)) {
            seen.add(id);
            out.push({ chord: k, a: other, b: c.id, context: contextName(ctx) });
          }
        }
      }
    }
    return out;
  }

  /** A registry with some commands' keys replaced. */
  withKeys(keys: ReadonlyMap<string, readonly string[]>): CommandRegistry {
    return new CommandRegistry(
      this.commands.map((c) => (keys.has(c.id) ? { ...c, keys: keys.get(c.id) ?? [] } : c)),
    );
  }

  /** A registry with more commands (the acting side adds sync, prune, rollback this way). */
  extend(more: readonly CommandSpec[]): CommandRegistry {
    return new CommandRegistry([...this.commands, ...more]);
  }
}
