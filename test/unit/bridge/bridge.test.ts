/** Worker messages become store patches; the UI's intents become worker requests. */
import { describe, expect, it } from 'vitest';
import { connectStore, toPatch } from '../../../src/bridge/bridge.js';
import type { AppSummary } from '../../../src/engine/monitor/index.js';
import type { MonitorWorker, WorkerMessage, WorkerRequest } from '../../../src/engine/workers/index.js';
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
  const worker: MonitorWorker = {
    send: (r) => void sent.push(r),
    onMessage: (fn) => void (listener = fn),
    stop: async () => {},
  };
  return { worker, sent, emit: (m: WorkerMessage) => listener(m) };
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
});
