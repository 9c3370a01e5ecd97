/** The operation screen, driven by patches: a running sync with waves and a hook, a failed one, a rollout, a
 * bulk sync; `t` asks before terminating and is disabled with the reason where writes are not allowed. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import type { OperationView, RolloutView } from '../../../../src/state/types.js';
import { ASCII_GLYPHS } from '../../../../src/ui/glyphs.js';
import { NOW } from '../../../fixtures/ui/fleet.js';
import { KEY, cursorRow, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const BILLING = 'prod-eu/billing';

/** A sync of billing 65 s in: the PreSync hook runs, the Sync phase waits in two waves. */
const running: OperationView = {
  appId: BILLING,
  id: 'op-7',
  kind: 'sync',
  phase: 'Running',
  revision: 'ffeeddccbbaa00998877665544332211ffeeddcc',
  initiator: 'ada@ops-1',
  startedAt: NOW - 65_000,
  step: { phase: 'PreSync', wave: 0 },
  waitingOn: ['Job/db-migrate'],
  dryRun: false,
  partial: false,
  mine: false,
  tasks: [
    {
      key: 'hook/Job/billing/db-migrate',
      kind: 'Job',
      namespace: 'billing',
      name: 'db-migrate',
      action: 'hook',
      phase: 'PreSync',
      wave: 0,
      status: 'running',
      message: 'pod db-migrate-x7k: Running',
    },
    {
      key: '/ConfigMap/billing/settings',
      kind: 'ConfigMap',
      namespace: 'billing',
      name: 'settings',
      action: 'update',
      phase: 'Sync',
      wave: 1,
      status: 'pending',
    },
    {
      key: 'apps/Deployment/billing/billing',
      kind: 'Deployment',
      namespace: 'billing',
      name: 'billing',
      action: 'update',
      phase: 'Sync',
      wave: -1,
      status: 'pending',
    },
  ],
};

/** The same sync, failed in the Sync phase. */
const failed: OperationView = {
  ...running,
  phase: 'Failed',
  finishedAt: NOW - 5_000,
  step: undefined,
  waitingOn: undefined,
  message: 'Deployment/billing: admission webhook denied the request',
  tasks: running.tasks.map((t) =>
    t.kind === 'Job'
      ? { ...t, status: 'succeeded', message: 'pod db-migrate-x7k: Completed' }
      : t.kind === 'Deployment'
        ? { ...t, status: 'failed', message: 'admission webhook denied the request' }
        : t,
  ),
};

async function openBilling(options: Parameters<typeof renderApp>[0] = {}) {
  const ui = renderApp({ columns: 100, rows: 30, ...options });
  await tick();
  await ui.press('o');
  await ui.waitFor((f) => f.includes('Operation of billing on prod-eu'));
  return ui;
}

describe('Operation pane', () => {
  it('follows the app on o, shows phase -> wave -> object with the hook pod, and releases it on Esc', async () => {
    const ui = await openBilling();
    expect(ui.calls).toEqual([['followOperation', BILLING]]);
    expect(ui.frame()).toContain('No operation known for this app yet');

    applyPatch(ui.store, { kind: 'operation', operation: running });
    const f = await ui.waitFor((fr) => fr.includes('db-migrate'));
    expect(f).toContain("sync Running  at ffeeddc  by ada@ops-1 (another operator's)  started 1m ago");
    expect(f).toContain('running for 1m');
    expect(f).toContain('PreSync wave 0  waiting on Job/db-migrate');
    expect(f).toMatch(/hook\s+Job\/db-migrate\s+↻ running\s+pod db-migrate-x7k: Running/);
    // Phases in the order a sync runs them, waves in ascending order under their phase.
    const order = [
      'PreSync',
      'wave 0',
      'Job/db-migrate',
      '│  Sync ',
      'wave -1',
      'Deployment/billing',
      'wave 1',
      'ConfigMap/settings',
    ];
    const list = f.slice(f.indexOf('› PreSync'));
    const at = order.map((text) => list.indexOf(text));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(f).toMatch(/PreSync\s+↻ running\s+0\/1 done/);
    expect(f).toMatch(/Sync\s+· pending\s+0\/2 done/);

    await ui.press('j');
    expect(cursorRow(ui.frame())).toContain('wave 0');
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('CLUSTER'));
    expect(ui.calls).toEqual([
      ['followOperation', BILLING],
      ['releaseOperation', BILLING],
    ]);
  });

  it('keeps following under help, and stops when the command line leaves for the fleet', async () => {
    const ui = await openBilling();
    await ui.press('?');
    await ui.waitFor((fr) => fr.includes('Terminate the running operation'));
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('Operation of billing on prod-eu'));
    await ui.press(':');
    await ui.type('fleet');
    await ui.press(KEY.enter);
    await ui.waitFor((fr) => fr.includes('CLUSTER'));
    expect(ui.calls).toEqual([
      ['followOperation', BILLING],
      ['releaseOperation', BILLING],
    ]);
  });

  it('shows a failed operation with its reason, and leaves its result on the app row', async () => {
    const ui = await openBilling();
    applyPatch(ui.store, { kind: 'operation', operation: failed });
    const f = await ui.waitFor((fr) => fr.includes('sync Failed'));
    expect(f).toContain('took 1m');
    expect(f).toContain('admission webhook denied the request');
    expect(f).toMatch(/Deployment\/billing\s+✗ failed/);
    expect(f).toMatch(/Job\/db-migrate\s+✓ succeeded\s+pod db-migrate-x7k: Completed/);
    expect(f).toMatch(/Sync\s+✗ failed\s+1\/2 done/);

    await ui.press('t');
    await ui.waitFor((fr) => fr.includes('Nothing to terminate'));
    expect(ui.store.getState().ui.dialog).toBeUndefined();

    await ui.press(KEY.escape);
    const fleet = await ui.waitFor((fr) => fr.includes('CLUSTER'));
    expect(fleet).toMatch(/OP/);
    expect(fleet.split('\n').find((l) => l.includes('billing'))).toMatch(/✗\s*│?\s*$/);
    expect(fleet.split('\n').find((l) => l.includes('ledger'))).not.toMatch(/[✗✓↻]\s*│?\s*$/);
  });

  it('t asks before terminating a running operation, and sends terminate once confirmed', async () => {
    const ui = await openBilling();
    applyPatch(ui.store, { kind: 'operation', operation: running });
    await ui.waitFor((fr) => fr.includes('db-migrate'));
    await ui.press('t');
    const dialog = await ui.waitFor((fr) => fr.includes('Terminate the sync of billing on prod-eu?'));
    expect(dialog).toContain('Another operator started it');
    expect(dialog).toContain('Running now: Job/db-migrate');
    expect(ui.store.getState().ui.dialog).toMatchObject({ action: { type: 'terminate', appId: BILLING } });
    expect(ui.calls.filter(([name]) => name === 'terminate')).toEqual([]);
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['terminate', BILLING]);
    expect(ui.store.getState().ui.dialog).toBeUndefined();
  });

  it('disables t with the reason: --readonly, a read-only cluster, an identity that may not write', async () => {
    const ro = await openBilling();
    applyPatch(ro.store, [
      { kind: 'operation', operation: running },
      { kind: 'readOnly', readOnly: true },
    ]);
    await ro.waitFor((fr) => fr.includes('db-migrate'));
    await ro.press('t');
    await ro.waitFor((fr) => fr.includes('disabled (read-only mode (--readonly))'));
    expect(ro.store.getState().ui.dialog).toBeUndefined();
    cleanup();

    const fleetRo = await openBilling();
    const prod = fleetRo.store.getState().clusters['prod-eu']!;
    applyPatch(fleetRo.store, [
      { kind: 'operation', operation: running },
      { kind: 'clusters', upsert: [{ ...prod, readOnly: true }] },
    ]);
    await fleetRo.waitFor((fr) => fr.includes('db-migrate'));
    await fleetRo.press('t');
    await fleetRo.waitFor((fr) => fr.includes('cluster prod-eu is read-only'));
    cleanup();

    // dev: the identity may not write there.
    const dev = renderApp({ columns: 100, rows: 30 });
    await tick();
    applyPatch(dev.store, { kind: 'operation', operation: { ...running, appId: 'dev/guestbook-dev' } });
    await dev.press('j', 'o');
    await dev.waitFor((fr) => fr.includes('Operation of guestbook-dev on dev'));
    expect(dev.frame()).toContain('t terminate(off)');
    await dev.press('t');
    await dev.waitFor((fr) => fr.includes('no write permission on cluster dev'));
    expect(dev.calls.map(([name]) => name)).toEqual(['followOperation']);
  });

  const rollout: RolloutView = {
    appSet: 'guestbook',
    order: 'env=staging,prod',
    phase: 'Running',
    message: 'group env=prod: 0 of 1 done',
    groups: [
      { value: 'staging', apps: [{ appId: 'staging/guestbook-staging', state: 'succeeded' }] },
      { value: 'prod', apps: [{ appId: 'prod-eu/guestbook-prod-eu', state: 'running' }] },
    ],
  };

  it('without an app: the rollout group by group and every operation, Enter opens one', async () => {
    const ui = renderApp({ columns: 100, rows: 30 });
    await tick();
    const prodOp: OperationView = {
      ...running,
      appId: 'prod-eu/guestbook-prod-eu',
      mine: true,
      step: { phase: 'Sync', wave: 0 },
      tasks: running.tasks.map((t) => (t.kind === 'Job' ? { ...t, status: 'succeeded' } : t)),
    };
    const stagingOp: OperationView = {
      ...failed,
      appId: 'staging/guestbook-staging',
      phase: 'Succeeded',
      message: undefined,
      mine: true,
      tasks: [],
    };
    applyPatch(ui.store, [
      { kind: 'rollout', rollout },
      { kind: 'operation', operation: prodOp },
      { kind: 'operation', operation: stagingOp },
    ]);
    await ui.press(KEY.tab, 'o');
    const f = await ui.waitFor((fr) => fr.includes('Rollout of guestbook, group by group'));
    expect(ui.calls).toEqual([]);
    expect(f).toContain('rollout guestbook by env=staging,prod  Running  group env=prod: 0 of 1 done');
    expect(f).toMatch(/env=staging\s+✓ succeeded\s+1\/1 done/);
    expect(f).toMatch(/env=prod\s+↻ running\s+0\/1 done/);
    expect(f).toMatch(/guestbook-prod-eu on prod-eu\s+↻ running\s+sync {2}1\/3 {2}Sync wave 0 {2}1m/);
    expect(f).toContain('2 operations, 1 running');
    expect(f).toMatch(
      /Operations, running first[^\n]*\n[^\n]*guestbook-prod-eu on prod-eu\s+↻ running[^\n]*\n[^\n]*guestbook-staging on staging\s+✓ succeeded/,
    );
    expect(f.indexOf('env=staging')).toBeLessThan(f.indexOf('env=prod'));
    // The cursor starts on the first row that can hold it (the heading cannot).
    expect(cursorRow(f)).toContain('env=staging');
    await ui.press('j', 'j', 'j', KEY.enter);
    await ui.waitFor((fr) => fr.includes('Operation of guestbook-prod-eu on prod-eu'));
    expect(ui.calls).toEqual([['followOperation', 'prod-eu/guestbook-prod-eu']]);
  });

  it('fits 80x24 with ASCII glyphs', async () => {
    const ui = renderApp({ columns: 80, rows: 24, glyphs: ASCII_GLYPHS });
    await tick();
    applyPatch(ui.store, { kind: 'operation', operation: { ...running, message: 'x'.repeat(200) } });
    await ui.press('o');
    const f = await ui.waitFor((fr) => fr.includes('Job/db-migrate'));
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(79);
    expect(f).toMatch(/hook\s+Job\/db-migrate\s+~ running/);
    // The pane's own lines (the shared app summary above it is Ink's to cut).
    expect(lines(f).slice(2).join('\n')).not.toMatch(/[^\x20-\x7e\n]/);
    expect(f).toContain('x~');
  });
});
