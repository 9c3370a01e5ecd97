import { describe, expect, it } from 'vitest';
import {
  collectionPath,
  objectPath,
  parseResourcePath,
  rbacVerb,
  resourceLabel,
} from '../../../../src/engine/cluster/paths.js';
import type { ResourceInfo } from '../../../../src/engine/cluster/paths.js';

const deployments: ResourceInfo = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  resource: 'deployments',
  namespaced: true,
  verbs: [],
};
const namespaces: ResourceInfo = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  resource: 'namespaces',
  namespaced: false,
  verbs: [],
};

describe('API paths', () => {
  it('builds core, group, namespaced and cluster-scoped paths', () => {
    expect(objectPath(deployments, { namespace: 'web', name: 'api' })).toBe(
      '/apis/apps/v1/namespaces/web/deployments/api',
    );
    expect(collectionPath(deployments)).toBe('/apis/apps/v1/deployments');
    expect(objectPath(namespaces, { namespace: 'ignored', name: 'web' })).toBe('/api/v1/namespaces/web');
    expect(() => objectPath(deployments, { namespace: '', name: 'api' })).toThrow(/namespaced/);
  });

  it('parses paths back for messages, telling a Namespace object from a namespaced path', () => {
    expect(parseResourcePath('/apis/apps/v1/namespaces/web/deployments/api')).toEqual({
      group: 'apps',
      version: 'v1',
      namespace: 'web',
      resource: 'deployments',
      name: 'api',
    });
    expect(parseResourcePath('/api/v1/namespaces/web')).toEqual({
      group: '',
      version: 'v1',
      resource: 'namespaces',
      name: 'web',
    });
    expect(parseResourcePath('/api/v1/configmaps?labelSelector=x')).toEqual({
      group: '',
      version: 'v1',
      resource: 'configmaps',
    });
    expect(parseResourcePath('/version')).toBeUndefined();
  });

  it('names the RBAC verb of a request', () => {
    const p = (path: string) => parseResourcePath(path);
    expect(rbacVerb('GET', p('/api/v1/configmaps'), { watch: 1 })).toBe('watch');
    expect(rbacVerb('GET', p('/api/v1/configmaps'))).toBe('list');
    expect(rbacVerb('GET', p('/api/v1/namespaces/a/configmaps/b'))).toBe('get');
    expect(rbacVerb('PATCH', p('/api/v1/namespaces/a/configmaps/b'))).toBe('patch');
    expect(rbacVerb('DELETE', p('/api/v1/namespaces/a/configmaps'))).toBe('deletecollection');
    expect(resourceLabel(p('/apis/apps/v1/namespaces/a/deployments/b/scale')!)).toBe(
      'deployments.apps/scale',
    );
  });
});
