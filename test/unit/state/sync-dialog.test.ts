/** What Enter in the sync dialog decides, and the checklist's transitions, without Ink. */
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/state/patch.js';
import { createFlotillaStore } from '../../../src/state/store.js';
import {
  decideSync,
  defaultSyncOptions,
  openSyncDialog,
  presetResources,
  syncDialogOf,
  toggleResource,
  toggleSyncOption,
} from '../../../src/state/sync-dialog.js';
import type { PlanView, SyncOptionsView, ViewModel } from '../../../src/state/types.js';
import { waveCounts } from '../../../src/ui/render/plan-rows.js';
import { app, cluster } from '../../fixtures/ui/fleet.js';

function fleet(): ViewModel {
  const store = createFlotillaStore();
  applyPatch(store, [
    {
      kind: 'clusters',
      upsert: [
        cluster('eu', { labels: { env: 'prod' } }),
        cluster('us', { labels: { env: 'production' } }),
        cluster('lab', { labels: { env: 'dev' } }),
        cluster('ro', { readOnly: true }),
      ],
    },
    { kind: 'apps', upsert: [app('web', 'eu'), app('web', 'us'), app('web', 'lab'), app('web', 'ro')] },
  ]);
  return store.getState();
}

function plan(appId: string, options: SyncOptionsView, over: Partial<PlanView> = {}): PlanView {
  return {
    appId,
    status: 'ready',
    partial: false,
    tasks: [],
    counts: { update: 1 },
    needsConfirmation: [],
    problems: [],
    options,
    ...over,
  };
}

function withPlans(state: ViewModel, plans: PlanView[]): ViewModel {
  return { ...state, plans: Object.fromEntries(plans.map((p) => [p.appId, p])) };
}

describe('decideSync', () => {
  it('sends at once off production, and on production without prune, force or replace', () => {
    for (const id of ['lab/web', 'eu/web']) {
      const s = withPlans(openSyncDialog(fleet(), [id]), [plan(id, defaultSyncOptions())]);
      expect(decideSync(s, syncDialogOf(s)!)).toEqual({
        kind: 'send',
        action: { type: 'sync', appIds: [id], options: defaultSyncOptions() },
      });
    }
  });

  it('asks for every production cluster name of a bulk sync with force, comma-separated, and skips a read-only cluster', () => {
    const ids = ['eu/web', 'us/web', 'lab/web', 'ro/web'];
    let s = toggleSyncOption(openSyncDialog(fleet(), ids), 'force');
    const options = syncDialogOf(s)!.options;
    s = withPlans(
      s,
      ['eu/web', 'us/web', 'lab/web'].map((id) => plan(id, options)),
    );
    const d = decideSync(s, syncDialogOf(s)!);
    expect(d.kind).toBe('confirm');
    if (d.kind !== 'confirm') return;
    expect(d.dialog.typeToConfirm).toBe('eu,us');
    expect(d.dialog.action).toEqual({ type: 'sync', appIds: ['eu/web', 'us/web', 'lab/web'], options });
    expect(d.dialog.danger).toBe(true);
  });

  it('refuses while a plan answers older options, or is missing, or has problems', () => {
    let s = openSyncDialog(fleet(), ['lab/web']);
    expect(decideSync(s, syncDialogOf(s)!)).toMatchObject({ kind: 'refuse', reason: /still being computed/ });
    s = withPlans(toggleSyncOption(s, 'prune'), [plan('lab/web', defaultSyncOptions())]);
    expect(decideSync(s, syncDialogOf(s)!)).toMatchObject({ kind: 'refuse', reason: /still being computed/ });
    s = withPlans(s, [plan('lab/web', syncDialogOf(s)!.options, { problems: ['render failed'] })]);
    expect(decideSync(s, syncDialogOf(s)!)).toMatchObject({
      kind: 'refuse',
      reason: /cannot be synced: render failed/,
    });
  });

  it('says how to take back fields a hand edit owns when the dry run found a conflict', () => {
    let s = openSyncDialog(fleet(), ['lab/web']);
    const conflict =
      'ConfigMap web/settings: Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.LIMIT Another field manager (a hand edit, another tool) owns these fields: turn on Force to take them over.';
    s = withPlans(s, [plan('lab/web', defaultSyncOptions(), { problems: [conflict] })]);
    expect(decideSync(s, syncDialogOf(s)!)).toMatchObject({ kind: 'refuse', reason: /press f \(force\)/ });
  });

  it('asks for the names of guarded prunes and sends them as confirmations', () => {
    let s = toggleSyncOption(openSyncDialog(fleet(), ['lab/web']), 'prune');
    s = withPlans(s, [
      plan('lab/web', syncDialogOf(s)!.options, { needsConfirmation: ['PersistentVolumeClaim/web/data'] }),
    ]);
    const d = decideSync(s, syncDialogOf(s)!);
    expect(d).toMatchObject({
      kind: 'confirm',
      dialog: {
        typeToConfirm: 'PersistentVolumeClaim/web/data',
        action: { options: { prune: true, confirmPrune: ['PersistentVolumeClaim/web/data'] } },
      },
    });
  });
});

describe('the resource checklist', () => {
  const universe = ['a', 'b', 'c'];

  it('keeps "every resource" as no restriction, and a partial choice as the list', () => {
    let s = openSyncDialog(fleet(), ['lab/web']);
    s = toggleResource(s, 'b', universe);
    expect(syncDialogOf(s)!.options.resources).toEqual(['a', 'c']);
    s = toggleResource(s, 'b', universe);
    expect(syncDialogOf(s)!.options.resources).toBeUndefined();
    s = presetResources(s, 'outOfSync', universe, ['c']);
    expect(syncDialogOf(s)!.options.resources).toEqual(['c']);
    s = presetResources(s, 'none', universe, ['c']);
    expect(syncDialogOf(s)!.options.resources).toEqual([]);
    s = presetResources(s, 'all', universe, ['c']);
    expect(syncDialogOf(s)!.options).toEqual(defaultSyncOptions());
  });
});

describe('waveCounts', () => {
  it('counts per phase and wave in run order, prunes apart, unchanged objects left out', () => {
    const t = (
      action: 'create' | 'update' | 'prune' | 'hook' | 'unchanged',
      phase: 'PreSync' | 'Sync',
      wave: number,
    ) => ({
      key: `${action}${wave}`,
      kind: 'ConfigMap',
      name: 'x',
      action,
      phase,
      wave,
    });
    expect(
      waveCounts([
        t('hook', 'PreSync', 0),
        t('create', 'Sync', 0),
        t('update', 'Sync', 0),
        t('unchanged', 'Sync', 1),
        t('prune', 'Sync', 2),
      ]),
    ).toEqual([
      { label: 'PreSync wave 0', counts: { hook: 1 } },
      { label: 'Sync wave 0', counts: { create: 1, update: 1 } },
      { label: 'prune', counts: { prune: 1 } },
    ]);
  });
});
