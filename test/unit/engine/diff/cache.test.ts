import { describe, expect, it, vi } from 'vitest';
import { compareObjects, createDiffer, DiffCache } from '../../../../src/engine/diff/index.js';
import type { Comparer } from '../../../../src/engine/diff/index.js';
import { FakeCluster, load, predictFrom } from './support.js';

describe('comparison cache', () => {
  it('never compares an unchanged pair twice; a new live resourceVersion or new rules compare again', async () => {
    const live = load('deployment.live.yaml');
    const cluster = new FakeCluster();
    cluster.dryRun = () => predictFrom(live);
    const comparer = vi.fn<Comparer>(compareObjects);
    const differ = createDiffer({ access: cluster, comparer });
    const request = { app: 'shop', desired: [{ object: load('deployment.desired.yaml') }], live: [live] };

    const first = await differ.diffApp(request);
    const second = await differ.diffApp({
      ...request,
      desired: [{ object: load('deployment.desired.yaml') }],
    });
    expect(comparer).toHaveBeenCalledTimes(1);
    expect(cluster.dryRunCalls).toBe(1);
    expect(second.resources[0]).toBe(first.resources[0]);
    expect(differ.cache.hits).toBe(1);

    const touched = { ...structuredClone(live), metadata: { ...live.metadata, resourceVersion: '48214' } };
    await differ.diffApp({ ...request, live: [touched] });
    expect(comparer).toHaveBeenCalledTimes(2);

    await differ.diffApp({
      ...request,
      live: [touched],
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    });
    expect(comparer).toHaveBeenCalledTimes(3);
  });

  it('uses the renderer hash when given, and compares again when the desired object changes', async () => {
    const live = load('deployment.live.yaml');
    const comparer = vi.fn<Comparer>(compareObjects);
    const differ = createDiffer({ access: new FakeCluster(), comparer });
    const desired = load('deployment.desired.yaml');
    await differ.diffApp({ app: 'shop', desired: [{ object: desired, hash: 'h1' }], live: [live] });
    await differ.diffApp({ app: 'shop', desired: [{ object: desired, hash: 'h1' }], live: [live] });
    expect(comparer).toHaveBeenCalledTimes(1);
    await differ.diffApp({ app: 'shop', desired: [{ object: desired, hash: 'h2' }], live: [live] });
    expect(comparer).toHaveBeenCalledTimes(2);
  });

  it('does not keep a result whose dry run failed, so the next refresh retries', async () => {
    const live = load('deployment.live.yaml');
    const cluster = new FakeCluster();
    cluster.dryRun = () => {
      throw { statusCode: 503, body: { message: 'etcdserver: request timed out' } };
    };
    const differ = createDiffer({ access: cluster });
    const request = { app: 'shop', desired: [{ object: load('deployment.desired.yaml') }], live: [live] };
    const first = await differ.diffApp(request);
    expect(first.resources[0]).toMatchObject({
      mode: 'client-side',
      problems: [{ code: 'diff.dry-run-failed' }],
    });
    cluster.dryRun = () => predictFrom(live);
    const second = await differ.diffApp(request);
    expect(second.resources[0]).toMatchObject({ mode: 'server-side', status: 'Synced', problems: [] });
  });

  it('keeps one entry per object while its live resourceVersion keeps changing', async () => {
    const live = load('deployment.live.yaml');
    const cluster = new FakeCluster();
    cluster.dryRun = () => predictFrom(live);
    const differ = createDiffer({ access: cluster });
    const desired = [{ object: load('deployment.desired.yaml') }];
    for (let rv = 1; rv <= 50; rv++) {
      const updated = {
        ...structuredClone(live),
        metadata: { ...live.metadata, resourceVersion: String(rv) },
      };
      await differ.diffApp({ app: 'shop', desired, live: [updated] });
    }
    expect(differ.cache.size).toBe(1);
    expect(cluster.dryRunCalls).toBe(50);
  });

  it('is bounded by bytes, evicting the least recently used entries', () => {
    const cache = new DiffCache<string>((v) => v.length, 10);
    cache.set('a', 'v1', 'aaaa');
    cache.set('b', 'v1', 'bbbb');
    expect(cache.get('a', 'v1')).toBe('aaaa'); // a is now the most recently used
    cache.set('c', 'v1', 'cccc');
    expect(cache.get('b', 'v1')).toBeUndefined();
    expect(cache.get('a', 'v1')).toBe('aaaa');
    expect(cache.get('c', 'v1')).toBe('cccc');
    expect(cache.bytes).toBe(8);
    cache.set('huge', 'v1', 'x'.repeat(11));
    expect(cache.get('huge', 'v1')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('replaces a slot on a new version and misses the old one', () => {
    const cache = new DiffCache<string>((v) => v.length, 100);
    cache.set('web', 'rv1', 'old');
    cache.set('web', 'rv2', 'newer');
    expect(cache.get('web', 'rv1')).toBeUndefined();
    expect(cache.get('web', 'rv2')).toBe('newer');
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(5);
  });
});
