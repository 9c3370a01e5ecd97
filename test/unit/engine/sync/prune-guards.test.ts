import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_OPTIONS } from '../../../../src/engine/config/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import type { PlanProblem } from '../../../../src/engine/sync/index.js';
import { guardPrune, isConfirmed, pruneRefusal } from '../../../../src/engine/sync/index.js';
import { appObjectOptions } from '../../../../src/engine/sync/object-options.js';
import { identityOf, withTracking } from '../../../../src/engine/sync/tracking.js';
import { APP, obj } from './support.js';

const options = appObjectOptions(DEFAULT_SYNC_OPTIONS);
const refusal: PlanProblem = { code: 'sync.prune-refused', effect: 'stops-prune', message: 'render failed' };

function decide(live: KubeObject, over: Partial<Parameters<typeof guardPrune>[0]> = {}) {
  return guardPrune({
    app: APP,
    live,
    identity: identityOf(live),
    options,
    requested: true,
    confirmations: [],
    ...over,
  });
}

const ours = (o: KubeObject): KubeObject => withTracking(o, APP);
const withMeta = (o: KubeObject, meta: Record<string, unknown>): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, ...meta },
});

describe('pruneRefusal', () => {
  it.each([
    [
      'everything fine',
      { renderOk: true, repoReachable: true, desiredResources: 3, allowEmpty: false },
      undefined,
    ],
    [
      'repository unreachable',
      { renderOk: true, repoReachable: false, desiredResources: 3, allowEmpty: true },
      'repository could not be reached',
    ],
    [
      'render failed',
      { renderOk: false, repoReachable: true, desiredResources: 3, allowEmpty: true },
      'failed to render',
    ],
    [
      'empty render',
      { renderOk: true, repoReachable: true, desiredResources: 0, allowEmpty: false },
      'renders no objects',
    ],
    [
      'empty render with allowEmpty',
      { renderOk: true, repoReachable: true, desiredResources: 0, allowEmpty: true },
      undefined,
    ],
  ])('%s', (_case, args, fragment) => {
    const got = pruneRefusal(args);
    if (fragment === undefined) expect(got).toBeUndefined();
    else {
      expect(got).toMatchObject({ code: 'sync.prune-refused', effect: 'stops-prune' });
      expect(got!.message).toContain(fragment);
      expect(got!.hint).toBeTruthy();
    }
  });
});

describe('guardPrune', () => {
  const cm = obj('ConfigMap', 'old');
  it.each<[string, KubeObject, Partial<Parameters<typeof guardPrune>[0]>, string]>([
    ['an ordinary object of the app', ours(cm), {}, 'prune'],
    [
      'no tracking id at all',
      { ...cm, metadata: { ...cm.metadata, labels: { 'flotilla.dev/app': APP } } },
      {},
      'not-ours',
    ],
    [
      "another app's tracking id",
      withMeta(ours(cm), { annotations: { 'flotilla.dev/tracking-id': 'other:/ConfigMap:web/old' } }),
      {},
      'not-ours',
    ],
    ['a copied tracking id naming another object', withMeta(ours(cm), { name: 'copy' }), {}, 'not-ours'],
    [
      'tracked by Argo CD',
      withMeta(ours(cm), {
        annotations: {
          ...ours(cm).metadata.annotations,
          'argocd.argoproj.io/tracking-id': 'x:/ConfigMap:web/old',
        },
      }),
      {},
      'managed-elsewhere',
    ],
    [
      'applied by Flux',
      withMeta(ours(cm), {
        labels: { ...ours(cm).metadata.labels, 'kustomize.toolkit.fluxcd.io/name': 'apps' },
      }),
      {},
      'managed-elsewhere',
    ],
    [
      'with an owner',
      withMeta(ours(cm), { ownerReferences: [{ kind: 'Deployment', name: 'x' }] }),
      {},
      'has-owner',
    ],
    [
      'already terminating',
      withMeta(ours(cm), { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      {},
      'terminating',
    ],
    ['Prune=false', ours(cm), { options: { ...options, prune: false } }, 'prune-disabled'],
    ['sync without prune', ours(cm), { requested: false }, 'prune-not-requested'],
    ['plan refuses pruning', ours(cm), { refusal }, 'prune-refused'],
    [
      'Prune=confirm, not confirmed',
      ours(cm),
      { options: { ...options, prune: 'confirm' } },
      'needs-confirmation',
    ],
    [
      'Prune=confirm, confirmed',
      ours(cm),
      { options: { ...options, prune: 'confirm' }, confirmations: ['ConfigMap/old'] },
      'prune',
    ],
    ['a Namespace', ours(obj('Namespace', 'old')), {}, 'needs-confirmation'],
    ['a CRD', ours(obj('CustomResourceDefinition', 'w.example.com')), {}, 'needs-confirmation'],
    ['a PersistentVolumeClaim', ours(obj('PersistentVolumeClaim', 'data')), {}, 'needs-confirmation'],
    [
      'a PersistentVolumeClaim confirmed with all',
      ours(obj('PersistentVolumeClaim', 'data')),
      { confirmations: 'all' },
      'prune',
    ],
    [
      'Prune=false wins over a confirmation',
      ours(obj('Namespace', 'old')),
      { options: { ...options, prune: false }, confirmations: 'all' },
      'prune-disabled',
    ],
    [
      'ownership wins over everything',
      withMeta(ours(cm), { ownerReferences: [{}] }),
      { requested: false, refusal },
      'has-owner',
    ],
  ])('%s', (_case, live, over, want) => {
    const got = decide(live, over);
    expect(got.prune ? 'prune' : got.code).toBe(want);
    if (!got.prune) expect(got.reason).toBeTruthy();
  });

  it('names what confirms a held-back prune', () => {
    const got = decide(ours(obj('PersistentVolumeClaim', 'data')));
    expect(got).toMatchObject({
      prune: false,
      confirmation: { why: 'kind', token: 'PersistentVolumeClaim/web/data' },
    });
    expect(decide(ours(cm), { options: { ...options, prune: 'confirm' } })).toMatchObject({
      confirmation: { why: 'annotation', token: 'ConfigMap/web/old' },
    });
  });

  it('says a confirmed prune was confirmed', () => {
    expect(decide(ours(obj('Namespace', 'old')), { confirmations: ['namespace/old'] })).toEqual({
      prune: true,
      confirmed: true,
    });
    expect(decide(ours(cm))).toEqual({ prune: true, confirmed: false });
  });
});

describe('isConfirmed', () => {
  const pvc = { group: '', version: 'v1', kind: 'PersistentVolumeClaim', namespace: 'web', name: 'data' };
  it.each<[string, 'all' | string[], boolean]>([
    ['all', 'all', true],
    ['all as a token', ['all'], true],
    ['Kind/name', ['PersistentVolumeClaim/data'], true],
    ['kind in any case', ['persistentvolumeclaim/data'], true],
    ['Kind/namespace/name', ['PersistentVolumeClaim/web/data'], true],
    ['another namespace', ['PersistentVolumeClaim/db/data'], false],
    ['another name', ['PersistentVolumeClaim/logs'], false],
    ['another kind', ['ConfigMap/data'], false],
    ['nothing', [], false],
    ['too many parts', ['PersistentVolumeClaim/web/data/x'], false],
  ])('%s', (_case, confirmations, want) => {
    expect(isConfirmed(pvc, confirmations)).toBe(want);
  });
});
