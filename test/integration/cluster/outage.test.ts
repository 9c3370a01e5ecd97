/** An API server outage (cluster 3 only): unreachable in plain words, then recovery without a new client. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/engine/cluster/client.js';
import type { ClusterStatus } from '../../../src/engine/cluster/status.js';
import type { ObjectChange } from '../../../src/engine/cluster/watch.js';
import { startComponent, stopComponent } from '../../testbed/testbed.js';
import { kubectl } from '../../support/testbed.js';
import { clientFor, tb, waitUntil } from './helpers.js';

const ns = `it-outage-${process.pid}`;
const apiserver = 'c3/kube-apiserver';
const quiet = () => {};
let client: ClusterClient;
const changes: ObjectChange[] = [];
const statuses: ClusterStatus[] = [];

beforeAll(async () => {
  await kubectl(3, ['create', 'namespace', ns]);
  client = clientFor(3, {
    requestTimeoutMs: 3_000,
    status: { probeIntervalMs: 500, probeTimeoutMs: 2_000 },
    watch: { backoff: { initialMs: 200, maxMs: 2_000, jitter: 0.2 } },
  });
  client.onChange((c) => changes.push(c));
  client.onStatus((s) => statuses.push(s));
  client.start();
  await client.watchKinds([{ group: '', version: 'v1', kind: 'ConfigMap' }]);
  await waitUntil(
    'reachable and watching',
    () => client.status.reachability === 'reachable' && client.watchStatuses()[0]?.state === 'watching',
  );
});

afterAll(async () => {
  await client?.stop();
  await kubectl(3, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']).catch(() => '');
});

describe('cluster outage and recovery', () => {
  it('turns unreachable with a plain-words error while the apiserver is stopped, then recovers and the watch resumes', async () => {
    const before = `before-${Date.now()}`;
    await kubectl(3, ['create', 'configmap', before, '-n', ns, '--from-literal=a=1']);
    await kubectl(3, ['label', 'configmap', before, '-n', ns, 'flotilla.dev/app=outage']);
    await waitUntil('watch saw the first object', () => changes.some((c) => c.identity.name === before));

    try {
      await stopComponent(apiserver, quiet);
      await waitUntil('unreachable', () => client.status.reachability === 'unreachable', 30_000);
      const down = client.status;
      expect(down.problem?.code).toBe('cluster.unreachable');
      // The probe may hit the server as it dies (reset) or after (refused).
      const server = tb.apiserverUrl(3).replace(/[./]/g, '\\$&');
      expect(down.problem?.message).toMatch(
        new RegExp(
          `^Cluster testbed-3: cannot reach the API server at ${server} \\(connection (refused|reset)\\)\\.$`,
        ),
      );
      expect(down.lastContactAt).toBeLessThan(Date.now());
      await waitUntil(
        'the watch backs off',
        () => client.watchStatuses()[0]?.state === 'backing-off',
        30_000,
      );
      expect(client.watchStatuses()[0]?.lastError?.code).toBe('cluster.unreachable');
    } finally {
      await startComponent(apiserver, quiet);
    }

    await waitUntil(
      'reachable again',
      () => client.status.reachability === 'reachable' && client.status.problem === undefined,
      60_000,
    );
    expect(client.status.lastError?.code).toBe('cluster.unreachable');
    expect(statuses.map((s) => s.reachability)).toEqual(expect.arrayContaining(['reachable', 'unreachable']));
    await waitUntil('watch running again', () => client.watchStatuses()[0]?.state === 'watching', 60_000);

    const after = `after-${Date.now()}`;
    await kubectl(3, ['create', 'configmap', after, '-n', ns, '--from-literal=a=1']);
    await kubectl(3, ['label', 'configmap', after, '-n', ns, 'flotilla.dev/app=outage']);
    await waitUntil(
      'watch saw the object made after the restart',
      () => changes.some((c) => c.identity.name === after && c.type === 'added'),
      30_000,
    );
    // Resumed, not rebuilt: the object from before the outage was not re-announced as deleted.
    expect(changes.filter((c) => c.identity.name === before).map((c) => c.type)).toEqual(['added']);
    expect(client.watchStatuses()[0]!.restarts).toBeGreaterThan(0);
  });
});
