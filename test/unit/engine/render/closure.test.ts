import { describe, expect, it } from 'vitest';
import { helmClosure, kustomizeClosure } from '../../../../src/engine/render/closure.js';
import { indexTree } from '../../../../src/engine/render/repo-index.js';
import { textReader } from '../../../../src/engine/render/tool-render.js';
import { fixtureTree } from './fixtures.js';

describe('kustomizeClosure', () => {
  it('takes the app folder, the bases and components it references, and nothing else', async () => {
    const tree = fixtureTree('kustomize');
    const closure = await kustomizeClosure(await indexTree(tree), 'apps/web/overlays/prod', textReader(tree));
    expect([...closure.files.keys()].sort()).toEqual([
      'apps/web/base/deployment.yaml',
      'apps/web/base/kustomization.yaml',
      'apps/web/base/service.yaml',
      'apps/web/overlays/prod/app.properties',
      'apps/web/overlays/prod/kustomization.yaml',
      'apps/web/overlays/prod/replicas-patch.yaml',
      'shared/components/labels/kustomization.yaml',
    ]);
  });

  it('ignores references that are not in the repository', async () => {
    const tree = fixtureTree('kustomize');
    const closure = await kustomizeClosure(await indexTree(tree), 'apps/broken', textReader(tree));
    expect([...closure.files.keys()]).toEqual(['apps/broken/kustomization.yaml']);
  });
});

describe('helmClosure', () => {
  it('takes the chart, its values files and its file:// dependencies', async () => {
    const tree = fixtureTree('helm');
    const index = await indexTree(tree);
    const chart = await helmClosure(index, 'charts/web', ['../../envs/prod/values.yaml'], textReader(tree));
    expect(chart.problems).toEqual([]);
    expect([...chart.files.keys()]).toContain('envs/prod/values.yaml');
    expect([...chart.files.keys()].some((path) => path.startsWith('charts/umbrella'))).toBe(false);
    const umbrella = await helmClosure(index, 'charts/umbrella', [], textReader(tree));
    expect([...umbrella.files.keys()]).toEqual(
      expect.arrayContaining([
        'charts/umbrella/Chart.yaml',
        'charts/web/Chart.yaml',
        'charts/web/templates/deployment.yaml',
      ]),
    );
  });
});
