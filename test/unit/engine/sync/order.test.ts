import { describe, expect, it } from 'vitest';
import type { SyncTask } from '../../../../src/engine/sync/index.js';
import { KIND_ORDER, kindRank, orderTasks } from '../../../../src/engine/sync/index.js';
import { appObjectOptions } from '../../../../src/engine/sync/object-options.js';
import { DEFAULT_SYNC_OPTIONS } from '../../../../src/engine/config/index.js';
import { obj } from './support.js';

const options = appObjectOptions(DEFAULT_SYNC_OPTIONS);

/** An apply task for `kind/name` (namespace `web` unless cluster-scoped or given). */
function apply(
  kind: string,
  name: string,
  at: Partial<Pick<SyncTask, 'phase' | 'wave'>> = {},
  namespace?: string,
): SyncTask {
  const object = obj(kind, name);
  if (namespace !== undefined) object.metadata.namespace = namespace;
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
  if (kind === 'CustomResourceDefinition') object.spec = { group: 'example.com', names: { kind: 'Widget' } };
  return {
    identity: { group, version: 'v1', kind, namespace: object.metadata.namespace ?? '', name },
    phase: at.phase ?? 'Sync',
    wave: at.wave ?? 0,
    reason: '',
    options,
    action: 'create',
    code: 'missing',
    object,
  };
}

function prune(kind: string, name: string, wave = 0): SyncTask {
  return {
    ...apply(kind, name, { wave }),
    action: 'prune',
    code: 'extraneous',
    propagation: 'foreground',
    confirmed: false,
  } as SyncTask;
}

const line = (t: SyncTask) => `${t.phase} ${t.wave} ${t.action} ${t.identity.kind}/${t.identity.name}`;

describe('kind order', () => {
  it('is the Argo CD list, from Namespace to APIService', () => {
    expect(KIND_ORDER[0]).toBe('Namespace');
    expect(KIND_ORDER.at(-1)).toBe('APIService');
    expect(KIND_ORDER).toHaveLength(35);
    expect(new Set(KIND_ORDER).size).toBe(KIND_ORDER.length);
  });

  it.each([
    ['Namespace', 'ServiceAccount'],
    ['Secret', 'ConfigMap'],
    ['PersistentVolumeClaim', 'CustomResourceDefinition'],
    ['ClusterRoleBinding', 'Role'],
    ['Service', 'Deployment'],
    ['Deployment', 'HorizontalPodAutoscaler'],
    ['Job', 'CronJob'],
    ['Ingress', 'APIService'],
    ['APIService', 'Widget'],
  ])('%s before %s', (first, second) => {
    expect(kindRank(first)).toBeLessThan(kindRank(second));
  });

  it('puts every unknown kind at the same last rank', () => {
    expect(kindRank('Widget')).toBe(kindRank('Certificate'));
  });
});

describe('orderTasks', () => {
  it('sorts by phase, wave, prunes first, kind, then name', () => {
    const got = orderTasks([
      apply('Deployment', 'b'),
      apply('Deployment', 'a'),
      apply('ConfigMap', 'z', { wave: -1 }),
      apply('Pod', 'post', { phase: 'PostSync', wave: -5 }),
      prune('Widget', 'old'),
      apply('Pod', 'pre', { phase: 'PreSync', wave: 3 }),
      apply('Widget', 'w'),
      apply('Service', 's'),
    ]).map(line);
    expect(got).toEqual([
      'PreSync 3 create Pod/pre',
      'Sync -1 create ConfigMap/z',
      'Sync 0 prune Widget/old',
      'Sync 0 create Service/s',
      'Sync 0 create Deployment/a',
      'Sync 0 create Deployment/b',
      'Sync 0 create Widget/w',
      'PostSync -5 create Pod/post',
    ]);
  });

  it("moves a Namespace ahead of the first object in it, into that object's phase and wave", () => {
    const got = orderTasks([
      apply('Namespace', 'web', { wave: 4 }),
      apply('ConfigMap', 'a', { wave: 2 }),
      apply('Pod', 'hook', { phase: 'PreSync', wave: 1 }),
    ]).map(line);
    expect(got).toEqual([
      'PreSync 1 create Namespace/web',
      'PreSync 1 create Pod/hook',
      'Sync 2 create ConfigMap/a',
    ]);
  });

  it('leaves a Namespace that already comes first, and one nothing uses', () => {
    const tasks = [
      apply('Namespace', 'web'),
      apply('Namespace', 'unused', { wave: 9 }),
      apply('ConfigMap', 'a', { wave: 1 }),
    ];
    expect(orderTasks(tasks).map(line)).toEqual([
      'Sync 0 create Namespace/web',
      'Sync 1 create ConfigMap/a',
      'Sync 9 create Namespace/unused',
    ]);
  });

  it('moves a CRD ahead of the first of its custom resources only', () => {
    const got = orderTasks([
      apply('CustomResourceDefinition', 'widgets.example.com', { wave: 3 }),
      apply('Gadget', 'g', { wave: 0 }),
      apply('Widget', 'w2', { wave: 2 }),
      apply('Widget', 'w1', { wave: 1 }),
    ]).map(line);
    expect(got).toEqual([
      'Sync 0 create Gadget/g',
      'Sync 1 create CustomResourceDefinition/widgets.example.com',
      'Sync 1 create Widget/w1',
      'Sync 2 create Widget/w2',
    ]);
  });

  it('does not move anything for a prune in the namespace', () => {
    const got = orderTasks([apply('Namespace', 'web', { wave: 2 }), prune('ConfigMap', 'old', 0)]).map(line);
    expect(got).toEqual(['Sync 0 prune ConfigMap/old', 'Sync 2 create Namespace/web']);
  });

  it('does not change the order it is given', () => {
    const tasks = [apply('Deployment', 'b'), apply('ConfigMap', 'a')];
    orderTasks(tasks);
    expect(tasks.map(line)).toEqual(['Sync 0 create Deployment/b', 'Sync 0 create ConfigMap/a']);
  });
});
