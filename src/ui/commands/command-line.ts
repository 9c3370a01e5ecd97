/** The `:` command line: completion and execution of `app`, `cluster`, `theme`, `group`, `matrix`, `fleet`, `help`, `q`,
 * and the bulk verbs `rollout` and `select` (./bulk-command-line.ts). */
import type { ViewModel } from '../../state/types.js';
import {
  focusPane,
  openApp,
  openHelp,
  setClusterScope,
  setFilter,
  setGrouping,
  setMatrix,
  setMessage,
  setThemeName,
} from '../../state/ui-actions.js';
import { appSetNames, BULK_VERBS, runBulkCommand } from './bulk-command-line.js';
import type { CommandContext } from './context.js';
import { backToFleet } from './navigation.js';

/** Verbs the command line knows, in the order completion offers them. */
const VERBS = [
  'app',
  'cluster',
  'theme',
  'group',
  'matrix',
  'fleet',
  'help',
  'q',
  'quit',
  ...BULK_VERBS,
] as const;

const GROUPINGS = { none: 'none', cluster: 'cluster', appset: 'appSet' } as const;

/** Names completion draws from. */
interface CompletionSource {
  apps: readonly string[];
  clusters: readonly string[];
  themes: readonly string[];
  appSets?: readonly string[];
}

/** The completion source for a state and theme list. */
export function completionSource(
  state: Pick<ViewModel, 'apps' | 'clusters'>,
  themes: readonly string[],
): CompletionSource {
  const apps = new Set<string>();
  for (const a of Object.values(state.apps)) apps.add(a.name);
  return {
    apps: [...apps].sort(),
    clusters: ['all', ...Object.keys(state.clusters).sort()],
    themes,
    appSets: appSetNames(state),
  };
}

/** Candidates for the word being typed. */
export function suggestions(text: string, source: CompletionSource): string[] {
  const m = /^\s*(\S*)(\s+)?(.*)$/.exec(text);
  const verb = m?.[1] ?? '';
  if (!m?.[2]) return VERBS.filter((v) => v.startsWith(verb));
  const arg = (m[3] ?? '').trim();
  const pool = argumentPool(verb, source);
  return pool.filter((p) => p.toLowerCase().startsWith(arg.toLowerCase()));
}

function argumentPool(verb: string, source: CompletionSource): readonly string[] {
  switch (verb) {
    case 'app':
      return source.apps;
    case 'cluster':
      return source.clusters;
    case 'theme':
      return source.themes;
    case 'group':
      return Object.keys(GROUPINGS);
    case 'rollout':
      return source.appSets ?? [];
    case 'select':
      return ['none', 'outofsync', ...(source.appSets ?? [])];
    default:
      return [];
  }
}

/** Tab: completes to the only candidate, or to the longest common prefix of several. */
export function complete(text: string, source: CompletionSource): string {
  const options = suggestions(text, source);
  if (options.length === 0) return text;
  const hasArg = /^\s*\S+\s+/.test(text);
  const head = hasArg ? (/^\s*\S+\s+/.exec(text)?.[0] ?? '') : '';
  if (options.length === 1) {
    const only = options[0] as string;
    return hasArg
      ? `${head}${only}`
      : `${only}${argumentPool(only, source).length > 0 || only === 'group' ? ' ' : ''}`;
  }
  const prefix = commonPrefix(options);
  const typed = hasArg ? text.slice(head.length) : text.trim();
  return prefix.length > typed.length ? `${head}${prefix}` : text;
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Runs a command line. Problems become a message; nothing throws. */
export function runCommandLine(text: string, ctx: CommandContext): void {
  const [verb = '', ...rest] = text.trim().split(/\s+/);
  const arg = rest.join(' ');
  const { store } = ctx;
  const say = (t: string, severity: 'info' | 'warning' | 'danger' = 'info'): void =>
    store.setState((s) => setMessage(s, { text: t, severity }));
  switch (verb) {
    case '':
      return;
    case 'q':
    case 'quit':
      ctx.quit();
      return;
    case 'app':
      openAppByName(arg, ctx, say);
      return;
    case 'cluster':
      scopeCluster(arg, ctx, say);
      return;
    case 'theme':
      switchTheme(arg, ctx, say);
      return;
    case 'group': {
      const g = GROUPINGS[arg.toLowerCase() as keyof typeof GROUPINGS];
      if (!g) return say(`group: expected none, cluster or appset`, 'warning');
      backToFleet(ctx);
      store.setState((s) => setGrouping(setMatrix(s, false), g));
      return;
    }
    case 'matrix':
    case 'fleet':
      backToFleet(ctx);
      store.setState((s) => setMatrix(s, verb === 'matrix'));
      return;
    case 'help':
      store.setState(openHelp);
      return;
    default:
      if (runBulkCommand(verb, rest, ctx, say)) return;
      say(`unknown command ":${verb}" (commands: ${VERBS.join(', ')})`, 'warning');
  }
}

function openAppByName(
  name: string,
  ctx: CommandContext,
  say: (t: string, s?: 'info' | 'warning' | 'danger') => void,
): void {
  if (name === '') return say('app: which app? (Tab completes)', 'warning');
  const apps = Object.values(ctx.store.getState().apps);
  const byId = apps.find((a) => a.id === name);
  const matches = byId ? [byId] : apps.filter((a) => a.name === name);
  if (matches.length === 0) return say(`no app named "${name}"`, 'warning');
  backToFleet(ctx);
  if (matches.length > 1) {
    ctx.store.setState((s) =>
      focusPane(setFilter(setMatrix(s, false), 'apps', `^${escapeRegex(name)} `), 'fleet', 'fleet.apps'),
    );
    return say(`${matches.length} apps named "${name}": the table shows them all`);
  }
  const id = (matches[0] as { id: string }).id;
  ctx.store.setState((s) => openApp(s, id));
  ctx.intents.requestAppDetail(id);
}

function scopeCluster(
  name: string,
  ctx: CommandContext,
  say: (t: string, s?: 'info' | 'warning' | 'danger') => void,
): void {
  if (name === '' || name === 'all') {
    backToFleet(ctx);
    ctx.store.setState((s) => setClusterScope(s, undefined));
    return;
  }
  if (!ctx.store.getState().clusters[name]) return say(`no cluster named "${name}"`, 'warning');
  backToFleet(ctx);
  ctx.store.setState((s) =>
    focusPane(setClusterScope(s, name), 'fleet', s.ui.matrix ? 'fleet.matrix' : 'fleet.apps'),
  );
}

function switchTheme(
  name: string,
  ctx: CommandContext,
  say: (t: string, s?: 'info' | 'warning' | 'danger') => void,
): void {
  if (name === '') return say(`themes: ${ctx.themes.names().join(', ')}`);
  const loaded = ctx.themes.load(name);
  // The outcome first: the reason may be long and the line is cut at the window's width.
  if (loaded.errors.length > 0)
    return say(`keeping ${ctx.store.getState().ui.theme}: ${loaded.errors[0] ?? 'theme error'}`, 'danger');
  ctx.store.setState((s) => setThemeName(s, name));
  say(`theme ${name}`);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
