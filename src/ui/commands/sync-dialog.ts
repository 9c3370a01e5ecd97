/** What the sync dialog's keys do: `s` opens it and asks for a plan; every toggle or checklist change asks for
 * a new plan; Enter sends (or asks for a typed name first); `d` shows the diff of the object under the cursor. */
import { selectTopScreen } from '../../state/selectors/detail.js';
import { markedApps } from '../../state/selection.js';
import {
  decideSync,
  isPartial,
  openSyncDialog,
  outOfSyncKeys,
  presetResources,
  resourceUniverse,
  sendableApps,
  setSyncCursor,
  syncDialogOf,
  toggleResource,
  toggleSyncDiff,
  toggleSyncOption,
  writeBlock,
} from '../../state/sync-dialog.js';
import type { ResourcePreset, SyncToggle } from '../../state/sync-dialog.js';
import { closeDialog, openDialog, setMessage } from '../../state/ui-actions.js';
import type { AppDetail, SyncDialogState, ViewModel } from '../../state/types.js';
import { planRows } from '../render/plan-rows.js';
import type { CommandContext, CommandHandler } from './context.js';
import { startSync } from './sync-run.js';
import { selectedAppId } from './targets.js';

const warn = (ctx: CommandContext, text: string): void =>
  ctx.store.setState((s) => setMessage(s, { text, severity: 'warning' }));

/** Asks for the plan of every app of the open dialog that may be synced, with the dialog's options. */
function replan(ctx: CommandContext): void {
  const state = ctx.store.getState();
  const dialog = syncDialogOf(state);
  // Nothing checked: nothing to plan (the engine reads an empty list as "every resource").
  if (!dialog || dialog.options.resources?.length === 0) return;
  for (const app of sendableApps(state, dialog)) ctx.intents.planSync(app.id, dialog.options);
}

/** The apps `s` means: on the fleet with marks, the marked apps; else the app under the cursor or on screen. */
function syncTargets(state: ViewModel): string[] {
  const marked = markedApps(state);
  if (selectTopScreen(state).id === 'fleet' && marked.length > 0) return marked.map((a) => a.id);
  const id = selectedAppId(state);
  return id === undefined ? [] : [id];
}

/** `s`: opens the sync dialog (read-only mode, a read-only cluster or no write permission: says which, nothing else). */
export const openSync: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const ids = syncTargets(state);
  const apps = ids.map((id) => state.apps[id]).filter((a) => a !== undefined);
  if (apps.length === 0) return;
  const blocks = apps.map((a) => writeBlock(state, a));
  const firstBlock = blocks.find((b) => b !== undefined);
  if (blocks.every((b) => b !== undefined) && firstBlock !== undefined)
    return warn(ctx, `Sync: disabled (${firstBlock})`);
  ctx.store.setState((s) => forgetPlans(openSyncDialog(s, ids), ids));
  replan(ctx);
};

/** Plans left from an earlier dialog are not shown as this one's. */
function forgetPlans(state: ViewModel, ids: readonly string[]): ViewModel {
  const plans = { ...state.plans };
  for (const id of ids) delete plans[id];
  return { ...state, plans };
}

/** A handler acting on the open, not yet sent sync dialog. */
function onDialog(run: (ctx: CommandContext, dialog: SyncDialogState) => void): CommandHandler {
  return (ctx) => {
    const dialog = syncDialogOf(ctx.store.getState());
    if (!dialog) return;
    if (dialog.sentAt !== undefined) return warn(ctx, 'Already sent: Esc or Enter closes; the syncs go on.');
    run(ctx, dialog);
  };
}

/** A toggle key: flips the option and asks for the new plan. */
export function toggleOption(toggle: SyncToggle): CommandHandler {
  return onDialog((ctx) => {
    ctx.store.setState((s) => toggleSyncOption(s, toggle));
    replan(ctx);
  });
}

/** The one app of a one-app dialog, or a message saying the checklist is per app. */
function singleApp(ctx: CommandContext, dialog: SyncDialogState): string | undefined {
  if (dialog.appIds.length === 1) return dialog.appIds[0];
  warn(ctx, 'The resource checklist is per app: sync one app (no marks) to choose its resources.');
  return undefined;
}

/** A checklist preset key (all / out of sync / none). */
export function presetChecklist(preset: ResourcePreset): CommandHandler {
  return onDialog((ctx, dialog) => {
    const id = singleApp(ctx, dialog);
    if (id === undefined) return;
    const state = ctx.store.getState();
    const app = state.apps[id];
    const plan = state.plans[id];
    ctx.store.setState((s) =>
      presetResources(s, preset, resourceUniverse(app, plan), outOfSyncKeys(app, plan)),
    );
    replan(ctx);
  });
}

/** Space: checks or unchecks the object under the cursor (hooks cannot be left out). */
export const checkResource: CommandHandler = onDialog((ctx, dialog) => {
  const id = singleApp(ctx, dialog);
  if (id === undefined) return;
  const state = ctx.store.getState();
  const rows = currentRows(state, dialog);
  const row = rows.find((r) => r.key === (dialog.cursor ?? rows[0]?.key));
  if (!row) return;
  if (row.checked === undefined) return warn(ctx, 'A hook runs with the sync; it cannot be left out.');
  const universe = resourceUniverse(state.apps[id], state.plans[id]);
  ctx.store.setState((s) => toggleResource(s, row.key, universe));
  if (isPartial(syncDialogOf(ctx.store.getState())?.options ?? dialog.options))
    ctx.store.setState((s) =>
      setMessage(s, {
        text: 'Partial sync: no hooks run, and it is not recorded as a full sync.',
        severity: 'info',
      }),
    );
  replan(ctx);
});

/** The rows the cursor moves over: objects of a one-app dialog, apps of a bulk one. */
export function currentRows(state: ViewModel, dialog: SyncDialogState): { key: string; checked?: boolean }[] {
  if (dialog.appIds.length !== 1) return dialog.appIds.map((key) => ({ key }));
  const id = dialog.appIds[0] as string;
  const app = state.apps[id];
  const plan = state.plans[id];
  return planRows(app, plan, dialog.options, resourceUniverse(app, plan));
}

/** j/k in the dialog (also while a bulk sync shows its progress). */
export function moveSyncCursor(by: 1 | -1): CommandHandler {
  return (ctx) => {
    const state = ctx.store.getState();
    const dialog = syncDialogOf(state);
    if (!dialog) return;
    const keys = currentRows(state, dialog).map((r) => r.key);
    if (keys.length === 0) return;
    const at = Math.max(0, keys.indexOf(dialog.cursor ?? keys[0] ?? ''));
    const next = keys[Math.min(Math.max(at + by, 0), keys.length - 1)];
    ctx.store.setState((s) => setSyncCursor(s, next));
  };
}

/** d: the diff of the object under the cursor, fetched for the dialog's app when not loaded. */
export const toggleDiff: CommandHandler = onDialog((ctx, dialog) => {
  const id = singleApp(ctx, dialog);
  if (id === undefined) return;
  const state = ctx.store.getState();
  const cursor = dialog.cursor ?? currentRows(state, dialog)[0]?.key;
  ctx.store.setState((s) => toggleSyncDiff(dialog.cursor === undefined ? setSyncCursor(s, cursor) : s));
  if (syncDialogOf(ctx.store.getState())?.showDiffOf === undefined) return;
  const diff = state.detail?.appId === id ? state.detail.diff : undefined;
  if (diff && diff.status !== 'error') return;
  ctx.store.setState((s) => withDiffLoading(s, id));
  ctx.intents.requestDiff(id);
});

/** Makes the dialog's app the detail the diff answer lands in (only when no screen shows another app). */
function withDiffLoading(state: ViewModel, appId: string): ViewModel {
  const current = state.detail;
  if (current && current.appId !== appId) return state;
  const base: AppDetail = current ?? {
    appId,
    status: 'loading',
    resources: [],
    events: [],
    loadingChildren: {},
  };
  return {
    ...state,
    detail: { ...base, diff: { status: 'loading', resources: base.diff?.resources ?? [] } },
  };
}

/** Enter: sends, asks for a typed name first, or says what is missing. After a bulk sync was sent: closes. */
export const acceptSync: CommandHandler = (ctx) => {
  const state = ctx.store.getState();
  const dialog = syncDialogOf(state);
  if (!dialog) return;
  if (dialog.sentAt !== undefined) return ctx.store.setState(closeDialog);
  const decision = decideSync(state, dialog);
  if (decision.kind === 'refuse') return warn(ctx, decision.reason);
  if (decision.kind === 'confirm') return ctx.store.setState((s) => openDialog(s, decision.dialog));
  ctx.store.setState(closeDialog);
  startSync(ctx, decision.action);
};
