import { describe, expect, it } from 'vitest';
import type { IgnoreDifferenceRule } from '../../../../src/engine/diff/index.js';
import { compileIgnoreRules, createDiffer, validateIgnoreRules } from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { FakeCluster, containers, load } from './support.js';

async function diff(desired: KubeObject, live: KubeObject, ignoreDifferences?: IgnoreDifferenceRule[]) {
  const app = await createDiffer({ access: new FakeCluster() }).diffApp({
    app: 'shop',
    desired: [{ object: desired }],
    live: [live],
    ignoreDifferences,
  });
  return app;
}

function scaledLive(replicas: number, manager?: string): KubeObject {
  const live = load('deployment.live.yaml');
  (live.spec as { replicas: number }).replicas = replicas;
  if (manager) {
    (live.metadata.managedFields as unknown[]).push({
      manager,
      operation: 'Update',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
  }
  return live;
}

describe('ignoreDifferences', () => {
  it('ignores a field by JSON pointer', async () => {
    expect((await diff(load('deployment.desired.yaml'), scaledLive(5))).status).toBe('OutOfSync');
    const rules = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];
    expect((await diff(load('deployment.desired.yaml'), scaledLive(5), rules)).status).toBe('Synced');
  });

  it('ignores a field by jq path with select, for the selected item only', async () => {
    const rules = [
      {
        group: 'apps',
        kind: 'Deployment',
        jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .image'],
      },
    ];
    const webChanged = load('deployment.desired.yaml');
    containers(webChanged)[0]!.image = 'registry.example/web:9.9.9';
    expect((await diff(webChanged, load('deployment.live.yaml'), rules)).status).toBe('Synced');

    const shipperChanged = load('deployment.desired.yaml');
    containers(shipperChanged)[1]!.image = 'registry.example/shipper:9.9';
    const app = await diff(shipperChanged, load('deployment.live.yaml'), rules);
    expect(app.status).toBe('OutOfSync');
    expect(app.resources[0]!.changedPaths).toEqual(['/spec/template/spec/containers/1/image']);
  });

  it('ignores fields owned by a named field manager', async () => {
    const rules = [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['hpa-controller'] }];
    expect((await diff(load('deployment.desired.yaml'), scaledLive(5, 'hpa-controller'), rules)).status).toBe(
      'Synced',
    );
    // Another manager's fields still count.
    expect((await diff(load('deployment.desired.yaml'), scaledLive(5, 'someone-else'), rules)).status).toBe(
      'OutOfSync',
    );
  });

  it('applies a rule only to the group, kind, name and namespace it names', async () => {
    const pointer = { jsonPointers: ['/spec/replicas'] };
    for (const rule of [
      { group: 'apps', kind: 'StatefulSet', ...pointer },
      { group: 'apps', kind: 'Deployment', name: 'other', ...pointer },
      { group: 'apps', kind: 'Deployment', namespace: 'other', ...pointer },
      { group: '', kind: 'Deployment', ...pointer },
    ]) {
      expect((await diff(load('deployment.desired.yaml'), scaledLive(5), [rule])).status).toBe('OutOfSync');
    }
    for (const rule of [
      { group: '*', kind: '*', ...pointer },
      { group: 'apps', kind: 'Deploy*', name: 'web', namespace: 'shop', ...pointer },
    ]) {
      expect((await diff(load('deployment.desired.yaml'), scaledLive(5), [rule])).status).toBe('Synced');
    }
  });

  it('reports bad expressions with their place, and still applies the good ones', async () => {
    const rules = [
      {
        group: 'apps',
        kind: 'Deployment',
        jsonPointers: ['spec/replicas', '/spec/replicas'],
        jqPathExpressions: ['.spec.template | map(.x)'],
      },
    ];
    const app = await diff(load('deployment.desired.yaml'), scaledLive(5), rules);
    expect(app.status).toBe('Synced');
    expect(app.problems.map((p) => [p.code, p.source?.field])).toEqual([
      ['diff.pointer-invalid', 'ignoreDifferences[0].jsonPointers[0]'],
      ['diff.jq-unsupported', 'ignoreDifferences[0].jqPathExpressions[0]'],
    ]);
    expect(validateIgnoreRules(rules, 'apps[1].ignoreDifferences')).toHaveLength(2);
    expect(compileIgnoreRules([{ group: 'apps', kind: '' }]).problems[0]!.code).toBe(
      'diff.ignore-rule-invalid',
    );
  });
});
