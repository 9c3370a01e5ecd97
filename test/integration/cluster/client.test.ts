/** ClusterClient against the real test bed: status, discovery, dry-run server-side apply, identities. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/engine/cluster/client.js';
import type { ClusterRequestError } from '../../../src/engine/cluster/errors.js';
import type { KubeObject } from '../../../src/engine/objects.js';
import { formatProblem } from '../../../src/engine/problem.js';
import { kubectl } from '../../support/testbed.js';
import { auditEvents, clientFor, tb, waitUntil } from './helpers.js';

const ns = `it-cluster-${process.pid}`;
const crdGroup = 'mangle.flotilla.dev';
const clients: ClusterClient[] = [];
const admin = (n: number) => clients[n - 1]!;

beforeAll(async () => {
  for (const n of [1, 2, 3]) clients.push(clientFor(n, { discovery: { minRefreshIntervalMs: 0 } }));
  await kubectl(1, ['create', 'namespace', ns]);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await kubectl(1, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
  await kubectl(1, ['delete', 'crd', `deployments.${crdGroup}`, '--ignore-not-found', '--wait=false']);
});

/** Every leaf of `sent` is present, equal, in `got`: nothing the client sent was dropped on the way. */
function expectNothingDropped(sent: unknown, got: unknown, path = ''): void {
  if (sent && typeof sent === 'object') {
    expect(got, `missing ${path || '/'}`).toBeTypeOf('object');
    for (const [k, v] of Object.entries(sent))
      expectNothingDropped(v, (got as Record<string, unknown>)?.[k], `${path}/${k}`);
  } else {
    expect(got, `field ${path}`).toEqual(sent);
  }
}

describe('cluster status on the test bed', () => {
  it.each([1, 2, 3])('cluster %i is reachable, reports its version, latency and write access', async (n) => {
    const before = Date.now();
    const s = await admin(n).probe();
    expect(s.reachability).toBe('reachable');
    expect(s.server).toBe(tb.apiserverUrl(n));
    expect(s.version?.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(s.latencyMs).toBeGreaterThan(0);
    expect(s.latencyMs).toBeLessThan(5_000);
    expect(s.smoothedLatencyMs).toBeGreaterThan(0);
    expect(s.lastContactAt).toBeGreaterThanOrEqual(before);
    expect(s.canWrite).toBe(true);
    expect(s.problem).toBeUndefined();
  });

  it('the viewer identity may not write, and says why', async () => {
    const viewer = clientFor(1, { viewer: true });
    try {
      const s = await viewer.probe();
      expect(s.reachability).toBe('reachable');
      expect(s.canWrite).toBe(false);
      expect(s.canWriteReason).toContain('may not patch deployments.apps');
    } finally {
      await viewer.stop();
    }
  });
});

describe('discovery on the test bed', () => {
  it('maps Deployment to namespaced deployments and ClusterRole to cluster-scoped clusterroles', async () => {
    const c = admin(2);
    expect(await c.resolve('apps', 'v1', 'Deployment')).toMatchObject({
      resource: 'deployments',
      namespaced: true,
    });
    expect(await c.resolve('rbac.authorization.k8s.io', 'v1', 'ClusterRole')).toMatchObject({
      resource: 'clusterroles',
      namespaced: false,
    });
    expect(await c.resolve('', 'v1', 'ConfigMap')).toMatchObject({
      resource: 'configmaps',
      namespaced: true,
    });
    expect(c.isNamespaced('apps', 'Deployment')).toBe(true);
    expect(c.isNamespaced('rbac.authorization.k8s.io', 'ClusterRole')).toBe(false);
    expect(c.isNamespaced('', 'Namespace')).toBe(false);
    const unknown = (await c
      .resolve('nope.flotilla.dev', 'v1', 'Nothing')
      .catch((e: unknown) => e)) as ClusterRequestError;
    expect(unknown.problem.code).toBe('cluster.unknown-kind');
  });
});

describe('dry-run server-side apply on the test bed', () => {
  const deployment = (name: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: ns,
      labels: { 'flotilla.dev/app': 'it', tier: 'web' },
      annotations: { 'flotilla.dev/tracking-id': `it:apps/Deployment:${ns}/${name}`, note: 'kept' },
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 4,
      minReadySeconds: 2,
      progressDeadlineSeconds: 120,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: name }, annotations: { 'example.com/checksum': 'abc' } },
        spec: {
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'web',
              image: 'registry.example/web:1.2.3',
              args: ['--port', '8080'],
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'MODE', value: 'prod' }],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 7 },
            },
          ],
        },
      },
    },
  });

  it('keeps every field of a Deployment, is audited with dryRun=All, and creates nothing', async () => {
    const c = admin(1);
    const name = `dry-${Date.now()}`;
    const desired = deployment(name);
    const result = await c.applyServerSide(desired, { dryRun: true });
    // The server's answer holds every field we sent (plus defaults and server-set metadata).
    expectNothingDropped(desired, result);
    expect(result.metadata.uid).toBeTypeOf('string');
    expect((result.spec as { template: { spec: { dnsPolicy?: string } } }).template.spec.dnsPolicy).toBe(
      'ClusterFirst',
    );
    expect(JSON.stringify(result.metadata.managedFields)).toContain('"manager":"flotilla"');

    await waitUntil(
      'the dry-run apply in the audit log',
      () => auditEvents(1).some((e) => e.objectRef?.name === name && e.verb === 'patch'),
      10_000,
    );
    const patch = auditEvents(1).filter((e) => e.objectRef?.name === name && e.verb === 'patch');
    expect(patch.length).toBeGreaterThan(0);
    for (const e of patch) {
      expect(e.requestURI).toContain('dryRun=All');
      expect(e.requestURI).toContain('fieldManager=flotilla');
      expect(e.requestURI).toContain('force=true');
      expect(e.user.username).toBe('testbed-admin');
    }
    // Nothing was stored.
    await expect(kubectl(1, ['get', 'deployment', name, '-n', ns])).rejects.toThrow(/not found/i);
    await expect(c.get({ group: 'apps', kind: 'Deployment', namespace: ns, name })).resolves.toBeUndefined();
  });

  it("keeps unknown fields of a custom resource named like a built-in (apps/v1 Deployment's typed-serialiser trap)", async () => {
    const c = admin(1);
    // Warm discovery first, so the CRD created next is found by the refresh on an unknown kind.
    await c.resolve('apps', 'v1', 'Deployment');
    await kubectl(1, ['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `deployments.${crdGroup}` },
        spec: {
          group: crdGroup,
          scope: 'Namespaced',
          names: {
            plural: 'deployments',
            singular: 'deployment',
            kind: 'Deployment',
            listKind: 'DeploymentList',
          },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
                },
              },
            },
          ],
        },
      }),
    });
    await kubectl(1, ['wait', '--for=condition=Established', `crd/deployments.${crdGroup}`, '--timeout=60s']);
    // Kind Deployment, version v1: client-node 1.4's ObjectSerializer would treat it as V1Deployment and drop these.
    const desired: KubeObject = {
      apiVersion: `${crdGroup}/v1`,
      kind: 'Deployment',
      metadata: { name: 'future', namespace: ns },
      spec: { someFutureField: { depth: [1, { two: 'x' }] }, replicas: 'not-a-number', futureFlag: true },
    };
    let result: KubeObject | undefined;
    // Aggregated discovery can take a moment to list a just-established CRD.
    await waitUntil(
      'the CRD served and the dry-run accepted',
      async () => {
        result = await c.applyServerSide(desired, { dryRun: true }).catch(() => undefined);
        return result !== undefined;
      },
      30_000,
      500,
    );
    expect(result!.spec).toEqual(desired.spec);
    expectNothingDropped(desired, result);
    expect(c.isNamespaced(crdGroup, 'Deployment')).toBe(true);
    await expect(kubectl(1, ['get', `deployments.${crdGroup}`, 'future', '-n', ns])).rejects.toThrow(
      /not found/i,
    );
  });

  it('the viewer identity gets a forbidden Problem for a dry-run apply, naming verb and resource, no token', async () => {
    const viewer = clientFor(1, { viewer: true });
    try {
      const err = (await viewer
        .applyServerSide(deployment('viewer-try'), { dryRun: true })
        .catch((e: unknown) => e)) as ClusterRequestError;
      expect(err.problem.code).toBe('cluster.forbidden');
      expect(err.status).toBe(403);
      expect(err.problem.message).toBe(
        `Cluster testbed-1-viewer: context "testbed-1-viewer" may not patch deployments.apps ${ns}/viewer-try in namespace ${ns} (403 Forbidden).`,
      );
      const token = (
        await kubectl(1, [
          'config',
          'view',
          '--raw',
          '-o',
          'jsonpath={.users[?(@.name=="testbed-viewer")].user.token}',
        ])
      ).trim();
      expect(token.length).toBeGreaterThan(8);
      expect(formatProblem(err.problem)).not.toContain(token);
      // Reads work for the viewer.
      await expect(
        viewer.list({ group: 'apps', version: 'v1', kind: 'Deployment' }, { namespace: ns }),
      ).resolves.toEqual([]);
    } finally {
      await viewer.stop();
    }
  });

  it('reads a live object as raw JSON, with string timestamps (no typed models)', async () => {
    const c = admin(1);
    const ns1 = await c.get({ group: '', kind: 'Namespace', namespace: '', name: ns });
    expect(ns1?.kind).toBe('Namespace');
    expect(typeof ns1?.metadata.creationTimestamp).toBe('string');
  });
});
