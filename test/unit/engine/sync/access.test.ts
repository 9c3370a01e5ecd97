import { describe, expect, it } from 'vitest';
import { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import type { ResourceInfo } from '../../../../src/engine/cluster/paths.js';
import type { AccessCluster, AccessNeed } from '../../../../src/engine/sync/access.js';
import { checkSyncAccess } from '../../../../src/engine/sync/access.js';

const kinds: Record<string, Omit<ResourceInfo, 'verbs' | 'version'>> = {
  'apps/Deployment': { group: 'apps', kind: 'Deployment', resource: 'deployments', namespaced: true },
  '/ConfigMap': { group: '', kind: 'ConfigMap', resource: 'configmaps', namespaced: true },
  '/Namespace': { group: '', kind: 'Namespace', resource: 'namespaces', namespaced: false },
};

interface Review {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

/** A cluster that allows what `allow` says, and names its user `user` (or cannot review, when undefined). */
function cluster(allow: (r: Review) => boolean, user?: string): AccessCluster & { reviews: Review[] } {
  const reviews: Review[] = [];
  return {
    name: 'c2',
    reviews,
    kubeconfigUser: 'kube-user',
    resolve: (group, _version, kind) => {
      const info = kinds[`${group}/${kind}`];
      return info
        ? Promise.resolve({ ...info, version: 'v1', verbs: [] })
        : Promise.reject(new ClusterRequestError({ code: 'cluster.unknown-kind', message: `no ${kind}` }));
    },
    requestJson: <T>(_method: string, path: string, options: { body?: unknown } = {}) => {
      if (path.endsWith('/selfsubjectreviews'))
        return user
          ? Promise.resolve({ status: { userInfo: { username: user } } } as T)
          : Promise.reject(new ClusterRequestError({ code: 'cluster.not-found', message: 'no' }, 404));
      const spec = (options.body as { spec: { resourceAttributes: Review } }).spec.resourceAttributes;
      reviews.push(spec);
      return Promise.resolve({ status: { allowed: allow(spec) } } as T);
    },
  };
}

const need = (verb: AccessNeed['verb'], group: string, kind: string, namespace: string): AccessNeed => ({
  verb,
  group,
  kind,
  namespace,
});

describe('checkSyncAccess', () => {
  it('passes when every review allows, asking once per verb, resource and namespace', async () => {
    const c = cluster(() => true, 'admin');
    const needs = [
      need('patch', 'apps', 'Deployment', 'web'),
      need('patch', 'apps', 'Deployment', 'web'),
      need('create', '', 'Namespace', 'web'),
    ];
    expect(await checkSyncAccess(c, needs)).toEqual({ ok: true, value: undefined });
    expect(c.reviews).toEqual([
      { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'web' },
      { verb: 'create', group: '', resource: 'namespaces' },
    ]);
  });

  it('fails with one problem naming every denial in plain words', async () => {
    const c = cluster((r) => r.verb === 'get', 'testbed-viewer');
    const result = await checkSyncAccess(c, [
      need('patch', 'apps', 'Deployment', 'web'),
      need('get', '', 'ConfigMap', 'web'),
      need('delete', '', 'ConfigMap', 'web'),
      need('update', '', 'ConfigMap', 'web'),
      need('create', '', 'Namespace', ''),
    ]);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: 'sync.forbidden',
          message:
            'The identity testbed-viewer may not patch deployments.apps in namespace web, delete and update configmaps in namespace web, create namespaces on cluster c2; nothing was changed.',
          hint: 'Ask a cluster admin to grant these permissions (a Role or ClusterRole bound to testbed-viewer), or sync with a kubeconfig context that has them.',
        },
      ],
    });
  });

  it('names the kubeconfig user when the server cannot say who it is', async () => {
    const result = await checkSyncAccess(
      cluster(() => false),
      [need('patch', 'apps', 'Deployment', 'web')],
    );
    expect(result.ok === false && result.problems[0]?.message).toMatch(
      /^The identity kube-user may not patch/,
    );
  });

  it('skips kinds the server does not serve yet (a CRD the sync creates first)', async () => {
    const c = cluster(() => true, 'admin');
    const result = await checkSyncAccess(c, [need('patch', 'example.com', 'Widget', 'web')]);
    expect(result.ok).toBe(true);
    expect(c.reviews).toEqual([]);
  });
});
