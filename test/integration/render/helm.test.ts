/** Helm rendering with the real helm binary: values, release, namespace, hooks, CRDs, dependencies. */
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../../src/engine/render/renderer.js';
import type { RenderedObject } from '../../../src/engine/render/types.js';
import { fixtureTree, rendered } from './fixtures.js';
import { requireTool } from './tools.js';

const chart = { tree: fixtureTree('helm'), path: 'charts/web', namespace: 'shop', appName: 'shop-web' };
const helmRenderer = () =>
  createRenderer({ tools: { helm: requireTool('helm') }, env: { PATH: '', HOME: process.env.HOME } });
const byKind = (objects: RenderedObject[]) => new Map(objects.map((o) => [o.identity.kind, o]));

describe('helm template', () => {
  it('renders the chart with the app name as release and the destination namespace', async () => {
    const output = rendered(await helmRenderer().render(chart));
    expect(output.renderer).toBe('helm');
    const objects = byKind(output.objects);
    expect([...objects.keys()].sort()).toEqual(['CustomResourceDefinition', 'Deployment', 'Job', 'Service']);
    expect(objects.get('Deployment')?.identity).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'shop-web',
    });
    expect(objects.get('Deployment')?.object).toMatchObject({ spec: { replicas: 1 } });
    expect(objects.get('Service')?.object.metadata.namespace).toBe('shop');
    expect(objects.get('CustomResourceDefinition')?.identity.namespace).toBe('');
  });

  it('keeps Helm hook annotations for the sync engine', async () => {
    const job = byKind(rendered(await helmRenderer().render(chart)).objects).get('Job');
    expect(job?.identity.name).toBe('shop-web-migrate');
    expect(job?.object.metadata.annotations).toEqual({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': '-5',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
  });

  it("points each object at its template, from helm's # Source comments", async () => {
    const objects = byKind(rendered(await helmRenderer().render(chart)).objects);
    expect(objects.get('Job')?.source).toEqual({
      file: 'charts/web/templates/migrate-job.yaml',
      template: 'web/templates/migrate-job.yaml',
    });
    expect(objects.get('CustomResourceDefinition')?.source).toEqual({
      file: 'charts/web/crds/widgets.yaml',
      template: 'web/crds/widgets.yaml',
    });
  });

  it('applies values files in order, inline values last, and a release name and namespace override', async () => {
    const output = rendered(
      await helmRenderer().render({
        ...chart,
        options: {
          helm: {
            releaseName: 'storefront',
            namespace: 'retail',
            valueFiles: ['../../envs/prod/values.yaml'],
            values: 'migrations: false\n',
          },
        },
      }),
    );
    const objects = byKind(output.objects);
    expect(objects.get('Deployment')?.object).toMatchObject({
      metadata: { name: 'storefront' },
      spec: { replicas: 3 },
    });
    expect(objects.get('Service')?.object.metadata.namespace).toBe('retail');
    expect(objects.has('Job')).toBe(false);
    const inline = byKind(
      rendered(
        await helmRenderer().render({
          ...chart,
          options: { helm: { valueFiles: ['../../envs/prod/values.yaml'], values: { replicas: 5 } } },
        }),
      ).objects,
    );
    expect(inline.get('Deployment')?.object).toMatchObject({ spec: { replicas: 5 } });
  });

  it('leaves out crds/ when asked', async () => {
    const output = rendered(await helmRenderer().render({ ...chart, options: { helm: { skipCrds: true } } }));
    expect(output.objects.map((o) => o.identity.kind)).not.toContain('CustomResourceDefinition');
  });

  it('builds a file:// dependency before templating', async () => {
    const output = rendered(
      await helmRenderer().render({ ...chart, path: 'charts/umbrella', appName: 'bundle' }),
    );
    const names = output.objects.map((o) => `${o.identity.kind}/${o.identity.name}`).sort();
    expect(names).toEqual(
      expect.arrayContaining(['ConfigMap/bundle-umbrella', 'Deployment/bundle', 'Job/bundle-migrate']),
    );
  });

  it("shows helm's own error message", async () => {
    const result = await helmRenderer().render({ ...chart, path: 'charts/broken' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.code).toBe('render.tool-failed');
    expect(result.problems[0]?.message).toMatch(
      /^helm template charts\/broken failed: .*values\.image is required by this chart/s,
    );
    expect(result.problems[0]?.message).not.toMatch(/flotilla-render-/);
  });
});
