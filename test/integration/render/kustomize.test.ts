/** Kustomize rendering with the real kustomize binary (and kubectl's built-in kustomize). */
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../../src/engine/render/renderer.js';
import { fixtureTree, rendered } from './fixtures.js';
import { requireTool } from './tools.js';

const overlay = {
  tree: fixtureTree('kustomize'),
  path: 'apps/web/overlays/prod',
  namespace: 'ignored-kustomize-sets-it',
};

describe('kustomize build', () => {
  it('renders a base + overlay with a component from another top-level folder', async () => {
    const renderer = createRenderer({ tools: { kustomize: requireTool('kustomize') }, env: { PATH: '' } });
    const output = rendered(await renderer.render(overlay));
    expect(output.renderer).toBe('kustomize');
    const byKind = new Map(output.objects.map((o) => [o.identity.kind, o]));
    expect([...byKind.keys()].sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    expect(byKind.get('Deployment')?.identity).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'web-prod',
      name: 'prod-web',
    });
    expect(byKind.get('Deployment')?.object).toMatchObject({
      spec: { replicas: 4 },
      metadata: { labels: { team: 'platform' } },
    });
    expect(byKind.get('ConfigMap')?.identity.name).toMatch(/^prod-web-config-[a-z0-9]+$/);
    expect(byKind.get('ConfigMap')?.object.data).toEqual({ 'app.properties': 'greeting=hello from prod\n' });
    expect(byKind.get('Service')?.source).toEqual({ file: 'apps/web/overlays/prod/kustomization.yaml' });
  });

  it('points objects at their file when the kustomization records origins', async () => {
    const renderer = createRenderer({ tools: { kustomize: requireTool('kustomize') }, env: { PATH: '' } });
    const output = rendered(
      await renderer.render({ ...overlay, path: 'apps/web/overlays/traced', namespace: 'web' }),
    );
    const sources = Object.fromEntries(output.objects.map((o) => [o.identity.kind, o.source.file]));
    expect(sources).toEqual({
      Deployment: 'apps/web/base/deployment.yaml',
      Service: 'apps/web/base/service.yaml',
    });
    expect(output.objects.every((o) => o.identity.namespace === 'web')).toBe(true);
  });

  it("shows kustomize's own error, with repository paths", async () => {
    const renderer = createRenderer({ tools: { kustomize: requireTool('kustomize') }, env: { PATH: '' } });
    const result = await renderer.render({ ...overlay, path: 'apps/broken' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.code).toBe('render.tool-failed');
    expect(result.problems[0]?.message).toMatch(
      /^kustomize build apps\/broken failed: .*missing-file\.yaml/s,
    );
    expect(result.problems[0]?.message).not.toMatch(/flotilla-render-/);
  });

  it('falls back to kubectl kustomize', async () => {
    const renderer = createRenderer({ tools: { kubectl: requireTool('kubectl') }, env: { PATH: '' } });
    const output = rendered(await renderer.render(overlay));
    const ids = output.objects
      .map((o) => `${o.identity.kind} ${o.identity.namespace}/${o.identity.name}`)
      .sort();
    expect(ids).toEqual([
      expect.stringMatching(/^ConfigMap web-prod\/prod-web-config-/),
      'Deployment web-prod/prod-web',
      'Service web-prod/prod-web',
    ]);
    expect(output.objects.find((o) => o.identity.kind === 'Deployment')?.object).toMatchObject({
      spec: { replicas: 4 },
      metadata: { labels: { team: 'platform' } },
    });
  });
});
