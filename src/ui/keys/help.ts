/** Help rows for a pane, generated from the registry (the `?` screen). */
import { compileFilter } from '../../state/filter.js';
import { describeScopes } from './docs.js';
import { displayChord } from './chord.js';
import type { CommandCategory, CommandRegistry, KeyContext, WriteContext } from './registry.js';
import { disabledReason } from './registry.js';

/** A line of the help screen. */
export type HelpRow =
  | { kind: 'section'; key: string; label: string }
  | {
      kind: 'command';
      key: string;
      id: string;
      keys: string;
      description: string;
      where: string;
      disabled?: string;
    };

const ORDER: readonly CommandCategory[] = [
  'Navigation',
  'App',
  'Actions',
  'Views',
  'Filter and command line',
  'General',
];

/** Help for a context: its commands by category, disabled ones with the reason. */
export function helpRows(
  registry: CommandRegistry,
  ctx: KeyContext,
  write: WriteContext,
  ascii: boolean,
  filterText?: string,
): HelpRow[] {
  const filter = compileFilter(filterText);
  const active = registry.activeIn(ctx);
  const rows: HelpRow[] = [];
  for (const category of ORDER) {
    const cmds = active.filter(
      (c) => c.category === category && filter.test(`${c.id} ${c.description} ${c.keys.join(' ')}`),
    );
    if (cmds.length === 0) continue;
    rows.push({ kind: 'section', key: `section:${category}`, label: category });
    for (const c of cmds) {
      rows.push({
        kind: 'command',
        key: c.id,
        id: c.id,
        keys: c.keys.length === 0 ? '(unbound)' : c.keys.map((k) => displayChord(k, ascii)).join(', '),
        description: c.description,
        where: describeScopes(c.scopes),
        disabled: disabledReason(c, write),
      });
    }
  }
  return rows;
}
