/** Renders docs/keybindings.md from the registry, so the reference never drifts from the real keys. */
import { displayChord } from './chord.js';
import type { CommandCategory, CommandRegistry, Scope } from './registry.js';

const CATEGORY_ORDER: readonly CommandCategory[] = [
  'Navigation',
  'App',
  'Actions',
  'Views',
  'Filter and command line',
  'General',
  'Prompt',
  'Dialog',
];

const SCOPE_WORDS: Record<Scope, string> = {
  global: 'everywhere',
  prompt: 'prompt',
  fleet: 'fleet screen',
  app: 'app screen',
  drift: 'drift screen',
  repo: 'repo screen',
  history: 'history screen',
  help: 'help',
  operation: 'operation screen',
  actions: 'action log',
  'fleet.apps': 'app table',
  'fleet.matrix': 'matrix',
  'fleet.clusters': 'cluster strip',
  'app.tree': 'resource tree',
  'app.events': 'events',
  'drift.diff': 'diff',
  'repo.commits': 'commits',
  'history.list': 'history entries',
  'history.diff': 'history diff',
  'help.list': 'help',
  'operation.steps': 'operation',
  'actions.list': 'action log',
  dialog: 'every dialog',
  'dialog.confirm': 'confirm dialog',
  'dialog.text': 'text dialog',
  'dialog.sync': 'sync dialog',
};

/** Words for where a command applies. */
export function describeScopes(scopes: readonly Scope[]): string {
  if (scopes.length >= 8) return 'every list';
  return [...new Set(scopes.map((s) => SCOPE_WORDS[s]))].join(', ');
}

/** The whole markdown file. */
export function renderKeybindingsMarkdown(registry: CommandRegistry): string {
  const out: string[] = [
    '# Key bindings',
    '',
    '<!-- Generated from the command registry (src/ui/keys/commands.ts) by `npx tsx src/ui/keys/gen-docs.ts`. Do not edit. -->',
    '',
    'Every key in flotilla is a command in one registry; the footer hints, the `?` help and this page',
    'are generated from it. Keys follow k9s. `?` in the TUI shows the commands of the focused pane.',
    '',
  ];
  for (const category of CATEGORY_ORDER) {
    const commands = registry.commands.filter((c) => c.category === category);
    if (commands.length === 0) continue;
    out.push(`## ${category}`, '', '| Keys | Command | Description | Where |', '| --- | --- | --- | --- |');
    for (const c of commands) {
      const keys =
        c.keys.length === 0 ? '(unbound)' : c.keys.map((k) => `\`${displayChord(k, true)}\``).join(' ');
      const mutates = c.mutates ? ' **(changes the cluster; disabled when read-only)**' : '';
      out.push(
        `| ${keys} | \`${c.id}\` | ${c.description.replace(/\|/g, '\\|')}${mutates} | ${describeScopes(c.scopes)} |`,
      );
    }
    out.push('');
  }
  out.push(
    '## Command line',
    '',
    '`:` opens the command line; Tab completes verbs and names.',
    '',
    '| Command | Does |',
    '| --- | --- |',
    '| `:app NAME` | open an app (by name or id; several matches filter the table instead) |',
    "| `:cluster NAME` | show only that cluster's apps; `:cluster` or `:cluster all` shows all |",
    '| `:theme NAME` | switch theme (built-in or from the user theme directory) |',
    '| `:group none\\|cluster\\|appset` | group the app table |',
    '| `:matrix`, `:fleet` | app × cluster matrix / back to the table |',
    '| `:rollout APPSET label=v1,v2 [prune]` | confirm, then roll the app set out group by group (`:rollout web env=staging,prod`); with prune on production, the cluster names are typed |',
    "| `:select APPSET\\|outofsync\\|none` | mark an app set's apps, every OutOfSync app, or none, for one bulk sync (`s`) |",
    '| `:help` | help for the focused pane |',
    '| `:q`, `:quit` | quit |',
    '',
    '## Changing keys',
    '',
    'Put overrides in `$XDG_CONFIG_HOME/flotilla/keys.yaml` (`~/.config/flotilla/keys.yaml` when',
    '`XDG_CONFIG_HOME` is unset): a map of command id to one key or a list of keys; `[]` unbinds.',
    '',
    '```yaml',
    'nav.down: [j, down]',
    'app.diff: [D, ctrl+d]',
    'app.commits: []',
    '```',
    '',
    'Keys are written as a single character (`j`, `G`, `/`, `]`), a name (`enter`, `escape`, `tab`,',
    '`shift+tab`, `space`, `backspace`, `up`, `down`, `left`, `right`, `pageup`, `pagedown`, `home`,',
    '`end`) or `ctrl+LETTER`. An unknown command id, a key that is not a key, or a key already used by',
    'another command in the same pane is reported with the file and line at start-up, and that command',
    'keeps its default keys; flotilla never refuses to start because of this file.',
    '',
  );
  return out.join('\n');
}
