import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { createDiffer, diffText } from '../../../../src/engine/diff/index.js';
import { FakeCluster, containers, load } from './support.js';

/** Diffs one desired Deployment against one live one, as a read-only viewer (client-side). */
async function diffDeployment(desired: KubeObject, live: KubeObject) {
  const cluster = new FakeCluster();
  const differ = createDiffer({ access: cluster });
  const app = await differ.diffApp({ app: 'shop', desired: [{ object: desired }], live: [live] });
  return { app, resource: app.resources[0]!, cluster };
}

describe('client-side comparison', () => {
  it('keeps a Deployment applied once and untouched Synced, despite every server default', async () => {
    const { app, resource } = await diffDeployment(
      load('deployment.desired.yaml'),
      load('deployment.live.yaml'),
    );
    expect(resource.status).toBe('Synced');
    expect(resource.mode).toBe('client-side');
    expect(diffText(resource)).toBeUndefined();
    expect(app.status).toBe('Synced');
    expect(app.mode).toBe('client-side');
    expect(app.counts.Synced).toBe(1);
  });

  it('reports a changed image as OutOfSync with a unified diff naming the field', async () => {
    const desired = load('deployment.desired.yaml');
    containers(desired)[0]!.image = 'registry.example/web:1.5.0';
    const { app, resource } = await diffDeployment(desired, load('deployment.live.yaml'));

    expect(resource.status).toBe('OutOfSync');
    expect(app.status).toBe('OutOfSync');
    expect(resource.changedPaths).toEqual(['/spec/template/spec/containers/0/image']);
    expect(diffText(resource)).toContain('--- live/apps/Deployment/shop/web');
    expect(diffText(resource)).toContain('+++ desired/apps/Deployment/shop/web');
    expect(diffText(resource)).toMatch(/^-\s+image: registry\.example\/web:1\.4\.2$/m);
    expect(diffText(resource)).toMatch(/^\+\s+image: registry\.example\/web:1\.5\.0$/m);
    // Only the changed line is marked; defaults never appear as changes.
    expect(
      diffText(resource)!
        .split('\n')
        .filter((l) => /^[-+]\s/.test(l)),
    ).toHaveLength(2);
  });

  it('ignores fields set by others but sees a field flotilla applied and Git dropped', async () => {
    const desired = load('deployment.desired.yaml');
    delete (containers(desired)[0] as { env?: unknown }).env;
    const { resource } = await diffDeployment(desired, load('deployment.live.yaml'));
    expect(resource.status).toBe('OutOfSync');
    expect(resource.changedPaths).toEqual(['/spec/template/spec/containers/0/env']);
    expect(diffText(resource)).toMatch(/^-\s+- name: LOG_LEVEL$/m);
  });

  it('treats a dropped field whose live value is the server default as no change', async () => {
    const desired = load('deployment.desired.yaml');
    delete (desired.spec as { replicas?: number }).replicas;
    const live = load('deployment.live.yaml');
    (live.spec as { replicas: number }).replicas = 1;
    expect((await diffDeployment(desired, live)).resource.status).toBe('Synced');

    const scaled = load('deployment.live.yaml'); // replicas: 2, owned by flotilla: the next apply resets it to 1
    const { resource } = await diffDeployment(desired, scaled);
    expect(resource.status).toBe('OutOfSync');
    expect(resource.changedPaths).toEqual(['/spec/replicas']);
  });

  it('sees a label removed from live and a container missing from live', async () => {
    const live = load('deployment.live.yaml');
    delete live.metadata.labels!.app;
    (live.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.pop();
    const { resource } = await diffDeployment(load('deployment.desired.yaml'), live);
    expect(resource.status).toBe('OutOfSync');
    expect(resource.changedPaths).toEqual(
      expect.arrayContaining(['/metadata/labels/app', '/spec/template/spec/containers/1']),
    );
  });

  it('compares quantities by value', async () => {
    const desired = load('deployment.desired.yaml');
    (containers(desired)[0]!.resources as { limits: Record<string, unknown> }).limits.memory = '0.25Gi';
    expect((await diffDeployment(desired, load('deployment.live.yaml'))).resource.status).toBe('Synced');
    (containers(desired)[0]!.resources as { limits: Record<string, unknown> }).limits.cpu = '600m';
    expect((await diffDeployment(desired, load('deployment.live.yaml'))).resource.status).toBe('OutOfSync');
  });

  it('reports a missing tracking annotation on an adopted object', async () => {
    const live = load('deployment.live.yaml');
    delete live.metadata.annotations!['flotilla.dev/tracking-id'];
    const { resource } = await diffDeployment(load('deployment.desired.yaml'), live);
    expect(resource.status).toBe('OutOfSync');
    expect(resource.changedPaths).toEqual(['/metadata/annotations/flotilla.dev~1tracking-id']);
  });
});
