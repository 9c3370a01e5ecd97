/** The detail requests (children, events) against a fake API server on 127.0.0.1: what is asked, and how. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../../../src/engine/cluster/client.js';
import { labelSelectorQuery } from '../../../../src/engine/cluster/selector.js';
import { appEvents, childNodes } from '../../../../src/engine/monitor/detail.js';
import { identityKey } from '../../../../src/engine/objects.js';
import type { ResourceStatus } from '../../../../src/engine/status/index.js';

interface Discovery {
  items: { metadata: { name?: string }; versions: { resources: Record<string, unknown>[] }[] }[];
}
const fixture = (name: string): Discovery =>
  JSON.parse(
    readFileSync(new URL(`../../../fixtures/cluster/${name}`, import.meta.url), 'utf8'),
  ) as Discovery;
const resource = (plural: string, group: string, kind: string) => ({
  resource: plural,
  responseKind: { group, version: 'v1', kind },
  scope: 'Namespaced',
  verbs: ['get', 'list', 'watch'],
});

const core = fixture('aggregated-api.json');
core.items[0]!.versions[0]!.resources.push(resource('events', '', 'Event'));
const groups = fixture('aggregated-apis.json');
groups.items
  .find((g) => g.metadata.name === 'apps')!
  .versions[0]!.resources.push(resource('replicasets', 'apps', 'ReplicaSet'));

const labels = { app: 'web', tier: 'front' };
const owned = (uid: string) => [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid }];
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid: 'dep-1' },
  spec: {
    selector: {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
    },
  },
};
const replicaSets = [
  {
    metadata: { name: 'web-7d', namespace: 'shop', uid: 'rs-1', labels, ownerReferences: owned('dep-1') },
    spec: { selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d' } } },
  },
  // Same labels, another owner (a copy made by hand): not a child.
  { metadata: { name: 'web-copy', namespace: 'shop', uid: 'rs-9', labels, ownerReferences: owned('other') } },
];
const pods = [
  { metadata: { name: 'web-7d-a', namespace: 'shop', uid: 'pod-1', labels, ownerReferences: owned('rs-1') } },
  { metadata: { name: 'web-7d-b', namespace: 'shop', uid: 'pod-2', labels, ownerReferences: owned('rs-1') } },
];
const event = (uid: string, kind: string, name: string, type: string, at: string) => ({
  metadata: { name: `${name}.1`, namespace: 'shop' },
  involvedObject: { uid, kind, name },
  type,
  reason: type === 'Warning' ? 'BackOff' : 'Scheduled',
  message: `about ${name}`,
  count: 1,
  lastTimestamp: at,
});
const events = [
  event('dep-1', 'Deployment', 'web', 'Normal', '2026-01-01T00:00:01Z'),
  event('rs-1', 'ReplicaSet', 'web-7d', 'Normal', '2026-01-01T00:00:02Z'),
  event('pod-1', 'Pod', 'web-7d-a', 'Warning', '2026-01-01T00:00:03Z'),
  event('pod-2', 'Pod', 'web-7d-b', 'Normal', '2026-01-01T00:00:04Z'),
  event('cm-1', 'ConfigMap', 'web-config', 'Normal', '2026-01-01T00:00:05Z'),
  event('rs-9', 'ReplicaSet', 'web-copy', 'Warning', '2026-01-01T00:00:06Z'),
];

let server: http.Server;
let port: number;
const seen: URL[] = [];

/** Keeps the list items a field selector `involvedObject.uid=…` or `involvedObject.kind=…,…name=…` selects. */
function selectEvents(selector: string | null): unknown[] {
  const terms = new Map((selector ?? '').split(',').map((t) => t.split('=') as [string, string]));
  return events.filter(
    (e) =>
      (!terms.has('involvedObject.uid') || terms.get('involvedObject.uid') === e.involvedObject.uid) &&
      (!terms.has('involvedObject.kind') || terms.get('involvedObject.kind') === e.involvedObject.kind) &&
      (!terms.has('involvedObject.name') || terms.get('involvedObject.name') === e.involvedObject.name),
  );
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url);
    const json = (status: number, doc: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(doc));
    };
    const list = (items: unknown[]) => json(200, { metadata: { resourceVersion: '1' }, items });
    switch (url.pathname) {
      case '/api':
        return json(200, core);
      case '/apis':
        return json(200, groups);
      case '/apis/apps/v1/namespaces/shop/deployments/web':
        return json(200, deployment);
      case '/apis/apps/v1/namespaces/shop/replicasets/web-7d':
        return json(200, { apiVersion: 'apps/v1', kind: 'ReplicaSet', ...replicaSets[0] });
      case '/apis/apps/v1/namespaces/shop/replicasets':
        return list(replicaSets);
      case '/api/v1/namespaces/shop/pods':
        return list(pods);
      case '/api/v1/namespaces/shop/events':
        return list(selectEvents(url.searchParams.get('fieldSelector')));
      default:
        return json(404, { kind: 'Status', code: 404, reason: 'NotFound', details: {} });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const clients: ClusterClient[] = [];
afterEach(async () => {
  seen.length = 0;
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

function client(): ClusterClient {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'admin', token: 'tok-0123456789' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'admin' }],
    currentContext: 'fake',
  });
  const c = new ClusterClient({ context: 'fake', kubeConfig: kc });
  clients.push(c);
  return c;
}

/** The list requests sent, as `path?query`, discovery left out. */
const lists = () =>
  seen
    .filter((u) => u.pathname !== '/api' && u.pathname !== '/apis' && !/\/(web|web-7d)$/.test(u.pathname))
    .map((u) => {
      const q = new URLSearchParams(u.searchParams);
      q.delete('limit');
      return `${u.pathname}?${q.toString()}`;
    });

const status = (kind: string, group: string, name: string): ResourceStatus => ({
  group,
  kind,
  namespace: 'shop',
  name,
  sync: 'Synced',
  health: null,
  message: '',
});

describe('children of a tree node', () => {
  it("lists a Deployment's ReplicaSets by its selector and keeps those it owns", async () => {
    const children = await childNodes(client(), {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(children.map((c) => identityKey(c.identity))).toEqual(['apps/ReplicaSet/shop/web-7d']);
    expect(lists()).toEqual([
      `/apis/apps/v1/namespaces/shop/replicasets?${new URLSearchParams({ labelSelector: 'app=web,tier in (front)' })}`,
    ]);
  });

  it("lists a ReplicaSet's Pods by its selector, never every Pod of the namespace", async () => {
    const children = await childNodes(client(), {
      group: 'apps',
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: 'web-7d',
    });
    expect(children.map((c) => identityKey(c.identity))).toEqual([
      '/Pod/shop/web-7d-a',
      '/Pod/shop/web-7d-b',
    ]);
    expect(lists()).toEqual([
      `/api/v1/namespaces/shop/pods?${new URLSearchParams({ labelSelector: 'app=web,pod-template-hash=7d' })}`,
    ]);
  });
});

describe('events of an app', () => {
  it('asks per object, filtered on the server: by uid for live objects and what they own, else by kind and name', async () => {
    const found = await appEvents(client(), [
      status('Deployment', 'apps', 'web'),
      status('ConfigMap', '', 'web-config'),
      { ...status('Service', '', 'gone'), sync: 'Missing' },
    ]);
    const eventLists = lists().filter((l) => l.startsWith('/api/v1/namespaces/shop/events'));
    const selectors = eventLists.map((l) => new URLSearchParams(l.split('?')[1]).get('fieldSelector'));
    expect(selectors.sort()).toEqual(
      [
        'involvedObject.kind=ConfigMap,involvedObject.name=web-config',
        'involvedObject.uid=dep-1',
        'involvedObject.uid=pod-1',
        'involvedObject.uid=pod-2',
        'involvedObject.uid=rs-1',
      ].sort(),
    );
    // Every list carries a selector: no namespace-wide list of Events, Pods or ReplicaSets.
    for (const l of lists()) expect(l).toMatch(/[?&](fieldSelector|labelSelector)=/);
    // Warnings first, then newest first; the stray ReplicaSet's events are not the app's.
    expect(found.map((e) => `${e.type} ${e.object}`)).toEqual([
      'Warning Pod/web-7d-a',
      'Normal ConfigMap/web-config',
      'Normal Pod/web-7d-b',
      'Normal ReplicaSet/web-7d',
      'Normal Deployment/web',
    ]);
  });
});

describe('labelSelectorQuery', () => {
  it('writes matchLabels and every operator, and refuses what it cannot write safely', () => {
    expect(
      labelSelectorQuery({
        matchLabels: { 'app.kubernetes.io/name': 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['db', 'cache'] },
          { key: 'canary', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app.kubernetes.io/name=web,tier notin (db,cache),canary,!legacy');
    expect(labelSelectorQuery({})).toBeUndefined();
    expect(labelSelectorQuery({ matchLabels: { app: 'a,b=c' } })).toBeUndefined();
    expect(
      labelSelectorQuery({ matchExpressions: [{ key: 'x', operator: 'Near', values: [] }] }),
    ).toBeUndefined();
  });
});
