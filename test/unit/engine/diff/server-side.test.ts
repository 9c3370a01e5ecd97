import { describe, expect, it } from 'vitest';
import { createDiffer, diffText } from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { FakeCluster, containers, load, predictFrom } from './support.js';

describe('server-side comparison', () => {
  it('sends the desired object with tracking to the dry run and compares its result with live', async () => {
    const live = load('deployment.live.yaml');
    const cluster = new FakeCluster();
    const sent: KubeObject[] = [];
    cluster.dryRun = (obj) => {
      sent.push(obj);
      return predictFrom(live);
    };
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }],
      live: [live],
    });

    expect(app.resources[0]).toMatchObject({ status: 'Synced', mode: 'server-side', changedPaths: [] });
    expect(app.resources[0]!.fallbackReason).toBeUndefined();
    expect(app.mode).toBe('server-side');
    expect(sent[0]!.metadata.labels).toMatchObject({ 'flotilla.dev/app': 'shop', app: 'web' });
    expect(sent[0]!.metadata.annotations).toEqual({
      'flotilla.dev/tracking-id': 'shop:apps/Deployment:shop/web',
    });
  });

  it('reports what the apply would change, naming the field, as a diff from live to predicted', async () => {
    const live = load('deployment.live.yaml');
    const cluster = new FakeCluster();
    cluster.dryRun = () => predictFrom(live, (o) => (containers(o)[1]!.image = 'registry.example/web:1.5.0'));
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }],
      live: [live],
    });
    const r = app.resources[0]!;

    expect(r.status).toBe('OutOfSync');
    expect(r.changedPaths).toEqual(['/spec/template/spec/containers/1/image']);
    expect(diffText(r)).toContain('+++ predicted/apps/Deployment/shop/web');
    expect(diffText(r)).toMatch(/^\+\s+image: registry\.example\/web:1\.5\.0$/m);
    // Status and server metadata never show: both sides are normalised.
    expect(diffText(r)).not.toContain('resourceVersion');
    expect(diffText(r)).not.toContain('availableReplicas');
  });
});
