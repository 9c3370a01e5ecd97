import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Discovery,
  ResourceIndex,
  parseAggregatedDiscovery,
  parseGroupList,
  parseResourceList,
} from '../../../../src/engine/cluster/discovery.js';
import { ClusterRequestError, problemFromResponse } from '../../../../src/engine/cluster/errors.js';
import { silentLogger } from '../../../../src/engine/cluster/deps.js';
import type { RawRequest, RawResponse } from '../../../../src/engine/cluster/transport.js';
import { FakeClock } from './fake-clock.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/cluster/${name}`, import.meta.url), 'utf8'));

describe('discovery parsing', () => {
  it('reads aggregated discovery: plural, scope and verbs per group/version/kind, subresources left out', () => {
    const all = [
      ...parseAggregatedDiscovery(fixture('aggregated-api.json')),
      ...parseAggregatedDiscovery(fixture('aggregated-apis.json')),
    ];
    const ix = new ResourceIndex(all);
    expect(ix.find('apps', 'v1', 'Deployment')).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      resource: 'deployments',
      namespaced: true,
      verbs: expect.arrayContaining(['patch', 'watch']) as unknown,
    });
    expect(ix.find('rbac.authorization.k8s.io', 'v1', 'ClusterRole')?.namespaced).toBe(false);
    expect(ix.find('', 'v1', 'Namespace')).toMatchObject({ resource: 'namespaces', namespaced: false });
    expect(ix.find('', 'v1', 'ConfigMap')).toMatchObject({ resource: 'configmaps', namespaced: true });
    // Subresources (deployments/scale, pods/log) are not resources of their own.
    expect(all.filter((r) => r.kind === 'Scale')).toEqual([]);
    expect(all.filter((r) => r.resource.includes('/'))).toEqual([]);
  });

  it('takes the first listed version of a group as the preferred one', () => {
    const ix = new ResourceIndex(parseAggregatedDiscovery(fixture('aggregated-apis.json')));
    expect(ix.findKind('example.flotilla.dev', 'Widget')?.version).toBe('v2');
    expect(ix.find('example.flotilla.dev', 'v1beta1', 'Widget')?.resource).toBe('widgets');
  });

  it('reads classic resource lists and group lists', () => {
    const core = parseResourceList(fixture('classic-core-v1.json'));
    expect(core.map((r) => `${r.group}/${r.version}/${r.kind}:${r.resource}:${r.namespaced}`)).toEqual([
      '/v1/ConfigMap:configmaps:true',
      '/v1/Namespace:namespaces:false',
    ]);
    const apps = parseResourceList(fixture('classic-apps-v1.json'));
    expect(apps).toEqual([
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        resource: 'deployments',
        namespaced: true,
        verbs: expect.any(Array) as unknown,
      },
    ]);
    expect(parseGroupList(fixture('classic-apis.json'))).toEqual([
      { group: 'apps', version: 'v1' },
      { group: 'rbac.authorization.k8s.io', version: 'v1' },
      { group: 'metrics.k8s.io', version: 'v1beta1' },
    ]);
  });

  it('ignores malformed entries instead of failing', () => {
    expect(
      parseAggregatedDiscovery({ items: [{ versions: [{ resources: [{ resource: 'x' }] }] }, null, 3] }),
    ).toEqual([]);
    expect(parseResourceList('nonsense')).toEqual([]);
    expect(parseGroupList({ groups: [{}] })).toEqual([]);
  });
});

/** A fake server answering discovery paths from fixtures, counting requests. */
function fakeServer(docs: Record<string, unknown>) {
  const calls: string[] = [];
  const fetch = async (req: RawRequest): Promise<RawResponse> => {
    calls.push(req.path);
    const doc = docs[req.path];
    if (doc === undefined)
      throw problemFromResponse(
        404,
        { kind: 'Status', message: 'the server could not find the requested resource', reason: 'NotFound' },
        { cluster: 'c', context: 'c', server: 'https://127.0.0.1:1', method: 'GET', path: req.path },
      );
    if (doc instanceof Error) throw doc;
    return { status: 200, headers: {}, body: doc, latencyMs: 1 };
  };
  return { calls, fetch, docs };
}

describe('Discovery cache', () => {
  const aggregated = () => ({
    '/api': fixture('aggregated-api.json'),
    '/apis': fixture('aggregated-apis.json'),
  });

  it('asks for aggregated discovery and needs two requests for the whole cluster', async () => {
    const server = fakeServer(aggregated());
    const seenAccept: string[] = [];
    const d = new Discovery(
      async (req) => {
        seenAccept.push(req.accept ?? '');
        return server.fetch(req);
      },
      { cluster: 'c', clock: new FakeClock(), logger: silentLogger },
    );
    expect(await d.resolve('apps', 'v1', 'Deployment')).toMatchObject({
      resource: 'deployments',
      namespaced: true,
    });
    expect(server.calls.sort()).toEqual(['/api', '/apis']);
    expect(seenAccept.every((a) => a.includes('as=APIGroupDiscoveryList'))).toBe(true);
    expect(d.isNamespaced('rbac.authorization.k8s.io', 'ClusterRole')).toBe(false);
    expect(d.isNamespaced('apps', 'Deployment')).toBe(true);
    expect(d.isNamespaced('nope.example', 'Thing')).toBeUndefined();
  });

  it('falls back to one request per group-version and skips a group that fails with a server error', async () => {
    const unavailable = problemFromResponse(
      503,
      { kind: 'Status', message: 'service unavailable' },
      {
        cluster: 'c',
        context: 'c',
        server: 'https://127.0.0.1:1',
        method: 'GET',
        path: '/apis/metrics.k8s.io/v1beta1',
      },
    );
    const server = fakeServer({
      '/api': fixture('classic-api.json'),
      '/apis': fixture('classic-apis.json'),
      '/api/v1': fixture('classic-core-v1.json'),
      '/apis/apps/v1': fixture('classic-apps-v1.json'),
      '/apis/rbac.authorization.k8s.io/v1': fixture('classic-rbac-v1.json'),
      '/apis/metrics.k8s.io/v1beta1': unavailable,
    });
    const d = new Discovery(server.fetch, { cluster: 'c', clock: new FakeClock(), logger: silentLogger });
    expect(await d.resolve('', 'v1', 'Namespace')).toMatchObject({
      resource: 'namespaces',
      namespaced: false,
    });
    expect(await d.resolve('rbac.authorization.k8s.io', '', 'ClusterRole')).toMatchObject({
      resource: 'clusterroles',
      namespaced: false,
    });
    expect(server.calls).toContain('/apis/metrics.k8s.io/v1beta1');
  });

  it('serves from cache within the TTL and refreshes after it', async () => {
    const clock = new FakeClock();
    const server = fakeServer(aggregated());
    const d = new Discovery(server.fetch, { cluster: 'c', clock, logger: silentLogger, ttlMs: 60_000 });
    await d.resolve('apps', 'v1', 'Deployment');
    await d.resolve('', 'v1', 'ConfigMap');
    expect(server.calls).toHaveLength(2);
    await clock.advance(60_000);
    await d.resolve('apps', 'v1', 'Deployment');
    expect(server.calls).toHaveLength(4);
  });

  it('refreshes early when a kind is unknown (a CRD just installed), then finds it', async () => {
    const clock = new FakeClock();
    const docs = aggregated();
    const server = fakeServer(docs);
    const d = new Discovery(server.fetch, {
      cluster: 'c',
      clock,
      logger: silentLogger,
      ttlMs: 600_000,
      minRefreshIntervalMs: 10_000,
    });
    await d.resolve('apps', 'v1', 'Deployment');
    const apis = docs['/apis'] as { items: unknown[] };
    apis.items.push({
      metadata: { name: 'new.example' },
      versions: [
        {
          version: 'v1',
          resources: [{ resource: 'gadgets', responseKind: { kind: 'Gadget' }, scope: 'Cluster', verbs: [] }],
        },
      ],
    });
    await clock.advance(10_000);
    expect(await d.resolve('new.example', 'v1', 'Gadget')).toMatchObject({
      resource: 'gadgets',
      namespaced: false,
    });
    expect(server.calls).toHaveLength(4);
  });

  it('fails an unknown kind with a plain-words problem, without hammering the server', async () => {
    const clock = new FakeClock();
    const server = fakeServer(aggregated());
    const d = new Discovery(server.fetch, {
      cluster: 'prod-eu',
      clock,
      logger: silentLogger,
      minRefreshIntervalMs: 10_000,
    });
    await d.resolve('apps', 'v1', 'Deployment');
    const err = await d.resolve('apps', 'v1', 'Deploymnet').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterRequestError);
    expect((err as ClusterRequestError).problem).toMatchObject({
      code: 'cluster.unknown-kind',
      message: 'Cluster prod-eu: the API server does not serve kind Deploymnet in apps/v1.',
    });
    // Within the minimum interval a second unknown kind does not refresh again.
    await d.resolve('x.example', 'v1', 'Y').catch(() => undefined);
    expect(server.calls).toHaveLength(2);
  });

  it('shares one refresh between concurrent lookups', async () => {
    const server = fakeServer(aggregated());
    const d = new Discovery(server.fetch, { cluster: 'c', clock: new FakeClock(), logger: silentLogger });
    await Promise.all([
      d.resolve('apps', 'v1', 'Deployment'),
      d.resolve('', 'v1', 'Pod'),
      d.resolve('rbac.authorization.k8s.io', 'v1', 'Role'),
    ]);
    expect(server.calls).toHaveLength(2);
  });
});
