/** Worker messages become store patches; the UI's intents become worker requests. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectStore, lifecyclePatch, toPatch } from '../../../src/bridge/bridge.js';
import type { AppSummary, ClusterSummary } from '../../../src/engine/monitor/index.js';
import type {
  MonitorWorker,
  WorkerLifecycle,
  WorkerMessage,
  WorkerRequest,
} from '../../../src/engine/workers/index.js';
import { createFlotillaStore } from '../../../src/state/index.js';

const app: AppSummary = {
  name: 'shop',
  cluster: 'one',
  namespace: 'shop',
  repo: 'deploy',
  ref: 'main',
  sha: 'a'.repeat(40),
  commitTime: 1_700_000_000_000,
  sync: 'OutOfSync',
  health: 'Degraded',
  healthMessage: 'Deployment shop: progress deadline exceeded',
  driftCount: 2,
  autoSync: { enabled: true, prune: false, selfHeal: true },
  resources: [
    {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'shop',
      sync: 'Missing',
      health: 'Missing',
      message: 'Not found',
    },
  ],
  problems: ['Cluster one: may not list secrets'],
};

function fakeWorker() {
  const sent: WorkerRequest[] = [];
  let listener: (m: WorkerMessage) => void = () => {};
  let lifecycle: (e: WorkerLifecycle) => void = () => {};
  const worker: MonitorWorker = {
    send: (r) => void sent.push(r),
    onMessage: (fn) => void (listener = fn),
    onLifecycle: (fn) => void (lifecycle = fn),
    stop: async () => {},
  };
  return {
    worker,
    sent,
    emit: (m: WorkerMessage) => listener(m),
    crash: (e: WorkerLifecycle) => lifecycle(e),
  };
}

describe('bridge', () => {
  it('maps an app summary to a row: Missing resources count as out of sync, problems join the message', () => {
    const patch = toPatch({ type: 'monitor', event: { type: 'app', app } });
    expect(patch).toMatchObject({
      kind: 'apps',
      upsert: [
        { id: 'shop', revision: { sha: app.sha, ref: 'main', commitTime: app.commitTime }, driftCount: 2 },
      ],
    });
    const row = patch?.kind === 'apps' ? patch.upsert?.[0] : undefined;
    expect(row?.resources?.[0]).toMatchObject({ key: 'apps/Deployment/shop/shop', sync: 'OutOfSync' });
    expect(row?.healthMessage).toBe(
      'Deployment shop: progress deadline exceeded; Cluster one: may not list secrets',
    );
  });

  it('carries automation onto the auto-sync policy: who paused and why, the sync error, the next attempt', () => {
    const paused = toPatch({
      type: 'monitor',
      event: {
        type: 'app',
        app: {
          ...app,
          automation: {
            state: 'paused',
            message: 'paused',
            pause: {
              by: 'bob',
              host: 'ops',
              at: '2026-12-03T10:00:00.000Z',
              reason: 'rollback to #4',
              source: 'rollback',
            },
          },
        },
      },
    });
    const pausedRow = paused?.kind === 'apps' ? paused.upsert?.[0] : undefined;
    expect(pausedRow?.autoSync).toEqual({
      enabled: true,
      prune: false,
      selfHeal: true,
      pausedReason: 'paused by bob (ops) at 2026-12-03 10:00: rollback to #4',
    });
    const failing = toPatch({
      type: 'monitor',
      event: {
        type: 'app',
        app: {
          ...app,
          automation: { state: 'waiting', message: 'retry 1 of 5', error: 'hook failed', nextAttemptAt: 5 },
        },
      },
    });
    const failingRow = failing?.kind === 'apps' ? failing.upsert?.[0] : undefined;
    expect(failingRow?.autoSync).toMatchObject({ syncError: 'hook failed', nextAttemptAt: 5 });
  });

  it('turns a failed request into an error on that view, or an alert', () => {
    expect(toPatch({ type: 'failed', request: 'diff', app: 'shop', message: 'boom' })).toEqual({
      kind: 'diff',
      app: 'shop',
      status: 'error',
      error: 'boom',
    });
    expect(toPatch({ type: 'failed', request: 'refresh', message: 'the monitor stopped' })).toEqual({
      kind: 'alert',
      alert: { severity: 'warning', text: 'the monitor stopped' },
    });
  });

  it('applies answers at once and batches background updates', async () => {
    const { worker, sent, emit } = fakeWorker();
    const store = createFlotillaStore();
    const intents = connectStore(worker, store, { intervalMs: 50 });
    emit({ type: 'monitor', event: { type: 'app', app } });
    expect(store.getState().apps.shop).toBeUndefined();
    await new Promise((r) => setTimeout(r, 120));
    expect(store.getState().apps.shop?.sync).toBe('OutOfSync');

    intents.requestDiff('shop');
    intents.refresh({ cluster: 'one' });
    expect(sent).toEqual([
      { type: 'diff', app: 'shop' },
      { type: 'refresh', target: { cluster: 'one' } },
    ]);
  });

  it('shapes tree nodes into rows: the key from the identity, Missing and Extraneous shown as out of sync', () => {
    const patch = toPatch({
      type: 'detail',
      app: 'shop',
      resources: [
        {
          identity: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
          sync: 'Missing',
          expandable: false,
        },
        { identity: { group: '', kind: 'Namespace', namespace: '', name: 'shop' }, expandable: false },
      ],
      events: [],
    });
    expect(patch).toMatchObject({
      kind: 'appDetail',
      resources: [
        {
          key: 'apps/Deployment/shop/web',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          sync: 'OutOfSync',
        },
        { key: '/Namespace//shop', kind: 'Namespace', name: 'shop' },
      ],
    });
    const rows = patch?.kind === 'appDetail' ? (patch.resources ?? []) : [];
    expect(rows[1]).not.toHaveProperty('namespace');
    expect(rows[1]).not.toHaveProperty('sync');
  });

  it('says what a sync would do with an object that has no diff text, and splits diffs into lines', () => {
    const id = (name: string) => ({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'shop', name });
    const patch = toPatch({
      type: 'diff',
      app: 'shop',
      resources: [
        { identity: id('new'), status: 'Missing' },
        { identity: id('old'), status: 'Extraneous' },
        { identity: id('changed'), status: 'OutOfSync', diff: '--- live\n+++ git\n-a\n+b\n' },
      ],
    });
    const lines = patch?.kind === 'diff' ? patch.resources?.map((r) => [r.key, r.lines]) : [];
    expect(lines).toEqual([
      ['/ConfigMap/shop/new', ['Missing: ConfigMap shop/new would be created']],
      ['/ConfigMap/shop/old', ['Extraneous: ConfigMap shop/old would be pruned']],
      ['/ConfigMap/shop/changed', ['--- live', '+++ git', '-a', '+b']],
    ]);
  });

  it('asks for the children of a row by the identity its key names, and files the answer under that key', () => {
    const { worker, sent, emit } = fakeWorker();
    const store = createFlotillaStore();
    const intents = connectStore(worker, store);
    intents.requestChildren('shop', 'apps/Deployment/shop/web');
    intents.requestChildren('shop', 'not a key');
    const resource = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };
    expect(sent).toEqual([{ type: 'children', app: 'shop', resource }]);
    expect(toPatch({ type: 'children', app: 'shop', resource, children: [] })).toMatchObject({
      kind: 'resourceChildren',
      resource: 'apps/Deployment/shop/web',
    });
    emit({ type: 'stopped' });
  });

  it('maps a repo summary to a row: the last error in plain words, and links apps to their repo', () => {
    const patch = toPatch({
      type: 'monitor',
      event: {
        type: 'repo',
        repo: {
          name: 'deploy',
          url: 'https://git.example/deploy.git',
          tips: { main: 'a'.repeat(40) },
          lastPolled: 1_700_000_000_000,
          lastError: { code: 'git.unreachable', message: 'connection refused', hint: 'check the server' },
          failures: 2,
        },
      },
    });
    expect(patch).toEqual({
      kind: 'repos',
      upsert: [
        {
          name: 'deploy',
          url: 'https://git.example/deploy.git',
          tips: { main: 'a'.repeat(40) },
          lastPolled: 1_700_000_000_000,
          lastError: 'connection refused',
          failures: 2,
        },
      ],
    });
    const row = toPatch({ type: 'monitor', event: { type: 'app', app } });
    expect(row?.kind === 'apps' && row.upsert?.[0]?.repo).toBe('deploy');
  });

  it('masks credentials in a failed request before it reaches the screen', () => {
    expect(
      toPatch({ type: 'failed', request: 'refresh', message: 'GET https://bob:pw@git.example/x' }),
    ).toEqual({
      kind: 'alert',
      alert: { severity: 'warning', text: 'GET https://***@git.example/x' },
    });
  });
});

describe('bridge: the worker dies and comes back', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const cluster: ClusterSummary = {
    name: 'one',
    labels: {},
    reachable: true,
    canWrite: false,
    readOnly: true,
  };

  it('marks every row stale at once when the worker exits, and the new worker reports clear it', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { worker, emit, crash } = fakeWorker();
    const store = createFlotillaStore();
    connectStore(worker, store, { intervalMs: 100 });
    emit({ type: 'monitor', event: { type: 'cluster', cluster } });
    emit({ type: 'monitor', event: { type: 'app', app } });
    vi.advanceTimersByTime(100);

    crash({ type: 'exited', reason: 'the monitor stopped: out of memory', restartInMs: 1_000, crashes: 1 });
    const reason = 'the monitor stopped: out of memory; showing the last known state, restarting in 1 s';
    expect(store.getState().apps.shop?.stale).toBe(reason);
    expect(store.getState().clusters.one?.stale).toBe(reason);
    expect(store.getState().alerts.at(-1)).toMatchObject({ severity: 'danger', text: reason });

    crash({ type: 'restarted', crashes: 1 });
    emit({ type: 'monitor', event: { type: 'app', app } });
    vi.advanceTimersByTime(100);
    expect(store.getState().apps.shop?.stale).toBeUndefined();
    expect(store.getState().clusters.one?.stale).toBe(reason); // not reported again yet
    emit({ type: 'monitor', event: { type: 'cluster', cluster } });
    vi.advanceTimersByTime(100);
    expect(store.getState().clusters.one?.stale).toBeUndefined();
  });

  it('says how long the restart waits and how many crashes came in a row', () => {
    expect(
      lifecyclePatch({
        type: 'exited',
        reason: 'the monitor exited unexpectedly (exit code 1)',
        restartInMs: 4_000,
        crashes: 3,
      }),
    ).toEqual({
      kind: 'stale',
      reason:
        'the monitor exited unexpectedly (exit code 1); showing the last known state, restarting in 4 s (crash 3 in a row)',
    });
    expect(lifecyclePatch({ type: 'restarted', crashes: 3 })).toEqual({
      kind: 'alert',
      alert: { severity: 'info', text: 'the monitor restarted; rows refresh as it reports' },
    });
  });
});
