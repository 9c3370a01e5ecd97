import { describe, expect, it } from 'vitest';
import { classifyDryRunError, createDiffer } from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { FakeCluster, load } from './support.js';

const configMap = (name: string, namespace = 'shop'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { a: '1' },
});

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
