/**
 * The sync dialog's state transitions, pure: open it for one app or a marked set, flip its toggles, pick
 * resources, move its cursor, and decide what Enter does (send, ask for a typed name, or refuse and say why).
 * Every change of options is a new plan to ask for; the command handlers send `planSync` after each.
 */
import { isProductionCluster } from './selectors/fleet.js';
import { closeDialog, openDialog } from './ui-actions.js';
import type {
  AppView,
  ConfirmDialogState,
  DialogAction,
  PlanView,
  SyncDialogState,
  SyncOptionsView,
  ViewModel,
} from './types.js';

/** The boolean options the dialog toggles. */
export type SyncToggle = 'prune' | 'dryRun' | 'force' | 'replace' | 'onlyOutOfSync';

/** The checklist presets: every resource, only those out of sync, none. */
export type ResourcePreset = 'all' | 'outOfSync' | 'none';

/** A sync's options before the user changes anything: apply everything, delete nothing. */
export function defaultSyncOptions(): SyncOptionsView {
  return { prune: false, dryRun: false, force: false, replace: false, onlyOutOfSync: false };
}

/** Opens the sync dialog for these apps (one, or the marked ones) with the default options. */
export function openSyncDialog(state: ViewModel, appIds: readonly string[]): ViewModel {
  return openDialog(state, { kind: 'sync', appIds: [...appIds], options: defaultSyncOptions() });
}

/** The open sync dialog, if the dialog on screen is one. */
export function syncDialogOf(state: ViewModel): SyncDialogState | undefined {
  const d = state.ui.dialog;
  return d?.kind === 'sync' ? d : undefined;
}

function withSyncDialog(state: ViewModel, change: (d: SyncDialogState) => SyncDialogState): ViewModel {
  const d = syncDialogOf(state);
  return d ? { ...state, ui: { ...state.ui, dialog: change(d) } } : state;
}

/** Flips one option; the plan for the old options no longer applies. */
export function toggleSyncOption(state: ViewModel, toggle: SyncToggle): ViewModel {
  return withSyncDialog(state, (d) => ({ ...d, options: { ...d.options, [toggle]: !d.options[toggle] } }));
}

/** Every resource key the checklist offers for an app: its resources, then planned objects it does not list. */
export function resourceUniverse(app: AppView | undefined, plan: PlanView | undefined): string[] {
  const keys = (app?.resources ?? []).map((r) => r.key);
  const seen = new Set(keys);
  for (const t of plan?.tasks ?? [])
    if (t.action !== 'hook' && !seen.has(t.key)) {
      seen.add(t.key);
      keys.push(t.key);
    }
  return keys;
}

/** Resources of the app that are not in sync (what "out of sync" in the checklist picks). */
export function outOfSyncKeys(app: AppView | undefined, plan: PlanView | undefined): string[] {
  const keys = new Set((app?.resources ?? []).filter((r) => r.sync !== 'Synced').map((r) => r.key));
  for (const t of plan?.tasks ?? [])
    if (t.action === 'create' || t.action === 'update' || t.action === 'prune') keys.add(t.key);
  return [...keys];
}

/** Normalises a resource list: every key of the universe (in any order) means "no restriction". */
function restriction(keys: readonly string[], universe: readonly string[]): string[] | undefined {
  const chosen = new Set(keys);
  return universe.length > 0 && universe.every((k) => chosen.has(k))
    ? undefined
    : universe.filter((k) => chosen.has(k));
}

/** Applies a checklist preset to a one-app dialog. */
export function presetResources(
  state: ViewModel,
  preset: ResourcePreset,
  universe: readonly string[],
  outOfSync: readonly string[],
): ViewModel {
  const keys = preset === 'all' ? universe : preset === 'none' ? [] : outOfSync;
  return withSyncDialog(state, (d) => ({
    ...d,
    options: withResources(d.options, restriction(keys, universe)),
  }));
}

/** Adds or removes one resource from a one-app dialog's checklist. */
export function toggleResource(state: ViewModel, key: string, universe: readonly string[]): ViewModel {
  return withSyncDialog(state, (d) => {
    const current = new Set(d.options.resources ?? universe);
    if (current.has(key)) current.delete(key);
    else current.add(key);
    return { ...d, options: withResources(d.options, restriction([...current], universe)) };
  });
}

function withResources(options: SyncOptionsView, resources: string[] | undefined): SyncOptionsView {
  const { resources: _old, ...rest } = options;
  return resources === undefined ? rest : { ...rest, resources };
}

/** True when the checklist leaves some resource out: a partial sync (no hooks, not recorded as full). */
export function isPartial(options: SyncOptionsView): boolean {
  return options.resources !== undefined;
}

/** Whether a resource is checked. */
export function isChecked(options: SyncOptionsView, key: string): boolean {
  return options.resources === undefined || options.resources.includes(key);
}

/** Moves the cursor to another row (task key, or app id in a bulk dialog); the diff follows it when shown. */
export function setSyncCursor(state: ViewModel, cursor: string | undefined): ViewModel {
  return withSyncDialog(state, (d) => ({
    ...d,
    cursor,
    ...(d.showDiffOf !== undefined ? { showDiffOf: cursor } : {}),
  }));
}

/** Shows the diff of the row under the cursor, or hides it. */
export function toggleSyncDiff(state: ViewModel): ViewModel {
  return withSyncDialog(state, (d) => {
    if (d.showDiffOf !== undefined) {
      const { showDiffOf: _hidden, ...rest } = d;
      return rest;
    }
    return d.cursor === undefined ? d : { ...d, showDiffOf: d.cursor };
  });
}

/** Marks a bulk dialog as sent: it stays open to show each app's progress. */
export function markSyncSent(state: ViewModel, at: number): ViewModel {
  return withSyncDialog(state, (d) => ({ ...d, sentAt: at }));
}

/** What Enter in the sync dialog leads to. */
export type SyncDecision =
  /** Nothing can be sent yet; the reason in plain words. */
  | { kind: 'refuse'; reason: string }
  /** Send now: a plain confirm (Enter) was enough. */
  | { kind: 'send'; action: Extract<DialogAction, { type: 'sync' }> }
  /** A name must be typed first: the confirm dialog to open in place of the sync dialog. */
  | { kind: 'confirm'; dialog: ConfirmDialogState };

/** Why an app may not be synced from here (the three reasons the UI names), or undefined when it may. */
export function writeBlock(state: ViewModel, app: AppView): string | undefined {
  if (state.ui.readOnly) return 'read-only mode (--readonly)';
  const c = state.clusters[app.cluster];
  if (!c) return undefined;
  if (c.readOnly) return `cluster ${c.name} is read-only (fleet file)`;
  if (!c.canWrite) return `no write permission on cluster ${c.name}`;
  if (!c.reachable) return `cluster ${c.name} is unreachable`;
  return undefined;
}

/** The apps of a dialog that will be sent (those whose cluster may be written). */
export function sendableApps(state: ViewModel, dialog: SyncDialogState): AppView[] {
  return dialog.appIds
    .map((id) => state.apps[id])
    .filter((a): a is AppView => a !== undefined && writeBlock(state, a) === undefined);
}

/** Decides what Enter does: every plan must be ready and runnable; on production, prune, force and replace
 * need the cluster's name typed; prunes that need a confirmation need their names typed. */
export function decideSync(state: ViewModel, dialog: SyncDialogState): SyncDecision {
  const apps = sendableApps(state, dialog);
  if (apps.length === 0) return { kind: 'refuse', reason: 'No app here may be synced (see each app).' };
  if (dialog.options.resources?.length === 0)
    return { kind: 'refuse', reason: 'No resource is checked: check some (a: all) or Esc to cancel.' };
  const tokens: string[] = [];
  for (const app of apps) {
    const plan = state.plans[app.id];
    if (!plan || plan.status === 'loading' || !planMatches(plan, dialog.options))
      return {
        kind: 'refuse',
        reason: `The plan of ${app.name} is still being computed: Enter again once it shows.`,
      };
    if (plan.status === 'error')
      return { kind: 'refuse', reason: `No plan for ${app.name}: ${plan.error ?? 'planning failed'}.` };
    if (plan.problems.length > 0) return { kind: 'refuse', reason: problemReason(app, plan, dialog.options) };
    for (const t of plan.needsConfirmation) if (!tokens.includes(t)) tokens.push(t);
  }
  const options = tokens.length > 0 ? { ...dialog.options, confirmPrune: tokens } : dialog.options;
  const action = { type: 'sync' as const, appIds: apps.map((a) => a.id), options };
  const risky = riskyOptions(dialog.options);
  const production = [
    ...new Set(apps.filter((a) => isProductionCluster(state.clusters[a.cluster])).map((a) => a.cluster)),
  ].sort();
  const askCluster = risky.length > 0 && production.length > 0;
  if (!askCluster && tokens.length === 0) return { kind: 'send', action };
  const typeToConfirm = [...(askCluster ? [production.join(',')] : []), ...tokens].join(' ');
  return {
    kind: 'confirm',
    dialog: confirmDialog(apps, action, { risky, production, askCluster, tokens, typeToConfirm }),
  };
}

/** True when the plan's dry run met fields another field manager owns (a hand edit): force takes them over. */
export function needsForce(plan: PlanView, options: SyncOptionsView): boolean {
  return !options.force && plan.problems.some((p) => /turn on Force/i.test(p));
}

/** Why a plan with problems cannot be sent, the way out first (the bottom line is cut at the window's width). */
function problemReason(app: AppView, plan: PlanView, options: SyncOptionsView): string {
  if (needsForce(plan, options))
    return `${app.name}: someone else changed fields this sync sets (a hand edit): press f (force) to take them back.`;
  return `${app.name} cannot be synced: ${plan.problems[0] ?? ''}`;
}

/** The options that need the cluster's name typed on production. */
export function riskyOptions(options: SyncOptionsView): string[] {
  return [options.prune && 'prune', options.force && 'force', options.replace && 'replace'].filter(
    (x): x is string => typeof x === 'string',
  );
}

function confirmDialog(
  apps: readonly AppView[],
  action: Extract<DialogAction, { type: 'sync' }>,
  why: {
    risky: string[];
    production: string[];
    askCluster: boolean;
    tokens: string[];
    typeToConfirm: string;
  },
): ConfirmDialogState {
  const target = apps.length === 1 ? `${apps[0]?.name} on ${apps[0]?.cluster}` : `${apps.length} apps`;
  const lines: string[] = [];
  if (why.askCluster)
    lines.push(
      `${why.risky.join(', ')} on production (${why.production.join(', ')}): type the cluster name${why.production.length > 1 ? 's, comma-separated' : ''}.`,
    );
  if (why.tokens.length > 0) {
    lines.push('These objects are deleted only when named (Namespace, CRD, PVC or Prune=confirm):');
    for (const t of why.tokens) lines.push(`  delete ${t}`);
  }
  if (apps.length > 1) lines.push(`Apps: ${apps.map((a) => `${a.name}@${a.cluster}`).join(', ')}`);
  return {
    kind: 'confirm',
    title: `Sync ${target}${action.options.dryRun ? ' (dry run)' : ''}?`,
    lines,
    typeToConfirm: why.typeToConfirm,
    typed: '',
    danger: true,
    action,
  };
}

/** True when a plan answers these options (a plan for options the user has since changed is not shown). */
export function planMatches(plan: PlanView, options: SyncOptionsView): boolean {
  const key = (o: SyncOptionsView): string =>
    JSON.stringify([
      o.prune,
      o.dryRun,
      o.force,
      o.replace,
      o.onlyOutOfSync,
      o.resources ? [...o.resources].sort() : null,
    ]);
  return key(plan.options) === key(options);
}

/** Closes the sync dialog (after sending, or on Esc). */
export function closeSyncDialog(state: ViewModel): ViewModel {
  return syncDialogOf(state) ? closeDialog(state) : state;
}
