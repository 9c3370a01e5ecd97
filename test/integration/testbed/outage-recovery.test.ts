/** After an outage long enough for the node lifecycle controller to mark pods NotReady, the test bed's
 * kwok makes them Ready again, as a kubelet would (docs/testbed.md). Stops cluster 3's apiserver and
 * kwok: cluster 3 is the one outage tests may disturb. */
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHealth } from '../../testbed/components.js';
import { paths } from '../../testbed/layout.js';
import { isOurs, readState } from '../../testbed/procs.js';
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

    // Whole seconds: the API reports condition times to the second.
    const outageStart = Math.floor(Date.now() / 1000) * 1000;

    // The node's kwok is frozen (SIGSTOP, by its recorded pid) through the apiserver's outage, as a
    // kubelet cut off from its control plane stops heartbeating: once the apiserver is back, the node
    // lifecycle controller finds the node's lease older than the grace period and marks its pods
    // NotReady, whatever the timing. Thawed, kwok sees its pods NotReady and heartbeats again.
    const kwok = readState(paths().stateFile).procs[`c${n}/kwok`];
    expect(kwok && isOurs(kwok), 'the kwok of cluster 3 runs').toBe(true);
    process.kill(kwok!.pid, 'SIGSTOP');
    try {
      await stopComponent(`c${n}/kube-apiserver`, quiet);
      await startComponent(`c${n}/kube-apiserver`, quiet, { probe: false });
      await waitUntil(
        'both pods to have been marked NotReady',
        async () => {
          const marked = await podsMarkedNotReady();
          return names.every((name) => marked.has(name));
        },
        (nodeHealth.monitorGracePeriodSeconds + 60) * 1000,
      );
    } finally {
      process.kill(kwok!.pid, 'SIGCONT');
    }
    // The test bed's usual recovery check: node Ready, pods left NotReady woken, a probe Deployment runs.
    await startComponent(`c${n}/kwok`, quiet);

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
