/** Health of a Pod, from its phase, its containers' states and its restart policy. */
import type { KubeObject } from '../objects.js';
import { conditionsOf, isConditionTrue } from './conditions.js';
import type { JsonMap } from './fields.js';
import { arrayAt, asMap, at, numberAt, stringAt } from './fields.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing, unknown } from './status.js';

/** One entry of `status.containerStatuses` / `initContainerStatuses`, narrowed to what health reads. */
interface ContainerState {
  name: string;
  waiting?: JsonMap;
  terminated?: JsonMap;
  lastTerminated?: JsonMap;
}

function readContainer(raw: unknown): ContainerState | undefined {
  const map = asMap(raw);
  if (!map) return undefined;
  return {
    name: stringAt(map, 'name') ?? '(unnamed)',
    waiting: asMap(at(map, 'state', 'waiting')),
    terminated: asMap(at(map, 'state', 'terminated')),
    lastTerminated: asMap(at(map, 'lastState', 'terminated')),
  };
}

/** Init containers first: they run first, so their trouble is the earlier cause. */
function containersOf(obj: KubeObject): ContainerState[] {
  return [...arrayAt(obj, 'status', 'initContainerStatuses'), ...arrayAt(obj, 'status', 'containerStatuses')]
    .map(readContainer)
    .filter((c): c is ContainerState => c !== undefined);
}

/** Waiting reasons the kubelet uses for errors that will not clear by themselves (ErrImagePull, CrashLoopBackOff, CreateContainerConfigError…). */
function isStuckWaitingReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

/** Argo CD does not apply ignore-restart-policy to hooks: they are meant to run to completion. */
function isHook(obj: KubeObject): boolean {
  const annotations = asMap(obj.metadata.annotations) ?? {};
  return annotations['argocd.argoproj.io/hook'] !== undefined || annotations['helm.sh/hook'] !== undefined;
}

/** Pods that restart forever are judged by container errors; run-to-completion pods only by their end. */
function judgesWaitingContainers(obj: KubeObject, restartPolicy: string): boolean {
  if (restartPolicy === 'Always') return true;
  return (
    asMap(obj.metadata.annotations)?.['argocd.argoproj.io/ignore-restart-policy'] === 'true' && !isHook(obj)
  );
}

/** `exited with code 3`, `was OOMKilled`: how a container's run ended. */
function describeExit(terminated: JsonMap): string {
  const reason = stringAt(terminated, 'reason') ?? '';
  if (reason === 'OOMKilled') return 'was OOMKilled';
  const exitCode = numberAt(terminated, 'exitCode');
  const code = exitCode !== undefined ? ` with code ${exitCode}` : '';
  return `exited${code}${reason && reason !== 'Error' ? ` (${reason})` : ''}`;
}

function endedBadly(terminated: JsonMap): boolean {
  return numberAt(terminated, 'exitCode') !== 0 || stringAt(terminated, 'reason') === 'OOMKilled';
}

/** `text: detail`, or just `text` when there is no detail. */
function withDetail(text: string, detail: string | undefined): string {
  return detail ? `${text}: ${detail}` : text;
}

/** Why a failed pod failed: the status message, else the first container that terminated badly. */
function failureMessage(obj: KubeObject, containers: ContainerState[]): string {
  const statusMessage = stringAt(obj, 'status', 'message');
  if (statusMessage) return statusMessage;
  const failed = containers.find((c) => c.terminated && endedBadly(c.terminated));
  if (failed?.terminated)
    return withDetail(
      `Container ${failed.name} ${describeExit(failed.terminated)}`,
      stringAt(failed.terminated, 'message'),
    );
  return stringAt(obj, 'status', 'reason') ?? 'Pod failed';
}

/** Pod health by phase; containers stuck in an error state degrade a pod that should keep running. */
export function podHealth(obj: KubeObject): Health {
  const restartPolicy = stringAt(obj, 'spec', 'restartPolicy') ?? 'Always';
  const containers = containersOf(obj);
  if (judgesWaitingContainers(obj, restartPolicy)) {
    const stuck = containers.find((c) => isStuckWaitingReason(stringAt(c.waiting, 'reason') ?? ''));
    if (stuck)
      return degraded(
        withDetail(
          `Container ${stuck.name} is waiting: ${stringAt(stuck.waiting, 'reason')}`,
          stringAt(stuck.waiting, 'message'),
        ),
      );
  }
  const phase = stringAt(obj, 'status', 'phase');
  switch (phase) {
    case 'Pending':
      return progressing(
        stringAt(obj, 'status', 'message') ??
          'Pod is pending: waiting to be scheduled or for containers to start',
      );
    case 'Succeeded':
      return healthy(stringAt(obj, 'status', 'message') ?? 'Pod completed successfully');
    case 'Failed':
      return degraded(failureMessage(obj, containers));
    case 'Running':
      return runningPodHealth(obj, restartPolicy, containers);
    default:
      return unknown(phase ? `Pod phase "${phase}" is not one health knows` : 'Pod has no phase yet');
  }
}

function runningPodHealth(obj: KubeObject, restartPolicy: string, containers: ContainerState[]): Health {
  // A pod that runs to completion is, like a Job, still working while it runs.
  if (restartPolicy !== 'Always')
    return progressing(`Pod is running (restartPolicy ${restartPolicy}): waiting for it to complete`);
  if (isConditionTrue(conditionsOf(obj), 'Ready')) return healthy('Pod is running and ready');
  const restarted = containers.find((c) => c.lastTerminated);
  if (restarted?.lastTerminated)
    return degraded(
      `Pod is not ready: container ${restarted.name} ${describeExit(restarted.lastTerminated)} and was restarted`,
    );
  return progressing('Pod is running but not ready yet');
}
