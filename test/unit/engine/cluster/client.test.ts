/** ClusterClient against a small fake API server on 127.0.0.1 (plain HTTP): wire format, not semantics. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../../../src/engine/cluster/client.js';
import type { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import { formatProblem } from '../../../../src/engine/problem.js';
import type { KubeObject } from '../../../../src/engine/objects.js';

const token = 'tok-0123456789-very-secret';
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/cluster/${name}`, import.meta.url), 'utf8'));

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let port: number;
let connections = 0;
const seen: Seen[] = [];
let hang = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (hang) return; // never answer: the client's time limit must fire
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, doc: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(doc));
      };
      if (url.pathname === '/api') return json(200, fixture('aggregated-api.json'));
      if (url.pathname === '/apis') return json(200, fixture('aggregated-apis.json'));
      if (url.pathname === '/version') return json(200, { major: '1', minor: '36', gitVersion: 'v1.36.3' });
      if (req.method === 'PATCH' && url.pathname === '/apis/apps/v1/namespaces/web/deployments/api') {
        // Echo the applied object back, as a dry-run apply does, plus a server-set field.
        const obj = JSON.parse(body) as KubeObject;
        return json(200, { ...obj, metadata: { ...obj.metadata, uid: 'u-1', resourceVersion: '7' } });
      }
      if (
        req.method === 'PATCH' &&
        url.pathname === '/apis/rbac.authorization.k8s.io/v1/clusterroles/reader'
      ) {
        return json(403, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: `clusterroles.rbac.authorization.k8s.io "reader" is forbidden: User "viewer" cannot patch resource (token ${token})`,
          details: { name: 'reader', group: 'rbac.authorization.k8s.io', kind: 'clusterroles' },
        });
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/namespaces/web/configmaps/missing') {
        return json(404, {
          kind: 'Status',
          reason: 'NotFound',
          code: 404,
          message: 'configmaps "missing" not found',
          details: { name: 'missing', kind: 'configmaps' },
        });
      }
      if (
        req.method === 'GET' &&
        url.pathname === '/api/v1/configmaps' &&
        url.searchParams.get('watch') === '1'
      ) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const line =
          JSON.stringify({
            type: 'ADDED',
            object: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'a', namespace: 'web', resourceVersion: '5' },
            },
          }) + '\n';
        // Split one event across writes: the reader must reassemble lines.
        res.write(line.slice(0, 20));
        setTimeout(
          () =>
            res.write(
              line.slice(20) +
                JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } }) +
                '\n',
            ),
          20,
        );
        return;
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/configmaps') {
        const page = url.searchParams.get('continue');
        return json(200, {
          kind: 'ConfigMapList',
          metadata: { resourceVersion: '4', ...(page ? {} : { continue: 'page2' }) },
          items: [
            {
              metadata: {
                name: page ? 'b' : 'a',
                namespace: 'web',
                resourceVersion: page ? '3' : '2',
                labels: { 'flotilla.dev/app': 'x' },
              },
              data: { k: 'v' },
            },
          ],
        });
      }
      json(404, {
        kind: 'Status',
        reason: 'NotFound',
        code: 404,
        message: 'the server could not find the requested resource',
        details: {},
      });
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const clients: ClusterClient[] = [];
afterEach(async () => {
  hang = false;
  seen.length = 0;
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

function kubeConfig(serverUrl = `http://127.0.0.1:${port}`): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: serverUrl, skipTLSVerify: true }],
    users: [{ name: 'admin', token }],
    contexts: [
      { name: 'other', cluster: 'fake', user: 'admin' },
      { name: 'fake', cluster: 'fake', user: 'admin' },
    ],
    currentContext: 'other',
  });
  return kc;
}

function client(opts: Partial<ConstructorParameters<typeof ClusterClient>[0]> = {}): ClusterClient {
  const c = new ClusterClient({ context: 'fake', name: 'fake-1', kubeConfig: kubeConfig(), ...opts });
  clients.push(c);
  return c;
}

describe('ClusterClient wire format', () => {
  it('sends a server-side apply as raw JSON: every field arrives and returns, with the SSA query and content type', async () => {
    const c = client();
    const desired: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'web', labels: { 'flotilla.dev/app': 'web' } },
      spec: {
        replicas: 2,
        someFutureField: { nested: [1, 'two'] },
        template: { spec: { containers: [{ name: 'c', image: 'x', futureContainerField: true }] } },
      },
    };
    const result = await c.applyServerSide(desired, { dryRun: true });
    const patch = seen.find((s) => s.method === 'PATCH')!;
    expect(patch.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(patch.headers.authorization).toBe(`Bearer ${token}`);
    const query = new URL(patch.url, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toEqual({ fieldManager: 'flotilla', force: 'true', dryRun: 'All' });
    expect(JSON.parse(patch.body)).toEqual(desired);
    expect(result.spec).toEqual(desired.spec);
    expect(result.metadata.uid).toBe('u-1');
  });

  it('leaves dryRun out of a real apply', async () => {
    const c = client();
    await c.applyServerSide(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'web' } },
      { dryRun: false, force: false },
    );
    const query = new URL(seen.find((s) => s.method === 'PATCH')!.url, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toEqual({ fieldManager: 'flotilla', force: 'false' });
  });

  it("uses the named context even when the kubeconfig's current context is another, and does not change it", async () => {
    const kc = kubeConfig();
    const c = new ClusterClient({ context: 'fake', kubeConfig: kc });
    clients.push(c);
    await c.probe();
    expect(kc.getCurrentContext()).toBe('other');
    expect(c.status.reachability).toBe('reachable');
  });

  it('reuses one keep-alive connection for many requests', async () => {
    const c = client();
    const before = connections;
    for (let i = 0; i < 8; i++) await c.requestJson('GET', '/version');
    expect(connections - before).toBe(1);
  });

  it('maps a 403 to a forbidden problem naming verb and resource, with the token redacted', async () => {
    const c = client();
    const err = (await c
      .applyServerSide(
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } },
        { dryRun: true },
      )
      .catch((e: unknown) => e)) as ClusterRequestError;
    expect(err.problem.code).toBe('cluster.forbidden');
    expect(err.problem.message).toBe(
      'Cluster fake-1: context "fake" may not patch clusterroles.rbac.authorization.k8s.io reader (403 Forbidden).',
    );
    expect(formatProblem(err.problem)).not.toContain(token);
    // Cluster-scoped: no namespace in the path even though the object named none.
    expect(seen.find((s) => s.method === 'PATCH')!.url).toMatch(
      /^\/apis\/rbac\.authorization\.k8s\.io\/v1\/clusterroles\/reader\?/,
    );
  });

  it('answers undefined for a missing object', async () => {
    const c = client();
    await expect(
      c.get({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'missing' }),
    ).resolves.toBeUndefined();
  });

  it('lists across pages and restores apiVersion and kind on items', async () => {
    const c = client();
    const items = await c.list(
      { group: '', version: 'v1', kind: 'ConfigMap' },
      { labelSelector: 'flotilla.dev/app' },
    );
    expect(items.map((i) => [i.apiVersion, i.kind, i.metadata.name])).toEqual([
      ['v1', 'ConfigMap', 'a'],
      ['v1', 'ConfigMap', 'b'],
    ]);
    const lists = seen.filter((s) => s.url.startsWith('/api/v1/configmaps'));
    expect(lists.map((s) => new URL(s.url, 'http://x').searchParams.get('continue'))).toEqual([
      null,
      'page2',
    ]);
  });

  it('refuses a real apply on a read-only cluster without sending it, but allows the dry-run', async () => {
    const c = client({ readOnly: true });
    const obj: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'web' },
    };
    await expect(c.applyServerSide(obj, { dryRun: false })).rejects.toMatchObject({
      problem: { code: 'cluster.read-only' },
    });
    expect(seen.filter((s) => s.method === 'PATCH')).toHaveLength(0);
    await expect(c.applyServerSide(obj, { dryRun: true })).resolves.toMatchObject({ kind: 'Deployment' });
  });

  it('sends the identity reviews on a read-only cluster, and refuses other POSTs of their groups', async () => {
    const c = client({ readOnly: true });
    const reviews = [
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    ];
    for (const path of reviews) {
      // The fake server does not know them (404): what matters is that they were sent.
      await expect(c.request({ method: 'POST', path, body: {} })).rejects.toMatchObject({ status: 404 });
    }
    for (const path of [
      '/apis/authentication.k8s.io/v1/tokenreviews',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews/x',
    ]) {
      await expect(c.request({ method: 'POST', path, body: {} })).rejects.toMatchObject({
        problem: { code: 'cluster.read-only' },
      });
    }
    expect(seen.filter((s) => s.method === 'POST').map((s) => s.url)).toEqual(reviews);
  });

  it('reports an unreachable server by its URL and marks the cluster unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = new ClusterClient({
      context: 'fake',
      name: 'dead',
      kubeConfig: kubeConfig(`http://127.0.0.1:${deadPort}`),
    });
    clients.push(c);
    const s = await c.probe();
    expect(s.reachability).toBe('unreachable');
    expect(s.problem?.message).toBe(
      `Cluster dead: cannot reach the API server at http://127.0.0.1:${deadPort} (connection refused).`,
    );
  });

  it('gives up on a server that does not answer within the time limit', async () => {
    hang = true;
    const c = client({ requestTimeoutMs: 300 });
    const err = (await c.requestJson('GET', '/version').catch((e: unknown) => e)) as ClusterRequestError;
    expect(err.problem.code).toBe('cluster.unreachable');
    expect(err.problem.message).toContain('did not answer within 0.3 s');
  });

  it('watches with the tracking label and reassembles events split across chunks', async () => {
    const c = client();
    const changes: string[] = [];
    c.onChange((ch) => changes.push(`${ch.type} ${ch.identity.namespace}/${ch.identity.name}`));
    await c.watchKinds([{ group: '', version: 'v1', kind: 'ConfigMap' }]);
    const deadline = Date.now() + 3_000;
    while (!changes.includes('added web/b') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    while (c.watchStatuses()[0]?.resourceVersion !== '6' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    // Listed a@2, b@3; then the watch delivered a@5 (split across two writes) and a bookmark.
    expect(changes).toEqual(['added web/a', 'added web/b', 'modified web/a']);
    const watchReq = seen.find((s) => s.url.includes('watch=1'))!;
    expect(Object.fromEntries(new URL(watchReq.url, 'http://x').searchParams)).toMatchObject({
      labelSelector: 'flotilla.dev/app',
      resourceVersion: '4',
      allowWatchBookmarks: 'true',
    });
    expect(
      c.cached({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'a' })?.metadata.resourceVersion,
    ).toBe('5');
  });

  it('takes credentials from an exec plugin, as kubectl does', async () => {
    const kc = new KubeConfig();
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'exec-token-0123456789', expirationTimestamp: '2999-01-01T00:00:00Z' },
    };
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [
        {
          name: 'plugin',
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: ['-e', `console.log(${JSON.stringify(JSON.stringify(credential))})`],
            interactiveMode: 'Never',
          },
        },
      ],
      contexts: [{ name: 'exec', cluster: 'fake', user: 'plugin' }],
      currentContext: 'exec',
    });
    const c = new ClusterClient({ context: 'exec', kubeConfig: kc });
    clients.push(c);
    await c.requestJson('GET', '/version');
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer exec-token-0123456789');
  });

  it("goes through the context's proxy-url, keeping one proxied connection alive", async () => {
    let connects = 0;
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      connects++;
      const [host, targetPort] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(targetPort), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [
          {
            name: 'fake',
            server: `http://127.0.0.1:${port}`,
            skipTLSVerify: true,
            proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
          },
        ],
        users: [{ name: 'admin', token }],
        contexts: [{ name: 'proxied', cluster: 'fake', user: 'admin' }],
        currentContext: 'proxied',
      });
      const c = new ClusterClient({ context: 'proxied', kubeConfig: kc });
      for (let i = 0; i < 4; i++) await c.requestJson('GET', '/version');
      await c.stop();
      expect(connects).toBe(1);
      expect(seen.filter((s) => s.url === '/version')).toHaveLength(4);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('names the known contexts when the asked one does not exist', () => {
    expect(() => new ClusterClient({ context: 'nope', kubeConfig: kubeConfig() })).toThrow(
      /no context "nope"[\s\S]*Known contexts: other, fake/,
    );
  });
});
