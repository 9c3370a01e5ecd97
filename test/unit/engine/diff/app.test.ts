import { describe, expect, it } from 'vitest';
import {
  createDiffer,
  diffText,
  isTrackedBy,
  trackingIdFor,
  withTracking,
} from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { FakeCluster, load, loadAll, predictFrom } from './support.js';

describe('tracking', () => {
  it('adds the app label and a tracking id naming the object', () => {
    const tracked = withTracking(load('deployment.desired.yaml'), 'shop');
    expect(tracked.metadata.labels).toEqual({ app: 'web', 'flotilla.dev/app': 'shop' });
    expect(tracked.metadata.annotations).toEqual({
      'flotilla.dev/tracking-id': 'shop:apps/Deployment:shop/web',
    });
    expect(isTrackedBy(tracked, 'shop')).toBe(true);
    expect(isTrackedBy(tracked, 'other')).toBe(false);
    expect(
      trackingIdFor('ops', {
        group: 'rbac.authorization.k8s.io',
        version: 'v1',
        kind: 'ClusterRole',
        namespace: '',
        name: 'reader',
      }),
    ).toBe('ops:rbac.authorization.k8s.io/ClusterRole:/reader');
  });
});

describe('app diff', () => {
  it('counts as Extraneous only live objects whose tracking id names them; IgnoreExtraneous does not count against the app', async () => {
    const [old, copied, ignored] = loadAll('configmap.extraneous.yaml') as [
      KubeObject,
      KubeObject,
      KubeObject,
    ];
    const differ = createDiffer({ access: new FakeCluster() });

    const app = await differ.diffApp({ app: 'shop', desired: [], live: [old, copied, ignored] });
    expect(app.resources.map((r) => [r.identity.name, r.status, r.ignoreExtraneous ?? false])).toEqual([
      ['generated-cache', 'Extraneous', true],
      ['old-settings', 'Extraneous', false],
    ]);
    expect(app.status).toBe('OutOfSync');
    expect(app.counts).toMatchObject({ Extraneous: 2, Synced: 0 });
    expect(diffText(app.resources[1]!)).toMatch(/^-\s+mode: legacy$/m);

    const onlyIgnored = await differ.diffApp({ app: 'shop', desired: [], live: [copied, ignored] });
    expect(onlyIgnored.status).toBe('Synced');
    expect(onlyIgnored.mode).toBe('none');
  });

  it('reports an object in Git but not live as Missing, without a dry run', async () => {
    const cluster = new FakeCluster();
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }],
      live: [],
    });
    const r = app.resources[0]!;
    expect(r.status).toBe('Missing');
    expect(app.status).toBe('OutOfSync');
    expect(app.counts.Missing).toBe(1);
    expect(cluster.getCalls).toBe(1);
    expect(cluster.dryRunCalls).toBe(0);
    expect(diffText(r)).toContain('--- /dev/null');
    expect(diffText(r)).toMatch(/^\+\s+image: registry\.example\/web:1\.4\.2$/m);
    expect(diffText(r)).toMatch(/^\+\s+flotilla\.dev\/tracking-id: shop:apps\/Deployment:shop\/web$/m);
  });

  it('compares an existing object that is not yet tracked instead of calling it Missing', async () => {
    const live = load('deployment.live.yaml');
    const cluster = new FakeCluster([live]);
    cluster.dryRun = () => predictFrom(live);
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }],
      live: [],
    });
    expect(app.resources[0]).toMatchObject({ status: 'Synced', mode: 'server-side' });
  });

  it('skips hooks and generateName objects, and reports duplicates', async () => {
    const hook: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } },
    };
    const generated: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { generateName: 'smoke-', namespace: 'shop' },
    };
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'shop' },
    };
    const liveHook = withTracking(hook, 'shop');
    const app = await createDiffer({ access: new FakeCluster() }).diffApp({
      app: 'shop',
      desired: [{ object: hook }, { object: generated }, { object: cm }, { object: cm }],
      live: [liveHook],
    });
    expect(app.skipped.map((s) => s.reason.split(':')[0])).toEqual(['hook', 'generateName']);
    expect(app.resources.map((r) => r.identity.name)).toEqual(['c']);
    expect(app.problems.map((p) => p.code)).toEqual(['diff.duplicate-object']);
  });

  it('reports an unreadable live object as Unknown, and the app Unknown when nothing else differs', async () => {
    const cluster = new FakeCluster();
    cluster.get = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    };
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }],
      live: [],
    });
    expect(app.resources[0]).toMatchObject({
      status: 'Unknown',
      problems: [{ code: 'diff.live-unreadable' }],
    });
    expect(app.status).toBe('Unknown');
  });

  it('sorts resources and reports the mode per app', async () => {
    const deployment = load('deployment.live.yaml');
    const cm = withTracking(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'shop', resourceVersion: '5' },
        data: { a: '1' },
      },
      'shop',
    );
    const cluster = new FakeCluster();
    // Dry runs are allowed for ConfigMaps only: one resource server-side, one client-side.
    cluster.dryRun = (obj) => {
      if (obj.kind === 'ConfigMap') return structuredClone(cm);
      throw { statusCode: 405, body: { reason: 'MethodNotAllowed' } };
    };
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [
        { object: load('deployment.desired.yaml') },
        {
          object: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'c', namespace: 'shop' },
            data: { a: '1' },
          },
        },
      ],
      live: [deployment, cm],
    });
    expect(app.resources.map((r) => [r.identity.kind, r.mode])).toEqual([
      ['ConfigMap', 'server-side'],
      ['Deployment', 'client-side'],
    ]);
    expect(app.mode).toBe('mixed');
    expect(app.status).toBe('Synced');
  });
});
