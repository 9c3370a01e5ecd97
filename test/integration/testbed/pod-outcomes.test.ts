/** The test bed's own kwok Stages: the label testbed.flotilla.dev/outcome decides how a pod ends
 * (docs/testbed.md), and unlabelled pods behave as upstream's "fast" stages make them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, waitUntil } from '../../support/testbed.js';

// The outage test owns cluster 3 too, but these tests stop nothing; clusters 1 and 2 stay free
// for everyone else's tests.
const n = 3;
const ns = `tb-outcomes-${process.pid}`;

interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { exitCode: number; reason?: string; message?: string };
}
interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state: ContainerState;
  lastState?: ContainerState;
}
interface Condition {
  type: string;
  status: string;
  reason?: string;
}
interface PodJson {
  metadata: { name: string; ownerReferences?: unknown[] };
  status: { phase?: string; conditions?: Condition[]; containerStatuses?: ContainerStatus[] };
}
interface Workload {
  status: {
    availableReplicas?: number;
    unavailableReplicas?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
}

const conditionOf = (conds: Condition[] | undefined, type: string) => conds?.find((c) => c.type === type);

async function getJson<T>(kind: string, name: string): Promise<T> {
  return JSON.parse(await kubectl(n, ['get', kind, name, '-n', ns, '-o', 'json'])) as T;
}

async function podsOf(app: string): Promise<PodJson[]> {
  const out = await kubectl(n, ['get', 'pods', '-n', ns, '-l', `app=${app}`, '-o', 'json']);
  return (JSON.parse(out) as { items: PodJson[] }).items;
}

async function apply(manifest: string): Promise<void> {
  await kubectl(n, ['apply', '-f', '-'], { input: manifest });
}

const labels = (app: string, outcome?: string) =>
  outcome ? `{app: ${app}, testbed.flotilla.dev/outcome: ${outcome}}` : `{app: ${app}}`;

function barePod(name: string, outcome?: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: ${labels(name, outcome)}}
spec: {restartPolicy: Never, containers: [{name: main, image: fake}]}
`;
}

function deployment(name: string, outcome: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: ${labels(name, outcome)}}
    spec: {containers: [{name: main, image: fake}]}
`;
}

function job(name: string, outcome?: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ${ns}}
spec:
  backoffLimit: 0
  template:
    metadata: {labels: ${labels(name, outcome)}}
    spec: {restartPolicy: Never, containers: [{name: main, image: fake}]}
`;
}

async function podOnceIn(name: string, phase: string): Promise<PodJson> {
  await waitUntil(`pod ${name} to reach phase ${phase}`, async () => {
    return (await getJson<PodJson>('pod', name)).status.phase === phase;
  });
  return getJson<PodJson>('pod', name);
}

async function jobCondition(name: string, type: 'Complete' | 'Failed'): Promise<Condition> {
  await waitUntil(`Job ${name} to be ${type}`, async () => {
    const status = (await getJson<Workload>('job', name)).status;
    return conditionOf(status.conditions, type)?.status === 'True';
  });
  return conditionOf((await getJson<Workload>('job', name)).status.conditions, type)!;
}

/** Waits until the Deployment's only pod has started, then returns it and the Deployment. */
async function startedDeployment(name: string): Promise<{ pod: PodJson; deploy: Workload }> {
  await waitUntil(`the pod of Deployment ${name} to be Running`, async () => {
    const pods = await podsOf(name);
    return pods.length === 1 && pods[0]!.status.phase === 'Running';
  });
  await waitUntil(`Deployment ${name} to count its pod unavailable`, async () => {
    return (await getJson<Workload>('deployment', name)).status.unavailableReplicas === 1;
  });
  const [pod] = await podsOf(name);
  return { pod: pod!, deploy: await getJson<Workload>('deployment', name) };
}

beforeAll(async () => {
  await kubectl(n, ['create', 'namespace', ns]);
});

afterAll(async () => {
  await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('pod outcomes in the test bed', () => {
  it('ends a pod labelled fail in phase Failed, its container exited 1 and not Ready', async () => {
    await apply(barePod('fails', 'fail'));
    const pod = await podOnceIn('fails', 'Failed');
    const [container] = pod.status.containerStatuses ?? [];
    expect(container?.ready).toBe(false);
    expect(container?.state.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
      message: 'failed by the test bed',
    });
    expect(conditionOf(pod.status.conditions, 'Ready')?.status).toBe('False');
  });

  it('ends a pod labelled succeed, owned by nothing, in phase Succeeded with exit code 0', async () => {
    await apply(barePod('succeeds', 'succeed'));
    const pod = await podOnceIn('succeeds', 'Succeeded');
    expect(pod.metadata.ownerReferences).toBeUndefined();
    const [container] = pod.status.containerStatuses ?? [];
    expect(container?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(conditionOf(pod.status.conditions, 'Ready')?.status).toBe('False');
  });

  it('keeps a pod labelled never-ready Running and unready, so its Deployment stays unavailable', async () => {
    await apply(deployment('never-ready', 'never-ready'));
    const { pod, deploy } = await startedDeployment('never-ready');
    const [container] = pod.status.containerStatuses ?? [];
    expect(container?.ready).toBe(false);
    expect(container?.state.running).toBeDefined();
    expect(conditionOf(pod.status.conditions, 'Ready')?.status).toBe('False');
    expect(deploy.status.availableReplicas ?? 0).toBe(0);
    expect(conditionOf(deploy.status.conditions, 'Available')?.status).toBe('False');
  });

  it('crash-loops a Deployment pod labelled fail (restartPolicy Always) instead of ending it', async () => {
    await apply(deployment('crash-loop', 'fail'));
    const { pod, deploy } = await startedDeployment('crash-loop');
    const [container] = pod.status.containerStatuses ?? [];
    expect(container?.ready).toBe(false);
    expect(container?.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(container?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(container?.restartCount).toBe(1);
    expect(deploy.status.availableReplicas ?? 0).toBe(0);
  });

  it('brings a Job whose pods are labelled succeed to Complete', async () => {
    await apply(job('job-succeeds', 'succeed'));
    expect((await jobCondition('job-succeeds', 'Complete')).status).toBe('True');
  });

  it('brings a Job whose pods are labelled fail to Failed (backoffLimit 0)', async () => {
    await apply(job('job-fails', 'fail'));
    expect((await jobCondition('job-fails', 'Failed')).reason).toBe('BackoffLimitExceeded');
    const [pod] = await podsOf('job-fails');
    expect(pod?.status.phase).toBe('Failed');
  });

  it('leaves unlabelled pods as before: a bare pod Running and Ready, a Job Complete', async () => {
    await apply(barePod('plain'));
    await waitUntil('pod plain to be Ready', async () => {
      const pod = await getJson<PodJson>('pod', 'plain');
      return conditionOf(pod.status.conditions, 'Ready')?.status === 'True';
    });
    const pod = await getJson<PodJson>('pod', 'plain');
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.containerStatuses?.[0]?.ready).toBe(true);
    await apply(job('job-plain'));
    expect((await jobCondition('job-plain', 'Complete')).status).toBe('True');
  });
});
