/** After an apiserver outage long enough for the node lifecycle controller to mark pods NotReady,
 * the test bed's kwok makes them Ready again, as a kubelet would (docs/testbed.md). Stops cluster
 * 3's apiserver: cluster 3 is the one outage tests may disturb. */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHealth } from '../../testbed/components.js';
import { paths } from '../../testbed/layout.js';
import { readState } from '../../testbed/procs.js';
import { startComponent, stopComponent } from '../../testbed/testbed.js';
import { kubectl, waitUntil } from '../../support/testbed.js';

const n = 3;
const ns = `tb-outage-${process.pid}`;
const quiet = () => {};

interface PodJson {
  metadata: { name: string };
  status: { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
}
interface EventJson {
  reason: string;
  involvedObject: { kind: string; name: string };
}

async function availableReplicas(): Promise<string> {
  const out = await kubectl(n, [
    'get',
    'deployment',
    'web',
    '-n',
    ns,
    '-o',
    'jsonpath={.status.availableReplicas}',
  ]);
  return out.trim();
}

async function pods(): Promise<PodJson[]> {
  const out = await kubectl(n, ['get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'json']);
  return (JSON.parse(out) as { items: PodJson[] }).items;
}

async function podsMarkedNotReady(): Promise<Set<string>> {
  const out = await kubectl(n, ['get', 'events', '-n', ns, '-o', 'json']);
  const events = (JSON.parse(out) as { items: EventJson[] }).items;
  return new Set(
    events
      .filter((e) => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Pod')
      .map((e) => e.involvedObject.name),
  );
}

/** What a log file gained after `offset`. */
function logSince(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return '';
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

afterAll(async () => {
  await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('test bed recovery after an outage', () => {
  it('makes a Deployment available again once its pods were marked NotReady during an apiserver outage', async () => {
    await kubectl(n, ['create', 'namespace', ns]);
    await kubectl(n, ['create', 'deployment', 'web', '--image=fake', '--replicas=2', '-n', ns]);
    await waitUntil(
      'Deployment web to have 2 available replicas',
      async () => (await availableReplicas()) === '2',
    );
    const names = (await pods()).map((p) => p.metadata.name);

    const cmLog = readState(paths().stateFile).procs[`c${n}/kube-controller-manager`]?.log;
    expect(cmLog, 'the controller-manager of cluster 3 is recorded').toBeDefined();
    const offset = statSync(cmLog!).size;
    // Whole seconds: the API reports condition times to the second.
    const outageStart = Math.floor(Date.now() / 1000) * 1000;

    await stopComponent(`c${n}/kube-apiserver`, quiet);
    try {
      // The only witness while the apiserver is down: once the node's heartbeats are older than
      // the grace period, the node lifecycle controller tries to mark the node Unknown, and logs
      // that it cannot reach the apiserver.
      await waitUntil(
        'the node lifecycle controller of cluster 3 to try marking its node Unknown',
        () => /"Error updating node" err=".*connection refused/.test(logSince(cmLog!, offset)),
        (nodeHealth.monitorGracePeriodSeconds + 30) * 1000,
      );
    } finally {
      await startComponent(`c${n}/kube-apiserver`, quiet);
    }

    await waitUntil('both pods to have been marked NotReady', async () => {
      const marked = await podsMarkedNotReady();
      return names.every((name) => marked.has(name));
    });
    await waitUntil('Deployment web to have 2 available replicas again', async () => {
      return (await availableReplicas()) === '2';
    });
    for (const pod of await pods()) {
      const ready = pod.status.conditions?.find((c) => c.type === 'Ready');
      expect(ready?.status).toBe('True');
      // Ready again after the outage: kwok re-readied it, it was not left untouched.
      expect(Date.parse(ready?.lastTransitionTime ?? '')).toBeGreaterThanOrEqual(outageStart);
    }
  }, 240_000);
});
