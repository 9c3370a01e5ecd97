/** The sync dialog: `s` shows the plan before anything is sent, every toggle asks for a new plan, a checklist
 * that leaves something out is marked partial, production asks for the cluster's name, read-only says why. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import { defaultSyncOptions } from '../../../../src/state/sync-dialog.js';
import type { PlanTaskView, PlanView, ResourceRow, SyncOptionsView } from '../../../../src/state/types.js';
import { KEY, cursorRow, lines, renderApp, tick } from '../helpers.js';
import type { IntentCall } from '../helpers.js';
import { diffs } from '../../../fixtures/ui/fleet.js';

afterEach(() => cleanup());

const SPACE = ' ';

const STAGING = 'staging/guestbook-staging';
const BILLING = 'prod-eu/billing';

const resources: ResourceRow[] = [
  {
    key: '/ConfigMap/guestbook/settings',
    kind: 'ConfigMap',
    namespace: 'guestbook',
    name: 'settings',
    sync: 'OutOfSync',
  },
  {
    key: 'apps/Deployment/guestbook/web',
    kind: 'Deployment',
    namespace: 'guestbook',
    name: 'web',
    sync: 'OutOfSync',
  },
  { key: '/Service/guestbook/web', kind: 'Service', namespace: 'guestbook', name: 'web', sync: 'Synced' },
];

const task = (r: ResourceRow, action: PlanTaskView['action'], wave = 0): PlanTaskView => ({
  key: r.key,
  kind: r.kind,
  namespace: r.namespace,
  name: r.name,
  action,
  phase: 'Sync',
  wave,
});

/** The plan the engine would send for these options (only checked resources; a partial sync runs no hooks). */
function planFor(appId: string, options: SyncOptionsView, extra: PlanTaskView[] = []): PlanView {
  const chosen = (key: string) => options.resources === undefined || options.resources.includes(key);
  const hook: PlanTaskView = {
    key: 'hook/PreSync/migrate',
    kind: 'Job',
    namespace: 'guestbook',
    name: 'migrate',
    action: 'hook',
    phase: 'PreSync',
    wave: 0,
  };
  const tasks: PlanTaskView[] = [
    hook,
    task(resources[0]!, 'update', 0),
    task(resources[1]!, 'update', 1),
    task(resources[2]!, 'unchanged', 1),
    ...extra,
  ].filter((t) => (t.action === 'hook' ? options.resources === undefined : chosen(t.key)));
  const counts: PlanView['counts'] = {};
  for (const t of tasks) counts[t.action] = (counts[t.action] ?? 0) + 1;
  return {
    appId,
    status: 'ready',
    revision: 'ffeeddccbbaa00998877665544332211ffeeddcc',
    partial: options.resources !== undefined,
    tasks,
    counts,
    needsConfirmation: [],
    problems: [],
    options,
  };
}

/** The App with the fixture fleet, guestbook-staging and billing carrying resource rows. */
async function setup(opts: { rows?: number; columns?: number } = {}) {
  const ui = renderApp({ rows: opts.rows ?? 30, columns: opts.columns ?? 100 });
  const withResources = Object.values(ui.store.getState().apps)
    .filter((a) => a.id === STAGING || a.id === BILLING)
    .map((a) => ({ ...a, resources }));
  applyPatch(ui.store, { kind: 'apps', upsert: withResources });
  await tick();
  return ui;
}

type Ui = Awaited<ReturnType<typeof setup>>;

/** Moves the app table's cursor to the app named `name`. */
async function cursorTo(ui: Ui, name: string): Promise<void> {
  await ui.press('g');
  for (let i = 0; i < 10 && !cursorRow(ui.frame())?.includes(name); i++) await ui.press('j');
  expect(cursorRow(ui.frame())).toContain(name);
}

const planCalls = (calls: IntentCall[]) => calls.filter((c) => c[0] === 'planSync');
const syncCalls = (calls: IntentCall[]) => calls.filter((c) => c[0] === 'sync');

/** Answers the last planSync of `appId` the way the engine would. */
function answer(ui: Ui, appId: string, extra: PlanTaskView[] = [], over: Partial<PlanView> = {}): void {
  const last = planCalls(ui.calls)
    .filter((c) => c[1] === appId)
    .at(-1);
  expect(last, `a planSync for ${appId}`).toBeDefined();
  applyPatch(ui.store, {
    kind: 'plan',
    plan: { ...planFor(appId, last![2] as SyncOptionsView, extra), ...over },
  });
}

describe('the sync dialog', () => {
  it('asks for the plan on s and lists each object with its action and the counts per wave, sending nothing', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s');
    await ui.waitFor((f) => f.includes('Sync guestbook-staging on staging'));
    expect(planCalls(ui.calls)).toEqual([['planSync', STAGING, defaultSyncOptions()]]);
    expect(ui.frame()).toContain('planning');
    // Before the plan: the app's resources, nothing planned for them yet.
    expect(ui.frame()).toMatch(/\[x\] -\s+ConfigMap\/guestbook\/settings/);
    answer(ui, STAGING);
    const f = await ui.waitFor((fr) => fr.includes('plan:'));
    expect(f).toMatch(/plan: update 2 │ hooks 1 │ unchanged 1/);
    expect(f).toMatch(/PreSync wave 0\s+hooks 1/);
    expect(f).toMatch(/Sync wave 0\s+update 1/);
    expect(f).toMatch(/Sync wave 1\s+update 1/);
    expect(f).toMatch(/\[x\] update\s+ConfigMap\/guestbook\/settings\s+Sync 0/);
    expect(f).toMatch(/\[x\] update\s+Deployment\/guestbook\/web\s+Sync 1/);
    expect(f).toMatch(/hook\s+Job\/guestbook\/migrate\s+PreSync 0/);
    expect(syncCalls(ui.calls)).toEqual([]);
  });

  it('re-plans on every toggle and shows no plan for options the user has since changed', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s');
    answer(ui, STAGING);
    await ui.waitFor((f) => f.includes('plan:'));
    await ui.press('p');
    expect(planCalls(ui.calls).at(-1)).toEqual([
      'planSync',
      STAGING,
      { ...defaultSyncOptions(), prune: true },
    ]);
    await ui.waitFor((f) => f.includes('p [x] prune') && f.includes('planning'));
    expect(ui.frame()).not.toMatch(/update\s+ConfigMap\/guestbook\/settings/);
    // Enter before the new plan is there sends nothing.
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([]);
    await ui.waitFor((f) => f.includes('still being computed'));
    answer(ui, STAGING, [
      {
        key: '/ConfigMap/guestbook/old',
        kind: 'ConfigMap',
        namespace: 'guestbook',
        name: 'old',
        action: 'prune',
        phase: 'Sync',
        wave: 0,
      },
    ]);
    await ui.waitFor((f) => /prune\s+ConfigMap\/guestbook\/old/.test(f));
    for (const [key, option] of [
      ['r', 'dryRun'],
      ['f', 'force'],
      ['R', 'replace'],
      ['O', 'onlyOutOfSync'],
    ] as const) {
      await ui.press(key);
      expect((planCalls(ui.calls).at(-1)?.[2] as SyncOptionsView)[option]).toBe(true);
    }
    expect(planCalls(ui.calls)).toHaveLength(6);
    await ui.waitFor((f) => f.includes('f [x] force') && f.includes('O [x] out-of-sync only'));
    // Off again.
    await ui.press('O');
    expect((planCalls(ui.calls).at(-1)?.[2] as SyncOptionsView).onlyOutOfSync).toBe(false);
  });

  it('sends the sync with a plain Enter off production, with the options shown', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s', 'r');
    answer(ui, STAGING);
    await ui.waitFor((f) => f.includes('DRY RUN') && f.includes('plan:'));
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([['sync', STAGING, { ...defaultSyncOptions(), dryRun: true }]]);
    expect(ui.store.getState().ui.dialog).toBeUndefined();
    await ui.waitFor((f) => f.includes('sync started (dry run): guestbook-staging on staging'));
  });

  it('marks a checklist that leaves an object out as partial and plans only the checked ones', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s');
    answer(ui, STAGING);
    await ui.waitFor((f) => f.includes('plan:'));
    expect(ui.frame()).not.toContain('PARTIAL');
    // The cursor starts on the hook, which cannot be left out.
    await ui.press(SPACE);
    await ui.waitFor((f) => f.includes('cannot be left out'));
    await ui.press('j', SPACE);
    const options = planCalls(ui.calls).at(-1)?.[2] as SyncOptionsView;
    expect(options.resources).toEqual(['apps/Deployment/guestbook/web', '/Service/guestbook/web']);
    answer(ui, STAGING);
    const f = await ui.waitFor((fr) => fr.includes('PARTIAL') && fr.includes('Deployment/guestbook/web'));
    expect(f).toMatch(/\[ \] -\s+ConfigMap\/guestbook\/settings\s+left out/);
    // Out of sync only: the Service is in sync and drops out; all: no restriction, no longer partial.
    await ui.press('o');
    expect((planCalls(ui.calls).at(-1)?.[2] as SyncOptionsView).resources?.sort()).toEqual([
      '/ConfigMap/guestbook/settings',
      'apps/Deployment/guestbook/web',
    ]);
    await ui.press('a');
    expect((planCalls(ui.calls).at(-1)?.[2] as SyncOptionsView).resources).toBeUndefined();
    answer(ui, STAGING);
    await ui.waitFor((fr) => !fr.includes('PARTIAL') && fr.includes('plan:'));
    const before = planCalls(ui.calls).length;
    await ui.press('n');
    expect(ui.store.getState().ui.dialog).toMatchObject({ options: { resources: [] } });
    // Nothing to plan: the engine would read an empty list as every resource.
    expect(planCalls(ui.calls)).toHaveLength(before);
    await ui.waitFor((fr) => fr.includes('Nothing checked'));
    await ui.press(KEY.enter);
    await ui.waitFor((fr) => fr.includes('No resource is checked'));
    expect(syncCalls(ui.calls)).toEqual([]);
  });

  it('shows the diff of the object under the cursor on d', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s');
    answer(ui, STAGING);
    await ui.waitFor((f) => f.includes('Deployment/guestbook/web'));
    await ui.press('j', 'j', 'd');
    expect(ui.calls).toContainEqual(['requestDiff', STAGING]);
    await ui.waitFor(
      (f) => f.includes('diff of Deployment/guestbook/web') && f.includes('computing the diff'),
    );
    applyPatch(ui.store, { kind: 'diff', app: STAGING, status: 'ready', resources: diffs });
    const f = await ui.waitFor((fr) => fr.includes('+    replicas: 5'));
    expect(f).toContain('-    replicas: 3');
    await ui.press('d');
    await ui.waitFor((fr) => !fr.includes('diff of'));
  });

  it('on production, blocks Enter for prune until the cluster name is typed exactly', async () => {
    const ui = await setup();
    await ui.press('s'); // the cursor starts on billing (prod-eu)
    await ui.waitFor((f) => f.includes('Sync billing on prod-eu PROD'));
    await ui.press('p');
    answer(ui, BILLING);
    await ui.waitFor((f) => f.includes('prune on production: Enter asks for the cluster name'));
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('Type prod-eu to confirm'));
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([]);
    await ui.type('prod-e');
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([]);
    expect(ui.store.getState().ui.dialog?.kind).toBe('confirm');
    await ui.type('u');
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([['sync', BILLING, { ...defaultSyncOptions(), prune: true }]]);
  });

  it('on production without prune, force or replace, confirms with a plain Enter', async () => {
    const ui = await setup();
    await ui.press('s');
    answer(ui, BILLING);
    await ui.waitFor((f) => f.includes('plan:'));
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([['sync', BILLING, defaultSyncOptions()]]);
  });

  it('lists deletions that need confirmation and sends them only once their names are typed', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s', 'p');
    const ns: PlanTaskView = {
      key: '/Namespace//legacy',
      kind: 'Namespace',
      name: 'legacy',
      action: 'prune',
      phase: 'Sync',
      wave: 0,
    };
    answer(ui, STAGING, [ns], { needsConfirmation: ['Namespace/legacy'] });
    const f = await ui.waitFor((fr) => fr.includes('need their names typed'));
    expect(f).toMatch(/prune\s+Namespace\/legacy\s+needs its name typed/);
    await ui.press(KEY.enter);
    await ui.waitFor((fr) => fr.includes('Type Namespace/legacy to confirm'));
    expect(ui.frame()).toContain('delete Namespace/legacy');
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([]);
    await ui.type('Namespace/legacy');
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([
      ['sync', STAGING, { ...defaultSyncOptions(), prune: true, confirmPrune: ['Namespace/legacy'] }],
    ]);
  });

  it('refuses to send a plan with problems, saying why', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s');
    answer(ui, STAGING, [], { problems: ['render failed: kustomization.yaml: unknown field'] });
    await ui.waitFor((f) => f.includes('cannot sync: render failed'));
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('guestbook-staging cannot be synced: render failed'));
    expect(syncCalls(ui.calls)).toEqual([]);
  });

  it('closes on Esc and sends nothing', async () => {
    const ui = await setup();
    await ui.press('s');
    answer(ui, BILLING);
    await ui.press(KEY.escape);
    expect(ui.store.getState().ui.dialog).toBeUndefined();
    await ui.waitFor((f) => f.includes('nothing was sent'));
    expect(syncCalls(ui.calls)).toEqual([]);
  });
});

describe('s where writes are not allowed', () => {
  it('in --readonly mode: disabled with that reason, no dialog and no plan', async () => {
    const ui = await setup();
    ui.store.setState((s) => ({ ...s, ui: { ...s.ui, readOnly: true } }));
    await ui.press('s');
    await ui.waitFor((f) => f.includes('Sync: plan, then confirm: disabled (read-only mode (--readonly))'));
    expect(ui.store.getState().ui.dialog).toBeUndefined();
    expect(ui.calls).toEqual([]);
  });

  it('on a read-only cluster and without write permission: each says which', async () => {
    const ui = await setup();
    ui.store.setState((s) => ({
      ...s,
      clusters: { ...s.clusters, staging: { ...s.clusters.staging!, readOnly: true } },
    }));
    await cursorTo(ui, 'guestbook-staging');
    await ui.press('s');
    await ui.waitFor((f) => f.includes('disabled (cluster staging is read-only (fleet file))'));
    await cursorTo(ui, 'guestbook-dev');
    await ui.press('s');
    await ui.waitFor((f) => f.includes('disabled (no write permission on cluster dev)'));
    expect(ui.store.getState().ui.dialog).toBeUndefined();
    expect(planCalls(ui.calls)).toEqual([]);
  });
});

describe('many apps at once', () => {
  it('marks apps with Space, lists them in one dialog with a plan each, sends them with one Enter and shows progress', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-staging');
    await ui.press(SPACE);
    await cursorTo(ui, 'ledger');
    await ui.press(SPACE);
    const table = await ui.waitFor((f) => f.includes('2 marked'));
    expect(lines(table).find((l) => l.includes('guestbook-staging'))).toContain('◆ guestbook-staging');
    await ui.press('s');
    await ui.waitFor((f) => f.includes('Sync 2 marked apps'));
    expect(
      planCalls(ui.calls)
        .map((c) => c[1])
        .sort(),
    ).toEqual(['staging/guestbook-staging', 'staging/ledger']);
    answer(ui, STAGING);
    const f = await ui.waitFor((fr) => fr.includes('update 2') && fr.includes('planning'));
    expect(f).toMatch(/ledger\s+staging.*planning/);
    await ui.press(KEY.enter);
    expect(syncCalls(ui.calls)).toEqual([]);
    answer(ui, 'staging/ledger');
    await ui.waitFor((fr) => !fr.includes('planning'));
    await ui.press(KEY.enter);
    expect(
      syncCalls(ui.calls)
        .map((c) => c[1])
        .sort(),
    ).toEqual(['staging/guestbook-staging', 'staging/ledger']);
    await ui.waitFor((fr) => fr.includes('Syncing 2 apps') && fr.includes('waiting for the engine'));
    applyPatch(ui.store, {
      kind: 'operation',
      operation: {
        appId: STAGING,
        id: 'op-1',
        kind: 'sync',
        phase: 'Running',
        startedAt: Date.now(),
        step: { phase: 'Sync', wave: 1 },
        dryRun: false,
        partial: false,
        tasks: [
          {
            key: 'a',
            kind: 'ConfigMap',
            name: 'settings',
            action: 'update',
            phase: 'Sync',
            wave: 0,
            status: 'succeeded',
          },
          {
            key: 'b',
            kind: 'Deployment',
            name: 'web',
            action: 'update',
            phase: 'Sync',
            wave: 1,
            status: 'running',
          },
        ],
        mine: true,
      },
    });
    await ui.waitFor((fr) => /guestbook-staging\s+staging.*Running Sync wave 1 1\/2/.test(fr));
    await ui.press(KEY.escape);
    expect(ui.store.getState().ui.dialog).toBeUndefined();
    expect(ui.frame()).not.toContain('nothing was sent');
  });

  it('skips marked apps whose cluster may not be written, naming why, and u clears the marks', async () => {
    const ui = await setup();
    await cursorTo(ui, 'guestbook-prod-eu');
    await ui.press('V');
    await ui.waitFor((f) => f.includes('marked 3 apps of app set guestbook'));
    // The cursor on an app whose cluster may not be written does not disable a sync of the marked apps.
    await cursorTo(ui, 'guestbook-dev');
    await ui.press('s');
    const f = await ui.waitFor((fr) => fr.includes('Sync 3 marked apps'));
    expect(f).toMatch(/guestbook-dev\s+dev.*skipped: no write permission on cluster dev/);
    expect(f).toContain('includes PROD');
    expect(
      planCalls(ui.calls)
        .map((c) => c[1])
        .sort(),
    ).toEqual(['prod-eu/guestbook-prod-eu', 'staging/guestbook-staging']);
    await ui.press(KEY.escape, 'u');
    await ui.waitFor((fr) => fr.includes('marks cleared') && !fr.includes('marked'));
    expect(ui.store.getState().ui.selection).toEqual({});
  });

  it(':rollout lists the groups in order and sends the rollout once confirmed', async () => {
    const ui = await setup();
    await ui.press(':');
    await ui.type('rollout guestbook env=staging,prod');
    await ui.press(KEY.enter);
    const f = await ui.waitFor((fr) => fr.includes('Roll out guestbook by env: staging → prod'));
    expect(f).toContain('env=staging: guestbook-staging@staging');
    expect(f).toContain('env=prod: guestbook-prod-eu@prod-eu');
    expect(f).toContain('not in the rollout: guestbook-dev@dev');
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['rollout', 'guestbook', 'env=staging,prod', { prune: false }]);
  });

  it(':rollout with prune touching production asks for the cluster name', async () => {
    const ui = await setup();
    await ui.press(':');
    await ui.type('rollout guestbook env=staging,prod prune');
    await ui.press(KEY.enter);
    await ui.waitFor((fr) => fr.includes('Type prod-eu to confirm'));
    await ui.press(KEY.enter);
    expect(ui.calls.filter((c) => c[0] === 'rollout')).toEqual([]);
    await ui.type('prod-eu');
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['rollout', 'guestbook', 'env=staging,prod', { prune: true }]);
  });
});

describe('fit', () => {
  it('fits 80×24 with ASCII-safe brackets and keeps its keys on screen', async () => {
    const ui = await setup({ columns: 80, rows: 24 });
    // At 80 columns the name column cuts it to `guestbook-sta…`.
    await cursorTo(ui, 'guestbook-sta');
    await ui.press('s');
    answer(ui, STAGING);
    const f = await ui.waitFor((fr) => fr.includes('plan:'));
    const rows = lines(f);
    expect(rows.length).toBeLessThanOrEqual(23);
    for (const r of rows) expect([...r].length).toBeLessThanOrEqual(80);
    expect(f).toContain('Enter sync');
    expect(f).toContain('p [ ] prune');
  });
});
