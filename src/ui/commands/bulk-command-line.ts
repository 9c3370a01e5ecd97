/** The command line's bulk verbs: `:rollout APPSET label=v1,v2 [prune]` (a confirm listing the groups, then a
 * fleet rollout group by group) and `:select APPSET | outofsync | none` (marks for a bulk sync). */
import { isProductionCluster } from '../../state/selectors/fleet.js';
import { appSetMembers, clearMarks, toggleMarks } from '../../state/selection.js';
import { writeBlock } from '../../state/sync-dialog.js';
import { openDialog } from '../../state/ui-actions.js';
import type { AppView, ConfirmDialogState, ViewModel } from '../../state/types.js';
import type { CommandContext } from './context.js';

/** Verbs this file runs. */
export const BULK_VERBS = ['rollout', 'select'] as const;

type Say = (text: string, severity?: 'info' | 'warning' | 'danger') => void;

/** Runs a bulk verb; false when the verb is not one of them. */
export function runBulkCommand(
  verb: string,
  args: readonly string[],
  ctx: CommandContext,
  say: Say,
): boolean {
  if (verb === 'rollout') {
    rollout(args, ctx, say);
    return true;
  }
  if (verb === 'select') {
    select(args, ctx, say);
    return true;
  }
  return false;
}

/** App set names for completion. */
export function appSetNames(state: Pick<ViewModel, 'apps'>): string[] {
  return [...new Set(Object.values(state.apps).flatMap((a) => (a.appSet ? [a.appSet] : [])))].sort();
}

/** A parsed `label=v1,v2` order. */
interface Order {
  label: string;
  values: string[];
}

function parseOrder(text: string | undefined): Order | undefined {
  const m = /^([A-Za-z0-9_./-]+)=([^=\s]+)$/.exec(text ?? '');
  const values = (m?.[2] ?? '').split(',').filter((v) => v !== '');
  return m?.[1] && values.length > 0 ? { label: m[1], values } : undefined;
}

const ROLLOUT_USAGE =
  'rollout: :rollout APPSET label=v1,v2 [prune], e.g. :rollout guestbook env=staging,prod';

function rollout(args: readonly string[], ctx: CommandContext, say: Say): void {
  const [appSet, orderText, ...flags] = args;
  const order = parseOrder(orderText);
  const prune = flags.includes('prune') || flags.includes('--prune');
  if (!appSet || !order || flags.some((f) => f !== 'prune' && f !== '--prune'))
    return say(ROLLOUT_USAGE, 'warning');
  const state = ctx.store.getState();
  if (state.ui.readOnly) return say('Rollout: disabled (read-only mode (--readonly))', 'warning');
  const members = appSetMembers(state, appSet);
  if (members.length === 0)
    return say(`no app set named "${appSet}" (its apps carry the app set's name)`, 'warning');
  const dialog = rolloutDialog(state, appSet, order, prune, members);
  if (!dialog)
    return say(
      `no app of ${appSet} is on a cluster with ${order.label}=${order.values.join(' or ')}`,
      'warning',
    );
  ctx.store.setState((s) => openDialog(s, dialog));
}

/** The confirm of a rollout: its groups in order, what is skipped and why; on production with prune, the
 * cluster names to type. */
function rolloutDialog(
  state: ViewModel,
  appSet: string,
  order: Order,
  prune: boolean,
  members: readonly AppView[],
): ConfirmDialogState | undefined {
  const lines: string[] = [];
  const production = new Set<string>();
  let count = 0;
  for (const value of order.values) {
    const group = members.filter((a) => state.clusters[a.cluster]?.labels[order.label] === value);
    const named = group.map((a) => {
      const block = writeBlock(state, a);
      if (block === undefined && isProductionCluster(state.clusters[a.cluster])) production.add(a.cluster);
      if (block === undefined) count++;
      return block === undefined ? `${a.name}@${a.cluster}` : `${a.name}@${a.cluster} (skipped: ${block})`;
    });
    lines.push(`${order.label}=${value}: ${named.length > 0 ? named.join(', ') : 'no app'}`);
  }
  if (count === 0) return undefined;
  const outside = members.filter(
    (a) => !order.values.includes(state.clusters[a.cluster]?.labels[order.label] ?? ''),
  );
  if (outside.length > 0)
    lines.push(`not in the rollout: ${outside.map((a) => `${a.name}@${a.cluster}`).join(', ')}`);
  lines.push('Each group starts once the one before it is Synced and Healthy; a failure stops the rollout.');
  if (prune) lines.push('Prune: live objects no longer in Git are deleted.');
  const names = [...production].sort().join(',');
  const ask = prune && production.size > 0;
  if (ask)
    lines.push(
      `prune on production (${names}): type the cluster name${production.size > 1 ? 's, comma-separated' : ''}.`,
    );
  return {
    kind: 'confirm',
    title: `Roll out ${appSet} by ${order.label}: ${order.values.join(' → ')} (${count} apps)?`,
    lines,
    ...(ask ? { typeToConfirm: names } : {}),
    typed: '',
    danger: prune || production.size > 0,
    action: { type: 'rollout', appSet, order: `${order.label}=${order.values.join(',')}`, prune },
  };
}

function select(args: readonly string[], ctx: CommandContext, say: Say): void {
  const what = args[0] ?? '';
  const state = ctx.store.getState();
  if (what === '') return say('select: :select APPSET, :select outofsync or :select none', 'warning');
  if (what === 'none') {
    ctx.store.setState(clearMarks);
    return say('marks cleared');
  }
  const apps =
    what === 'outofsync'
      ? Object.values(state.apps).filter((a) => a.sync === 'OutOfSync')
      : appSetMembers(state, what);
  if (apps.length === 0)
    return say(what === 'outofsync' ? 'no app is OutOfSync' : `no app set named "${what}"`, 'warning');
  const ids = apps.map((a) => a.id);
  const marked = ids.every((id) => state.ui.selection[id]) ? ids.length : 0;
  ctx.store.setState((s) => (marked ? s : toggleMarks(s, ids).state));
  say(`${ids.length} apps marked (${what}); s syncs them, u clears`);
}
