import { describe, expect, it } from 'vitest';
import { applyPatch, createFlotillaStore, openApp, openDrift } from '../../../src/state/index.js';
import {
  NOW,
  app,
  apps,
  clusters,
  deploymentChildren,
  diffs,
  events,
  tree,
} from '../../fixtures/ui/fleet.js';

describe('applyPatch', () => {
  it('upserts, removes and replaces clusters and apps', () => {
    const store = createFlotillaStore();
    applyPatch(store, [
      { kind: 'clusters', upsert: clusters },
      { kind: 'apps', upsert: apps },
    ]);
    expect(Object.keys(store.getState().clusters)).toHaveLength(3);
    expect(Object.keys(store.getState().apps)).toHaveLength(5);

    applyPatch(store, { kind: 'apps', remove: ['staging/ledger'] });
    expect(store.getState().apps['staging/ledger']).toBeUndefined();

    applyPatch(store, { kind: 'apps', upsert: [app('solo', 'dev')], replace: true });
    expect(Object.keys(store.getState().apps)).toEqual(['dev/solo']);
  });

  it('applies a list of patches with a single store update', () => {
    const store = createFlotillaStore();
    let updates = 0;
    store.subscribe(() => updates++);
    applyPatch(store, [
      { kind: 'clusters', upsert: clusters },
      { kind: 'apps', upsert: apps },
      { kind: 'readOnly', readOnly: true },
    ]);
    expect(updates).toBe(1);
    expect(store.getState().ui.readOnly).toBe(true);
  });

  it('raises an alert when a known app turns Degraded, not when it is first seen', () => {
    const store = createFlotillaStore();
    applyPatch(store, { kind: 'apps', upsert: apps }, { now: NOW });
    expect(store.getState().alerts).toEqual([]);
    const before = apps[0]!;
    applyPatch(
      store,
      { kind: 'apps', upsert: [{ ...before, health: 'Degraded', healthMessage: 'CrashLoopBackOff' }] },
      { now: NOW },
    );
    const [alert] = store.getState().alerts;
    expect(alert).toMatchObject({ severity: 'danger', app: before.id, time: NOW, acknowledged: false });
    expect(alert?.text).toContain('turned Degraded: CrashLoopBackOff');
  });

  it('raises alerts when a cluster becomes unreachable and when it recovers', () => {
    const store = createFlotillaStore();
    applyPatch(store, { kind: 'clusters', upsert: clusters });
    const prod = clusters[0]!;
    applyPatch(store, {
      kind: 'clusters',
      upsert: [{ ...prod, reachable: false, lastError: 'connection refused' }],
    });
    applyPatch(store, { kind: 'clusters', upsert: [prod] });
    expect(store.getState().alerts.map((a) => [a.severity, a.text])).toEqual([
      ['danger', 'cluster prod-eu unreachable: connection refused'],
      ['info', 'cluster prod-eu reachable again'],
    ]);
  });

  it('accepts detail patches only for the open app (stale answers are dropped)', () => {
    const store = createFlotillaStore({ apps: Object.fromEntries(apps.map((a) => [a.id, a])) });
    store.setState((s) => openApp(s, 'staging/guestbook-staging'));
    applyPatch(store, { kind: 'appDetail', app: 'prod-eu/billing', status: 'ready', resources: tree });
    expect(store.getState().detail).toMatchObject({
      appId: 'staging/guestbook-staging',
      status: 'loading',
      resources: [],
    });

    applyPatch(store, {
      kind: 'appDetail',
      app: 'staging/guestbook-staging',
      status: 'ready',
      resources: tree,
      events,
    });
    expect(store.getState().detail?.resources).toHaveLength(2);
    expect(store.getState().detail?.events).toHaveLength(3);
  });

  it('sets loaded children and keeps them across a refreshed tree', () => {
    const store = createFlotillaStore();
    store.setState((s) => openApp(s, 'a'));
    applyPatch(store, { kind: 'appDetail', app: 'a', status: 'ready', resources: tree });
    applyPatch(store, {
      kind: 'resourceChildren',
      app: 'a',
      resource: tree[0]!.key,
      children: deploymentChildren,
    });
    expect(store.getState().detail?.resources[0]?.children).toEqual(deploymentChildren);
    applyPatch(store, {
      kind: 'appDetail',
      app: 'a',
      resources: tree.map((n) => ({ ...n, message: 'refreshed' })),
    });
    expect(store.getState().detail?.resources[0]).toMatchObject({
      message: 'refreshed',
      children: deploymentChildren,
    });
  });

  it('stores the diff of the open app', () => {
    const store = createFlotillaStore();
    store.setState((s) => openDrift(s, 'a'));
    expect(store.getState().detail?.diff?.status).toBe('loading');
    applyPatch(store, { kind: 'diff', app: 'a', status: 'ready', resources: diffs });
    expect(store.getState().detail?.diff).toEqual({ status: 'ready', error: undefined, resources: diffs });
  });

  it('stores engine alerts and pending commits', () => {
    const store = createFlotillaStore();
    applyPatch(store, [
      { kind: 'alert', alert: { severity: 'warning', text: 'token expires in 5 minutes', cluster: 'dev' } },
      {
        kind: 'commits',
        app: 'x',
        pending: { repo: 'r', ref: 'main', deployedSha: 'a', tipSha: 'b', commits: [] },
      },
    ]);
    expect(store.getState().alerts[0]?.text).toBe('token expires in 5 minutes');
    expect(store.getState().pending.x?.tipSha).toBe('b');
    applyPatch(store, { kind: 'commits', app: 'x', pending: null });
    expect(store.getState().pending.x).toBeUndefined();
  });

  it("keeps the open history when another app's history arrives unasked", () => {
    const store = createFlotillaStore();
    const entry = (id: number) => ({
      id,
      sha: 'a'.repeat(40),
      deployedAt: 1_700_000_000_000,
      initiator: 'ops@host',
      kind: 'sync' as const,
      result: 'Succeeded' as const,
      partial: false,
      attempts: 1,
    });
    applyPatch(store, { kind: 'history', history: { appId: 'dev/a', status: 'ready', entries: [entry(1)] } });
    applyPatch(store, { kind: 'history', history: { appId: 'dev/b', status: 'ready', entries: [entry(7)] } });
    expect(store.getState().history?.appId).toBe('dev/a');
    expect(store.getState().history?.entries.map((e) => e.id)).toEqual([1]);
    applyPatch(store, { kind: 'history', history: { appId: 'dev/a', status: 'ready', entries: [entry(2)] } });
    expect(store.getState().history?.entries.map((e) => e.id)).toEqual([2]);
  });
});
