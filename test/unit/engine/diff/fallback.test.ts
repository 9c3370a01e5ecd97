import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyDryRunError, createDiffer, withTracking } from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { FakeCluster, load } from './support.js';

const configMap = (name: string, namespace = 'shop'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { a: '1' },
});

/** Status bodies in the API server's words, one per kind of 403. */
const denials = JSON.parse(
  readFileSync(new URL('../../../fixtures/cluster/denials.json', import.meta.url), 'utf8'),
) as Record<string, { message: string }>;
const refusal = (name: string) =>
  Object.assign(new Error('refused'), { statusCode: 403, body: denials[name] });

describe('client-side fallback', () => {
  it('falls back when the dry run is forbidden, says so, and stops asking in that namespace', async () => {
    const cluster = new FakeCluster([configMap('one'), configMap('two'), configMap('three', 'other')]);
    const differ = createDiffer({ access: cluster, concurrency: 1 });
    const app = await differ.diffApp({
      app: 'shop',
      desired: [configMap('one'), configMap('two'), configMap('three', 'other')].map((object) => ({
        object,
      })),
      live: [],
    });

    for (const r of app.resources) {
      expect(r.mode).toBe('client-side');
      expect(r.fallbackReason).toMatch(/forbidden/);
      expect(r.problems).toEqual([]);
    }
    expect(app.mode).toBe('client-side');
    // One refusal per namespace, then no more requests there.
    expect(cluster.dryRunCalls).toBe(2);
    // A read-only identity is expected: the fallback is not a problem.
    expect(app.problems).toEqual([]);
  });

  it.each(['resource-quota', 'pod-security', 'webhook', 'namespace-terminating'])(
    'an admission 403 (%s) is a problem on that resource, never taken for a read-only identity',
    async (name) => {
      // Live exactly as desired (tracking included), so only the refusal can make it unclean.
      const cluster = new FakeCluster([
        withTracking(configMap('one'), 'shop'),
        withTracking(configMap('two'), 'shop'),
      ]);
      cluster.dryRun = () => {
        throw refusal(name);
      };
      const differ = createDiffer({ access: cluster, concurrency: 1 });
      const request = {
        app: 'shop',
        desired: [configMap('one'), configMap('two')].map((object) => ({ object })),
        live: [],
      };
      const app = await differ.diffApp(request);
      for (const r of app.resources) {
        // The client-side comparison finds no change, yet a sync would be refused: not clean.
        expect(r.status).toBe('Unknown');
        expect(r.problems).toEqual([
          expect.objectContaining({
            code: 'diff.dry-run-rejected',
            message: `The API server would reject ConfigMap shop/${r.identity.name}: ${denials[name]!.message}`,
          }),
        ]);
      }
      expect(app.status).toBe('Unknown');
      // Nothing is remembered: every object is asked, and asked again on the next diff.
      expect(cluster.dryRunCalls).toBe(2);
      await differ.diffApp(request);
      expect(cluster.dryRunCalls).toBe(4);
    },
  );

  it('an admission refusal of a changed object leaves it OutOfSync, with the problem', async () => {
    const cluster = new FakeCluster([withTracking({ ...configMap('one'), data: { a: 'old' } }, 'shop')]);
    cluster.dryRun = () => {
      throw refusal('resource-quota');
    };
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: configMap('one') }],
      live: [],
    });
    expect(app.resources[0]).toMatchObject({
      status: 'OutOfSync',
      problems: [{ code: 'diff.dry-run-rejected' }],
    });
  });

  it("remembers the authorizer's refusal per kind and namespace for a bounded time only", async () => {
    let now = 1_000_000;
    const secret = (name: string): KubeObject => ({
      ...configMap(name),
      kind: 'Secret',
      data: { a: 'MQ==' },
    });
    // Live objects with a resourceVersion, so comparisons are cacheable: a cached fallback must not outlive
    // the refusal either.
    const live = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: '1' } });
    const cluster = new FakeCluster([configMap('one'), configMap('two'), secret('s')].map(live));
    const differ = createDiffer({ access: cluster, concurrency: 1, forbiddenTtlMs: 60_000, now: () => now });
    const request = {
      app: 'shop',
      desired: [configMap('one'), configMap('two'), secret('s')].map((object) => ({ object })),
      live: [],
    };
    await differ.diffApp(request);
    // One refusal for ConfigMaps, one for Secrets: a role may allow one kind and not the other.
    expect(cluster.dryRunCalls).toBe(2);
    now += 59_000;
    await differ.diffApp(request);
    expect(cluster.dryRunCalls).toBe(2);
    now += 1_000;
    cluster.dryRun = (obj) => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: '2' } });
    const granted = await differ.diffApp(request);
    expect(granted.resources.map((r) => r.mode)).toEqual(['server-side', 'server-side', 'server-side']);
  });

  it('asks a mode function on every comparison', async () => {
    let mode: 'auto' | 'client-side' = 'client-side';
    const cluster = new FakeCluster([configMap('one')]);
    cluster.dryRun = (obj) => obj;
    const differ = createDiffer({ access: cluster, mode: () => mode });
    const request = { app: 'shop', desired: [{ object: configMap('one') }], live: [] };
    await differ.diffApp(request);
    expect(cluster.dryRunCalls).toBe(0);
    mode = 'auto';
    differ.cache.clear();
    await differ.diffApp(request);
    expect(cluster.dryRunCalls).toBe(1);
  });

  it('never sends a dry run in client-side (read-only) mode', async () => {
    const cluster = new FakeCluster();
    const app = await createDiffer({ access: cluster, mode: 'client-side' }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }],
      live: [load('deployment.live.yaml')],
    });
    expect(cluster.dryRunCalls).toBe(0);
    expect(app.resources[0]).toMatchObject({
      status: 'Synced',
      mode: 'client-side',
      fallbackReason: expect.stringMatching(/read-only/),
    });
  });

  it('falls back and reports the server words when the server rejects the object', async () => {
    const cluster = new FakeCluster();
    cluster.dryRun = () => {
      throw {
        statusCode: 422,
        body: {
          kind: 'Status',
          reason: 'Invalid',
          message: 'Deployment.apps "web" is invalid: spec.selector: field is immutable',
        },
      };
    };
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }],
      live: [load('deployment.live.yaml')],
    });
    const r = app.resources[0]!;
    expect(r.mode).toBe('client-side');
    expect(r.problems[0]).toMatchObject({ code: 'diff.dry-run-rejected' });
    expect(r.problems[0]!.message).toContain('field is immutable');
  });

  it.each([
    [{ statusCode: 403 }, 'forbidden'],
    [{ body: { reason: 'Forbidden' } }, 'forbidden'],
    [{ statusCode: 403, body: denials['rbac'] }, 'forbidden'],
    [{ statusCode: 403, body: denials['resource-quota'] }, 'rejected'],
    [{ statusCode: 403, body: denials['pod-security'] }, 'rejected'],
    [{ statusCode: 403, body: denials['webhook'] }, 'rejected'],
    [{ statusCode: 403, body: denials['namespace-terminating'] }, 'rejected'],
    [Object.assign(new Error('x'), { statusCode: 403 }), 'forbidden'],
    [{ statusCode: 405 }, 'unsupported'],
    [{ statusCode: 415 }, 'unsupported'],
    [{ statusCode: 422 }, 'rejected'],
    [{ statusCode: 409 }, 'rejected'],
    [{ statusCode: 500 }, 'failed'],
    [new Error('socket hang up'), 'failed'],
    ['weird', 'failed'],
  ])('classifies %j as %s', (err, expected) => {
    expect(classifyDryRunError(err)).toBe(expected);
  });
});
