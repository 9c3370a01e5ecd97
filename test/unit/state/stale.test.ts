/** When the monitor stops, every row is marked stale at once; each row's next report clears its mark. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyPatch,
  createFlotillaStore,
  createPatchCoalescer,
  openApp,
  openDrift,
  type FlotillaStore,
} from '../../../src/state/index.js';
import { NOW, app, apps, clusters } from '../../fixtures/ui/fleet.js';

const reason = 'the monitor stopped: out of memory; restarting in 1 s';

function loaded(): FlotillaStore {
  const store = createFlotillaStore();
  applyPatch(store, [
    { kind: 'clusters', upsert: clusters },
    { kind: 'apps', upsert: apps },
  ]);
  return store;
}

const staleMarks = (rows: Record<string, { stale?: string }>) => Object.values(rows).map((r) => r.stale);

describe('the stale patch', () => {
  it('marks every cluster and app in one update and raises one danger alert', () => {
    const store = loaded();
    let updates = 0;
    store.subscribe(() => updates++);
    applyPatch(store, { kind: 'stale', reason }, { now: NOW });
    const state = store.getState();
    expect(updates).toBe(1);
    expect(staleMarks(state.clusters)).toEqual(clusters.map(() => reason));
    expect(staleMarks(state.apps)).toEqual(apps.map(() => reason));
    expect(state.apps[apps[0]!.id]?.sync).toBe(apps[0]!.sync); // the last known state stays visible
    expect(state.alerts).toEqual([expect.objectContaining({ severity: 'danger', text: reason, time: NOW })]);
  });

  it('fails what the open app still waits for, since the dead monitor will not answer', () => {
    const store = loaded();
    const id = apps[0]!.id;
    store.setState((s) => openDrift(openApp(s, id), id));
    store.setState((s) => ({
      ...s,
      detail: { ...s.detail!, loadingChildren: { 'apps/Deployment/x/y': true } },
    }));
    applyPatch(store, { kind: 'stale', reason });
    expect(store.getState().detail).toMatchObject({
      appId: id,
      status: 'error',
      error: reason,
      loadingChildren: {},
      diff: { status: 'error', error: reason },
    });
  });

  it('leaves answers already in place alone', () => {
    const store = loaded();
    const id = apps[0]!.id;
    store.setState((s) => openApp(s, id));
    applyPatch(store, { kind: 'appDetail', app: id, status: 'ready', resources: [], events: [] });
    applyPatch(store, { kind: 'stale', reason });
    expect(store.getState().detail).toMatchObject({ status: 'ready', error: undefined });
  });

  it('is cleared row by row as the next reports arrive', () => {
    const store = loaded();
    applyPatch(store, { kind: 'stale', reason });
    const first = apps[0]!;
    applyPatch(store, [
      { kind: 'apps', upsert: [{ ...first, sync: 'OutOfSync' }] },
      { kind: 'clusters', upsert: [clusters[0]!] },
    ]);
    const state = store.getState();
    expect(state.apps[first.id]?.sync).toBe('OutOfSync');
    expect(state.apps[first.id]?.stale).toBeUndefined();
    expect(state.clusters[clusters[0]!.name]?.stale).toBeUndefined();
    expect(state.apps[apps[1]!.id]?.stale).toBe(reason);
    expect(state.clusters[clusters[1]!.name]?.stale).toBe(reason);
  });
});

describe('the stale patch in the coalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies at once, after the rows queued before it and before the rows queued after it', () => {
    const store = loaded();
    const c = createPatchCoalescer(store, { intervalMs: 100 });
    c.push({ kind: 'apps', upsert: [app('late', 'dev')] }); // the dead worker's last report
    c.push({ kind: 'stale', reason });
    expect(store.getState().apps['dev/late']?.stale).toBe(reason);
    c.push({ kind: 'apps', upsert: [app('late', 'dev', { driftCount: 3 })] }); // the new worker's first
    expect(store.getState().apps['dev/late']?.stale).toBe(reason);
    vi.advanceTimersByTime(100);
    expect(store.getState().apps['dev/late']?.driftCount).toBe(3);
    expect(store.getState().apps['dev/late']?.stale).toBeUndefined();
  });
});
