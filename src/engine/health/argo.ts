/** Health of Argo Rollouts' Rollout and Argo Workflows' Workflow (argoproj.io). */
import type { KubeObject } from '../objects.js';
import { conditionText, conditionsOf, findCondition, isConditionTrue } from './conditions.js';
import { arrayAt, at, desiredReplicas, generationOf, numberAt, statusOf, stringAt } from './fields.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing, suspended, unknown } from './status.js';

/** Rollout: broken spec, abort and deadline first; then the controller's own phase, or replica and step checks for controllers that predate it. */
export function rolloutHealth(obj: KubeObject): Health {
  const status = statusOf(obj);
  if (!status) return progressing('Waiting for the rollout controller to report status');
  // observedGeneration is a string in Rollout status; very old controllers wrote a hash, which cannot be compared.
  const observed = numberAt(status, 'observedGeneration');
  if (observed !== undefined && observed !== generationOf(obj)) {
    return progressing(
      `Waiting for the rollout controller to observe generation ${generationOf(obj)} (observed ${observed})`,
    );
  }
  const conditions = conditionsOf(obj);
  if (isConditionTrue(conditions, 'InvalidSpec'))
    return degraded(
      `Invalid rollout spec: ${conditionText(findCondition(conditions, 'InvalidSpec'), 'no detail')}`,
    );
  if (at(status, 'abort') === true)
    return degraded(
      `Rollout aborted${stringAt(status, 'message') ? `: ${stringAt(status, 'message')}` : ''}`,
    );
  const progressingCondition = findCondition(conditions, 'Progressing');
  if (progressingCondition?.reason === 'ProgressDeadlineExceeded') {
    return degraded(
      `Rollout exceeded its progress deadline: ${conditionText(progressingCondition, 'no progress')}`,
    );
  }
  const phase = stringAt(status, 'phase');
  return phase !== undefined
    ? rolloutPhaseHealth(phase, stringAt(status, 'message'))
    : rolloutReplicaHealth(obj);
}

function rolloutPhaseHealth(phase: string, message: string | undefined): Health {
  const detail = message ? `: ${message}` : '';
  switch (phase) {
    case 'Healthy':
      return healthy(message || 'Rollout is healthy');
    case 'Paused':
      return suspended(`Rollout is paused${detail}`);
    case 'Progressing':
      return progressing(`Rollout is progressing${detail}`);
    case 'Degraded':
      return degraded(`Rollout is degraded${detail}`);
    default:
      return unknown(`Rollout phase "${phase}" is not one health knows`);
  }
}

function rolloutReplicaHealth(obj: KubeObject): Health {
  if (at(obj, 'spec', 'paused') === true || arrayAt(obj, 'status', 'pauseConditions').length > 0)
    return suspended('Rollout is paused');
  const wanted = desiredReplicas(obj);
  const replicas = numberAt(obj, 'status', 'replicas') ?? 0;
  const updated = numberAt(obj, 'status', 'updatedReplicas') ?? 0;
  const available = numberAt(obj, 'status', 'availableReplicas') ?? 0;
  if (updated < wanted)
    return progressing(
      `Waiting for rollout to finish: ${updated} of ${wanted} new replicas have been updated`,
    );
  if (available < updated)
    return progressing(
      `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available`,
    );
  const podHash = stringAt(obj, 'status', 'currentPodHash');
  if (at(obj, 'spec', 'strategy', 'blueGreen') !== undefined) {
    if (stringAt(obj, 'status', 'blueGreen', 'activeSelector') !== podHash)
      return progressing('Waiting for the active service to switch to the new version');
  } else if (stringAt(obj, 'status', 'stableRS') !== podHash) {
    return progressing('Waiting for the canary steps to finish');
  }
  if (replicas > updated)
    return progressing(
      `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination`,
    );
  return healthy(`${available} of ${wanted} replicas updated and available`);
}

/** Workflow: by phase; a workflow that has not started yet is Progressing. */
export function workflowHealth(obj: KubeObject): Health {
  const phase = stringAt(obj, 'status', 'phase') ?? '';
  const message = stringAt(obj, 'status', 'message');
  switch (phase) {
    case '':
    case 'Pending':
    case 'Running':
      return progressing(message || `Workflow is ${phase ? phase.toLowerCase() : 'waiting to start'}`);
    case 'Succeeded':
      return healthy(message || 'Workflow succeeded');
    case 'Failed':
    case 'Error':
      return degraded(`Workflow ${phase === 'Error' ? 'errored' : 'failed'}${message ? `: ${message}` : ''}`);
    default:
      return unknown(`Workflow phase "${phase}" is not one health knows`);
  }
}
