/** A dry run refused by admission (a real ResourceQuota and PodSecurity) against one refused by the authorizer,
 * through the differ, on the test bed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/engine/cluster/client.js';
import type { LiveAccess } from '../../../src/engine/diff/index.js';
import { createDiffer } from '../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../src/engine/objects.js';
import { liveAccess } from '../../../src/engine/status/index.js';
import { kubectl } from '../../support/testbed.js';
import { clientFor, waitUntil } from './helpers.js';

const n = 2;
const ns = `it-admission-${process.pid}`;
let admin: ClusterClient;
let viewer: ClusterClient;

const service = (type: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: ns },
  spec: { type, ports: [{ port: 80 }], selector: { app: 'web' } },
});
const pod = (image: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: ns },
  spec: { containers: [{ name: 'c', image }] },
});

/** The client's access, counting the dry runs it sends. */
function counted(client: ClusterClient): LiveAccess & { dryRuns: number } {
  const inner = liveAccess(client);
  const access = {
    dryRuns: 0,
    get: inner.get,
    dryRunApply: (obj: KubeObject) => {
      access.dryRuns++;
      return inner.dryRunApply(obj);
    },
  };
  return access;
}

beforeAll(async () => {
  admin = clientFor(n);
  viewer = clientFor(n, { viewer: true });
  await kubectl(n, ['create', 'namespace', ns]);
  const yaml = [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'no-node-ports', namespace: ns },
      spec: { hard: { 'services.nodeports': '0' } },
    },
    service('ClusterIP'),
    pod('registry.example/web:1'),
  ]
    .map((o) => JSON.stringify(o))
    .join('\n---\n');
  await kubectl(n, ['apply', '-f', '-'], { input: yaml });
  // Pods made before the label stay; a significant change to one is checked against the new level.
  await kubectl(n, ['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
  // The quota admits nothing until the quota controller has written its status.
  await waitUntil('the quota status', async () =>
    (
      await kubectl(n, ['get', 'resourcequota', 'no-node-ports', '-n', ns, '-o', 'jsonpath={.status.hard}'])
    ).includes('services.nodeports'),
  );
});

afterAll(async () => {
  await Promise.all([admin?.stop(), viewer?.stop()]);
  await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('dry runs refused on the test bed', () => {
  it('an exceeded quota and a PodSecurity violation are problems on those resources, asked again every time', async () => {
    const access = counted(admin);
    const differ = createDiffer({ access });
    const request = {
      app: 'admission',
      desired: [service('NodePort'), pod('registry.example/web:2')].map((object) => ({ object })),
      live: [],
    };
    const app = await differ.diffApp(request);
    const byKind = Object.fromEntries(app.resources.map((r) => [r.identity.kind, r]));
    expect(byKind['Service']).toMatchObject({ status: 'OutOfSync', mode: 'client-side' });
    expect(byKind['Service']!.problems).toEqual([
      expect.objectContaining({
        code: 'diff.dry-run-rejected',
        message: expect.stringMatching(
          new RegExp(`^The API server would reject Service ${ns}/web: .*exceeded quota: no-node-ports`),
        ),
      }),
    ]);
    expect(byKind['Pod']).toMatchObject({ status: 'OutOfSync', mode: 'client-side' });
    expect(byKind['Pod']!.problems[0]!.message).toMatch(/violates PodSecurity "restricted:latest"/);
    expect(app.status).toBe('OutOfSync');
    expect(access.dryRuns).toBe(2);
    // Nothing was remembered: the next comparison asks the server again.
    await differ.diffApp(request);
    expect(access.dryRuns).toBe(4);
  });

  it("the viewer's refusal by the authorizer falls back silently and is remembered", async () => {
    const access = counted(viewer);
    const differ = createDiffer({ access });
    const request = {
      app: 'admission',
      desired: [{ object: service('NodePort') }],
      live: [],
    };
    const app = await differ.diffApp(request);
    expect(app.resources[0]).toMatchObject({
      status: 'OutOfSync',
      mode: 'client-side',
      fallbackReason: 'dry-run apply is forbidden for this identity',
      problems: [],
    });
    await differ.diffApp(request);
    expect(access.dryRuns).toBe(1);
  });
});
