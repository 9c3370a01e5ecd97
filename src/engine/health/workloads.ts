/** Health of the apps/v1 workload controllers: Deployment, StatefulSet, DaemonSet, ReplicaSet. */
import type { KubeObject } from '../objects.js';
import { conditionText, conditionsOf, findCondition, isConditionTrue } from './conditions.js';
import { at, desiredReplicas, generationOf, numberAt, observedGenerationOf, stringAt } from './fields.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing, suspended } from './status.js';

/** A status counter that reads 0 when the controller has not set it (Go's zero value). */
function count(obj: KubeObject, field: string): number {
  return numberAt(obj, 'status', field) ?? 0;
}

/** True when the controller has acted on the current spec (`generation <= observedGeneration`). */
function generationObserved(obj: KubeObject): boolean {
  return generationOf(obj) <= observedGenerationOf(obj);
}

/** Says the controller has not caught up with the latest spec, naming both generations. */
function waitingForGeneration(kind: string, obj: KubeObject): Health {
  return progressing(
    `Waiting for the ${kind} controller to observe generation ${generationOf(obj)} (observed ${observedGenerationOf(obj)})`,
  );
}

/** Deployment: paused, stuck past its progress deadline, mid-rollout, or done. */
export function deploymentHealth(obj: KubeObject): Health {
  if (at(obj, 'spec', 'paused') === true) return suspended('Deployment is paused');
  if (!generationObserved(obj)) return waitingForGeneration('deployment', obj);
  const progressingCondition = findCondition(conditionsOf(obj), 'Progressing');
  if (progressingCondition?.reason === 'ProgressDeadlineExceeded') {
    return degraded(
      `Rollout exceeded its progress deadline: ${conditionText(progressingCondition, 'no progress')}`,
    );
  }
  const wanted = desiredReplicas(obj);
  const replicas = count(obj, 'replicas');
  const updated = count(obj, 'updatedReplicas');
  const available = count(obj, 'availableReplicas');
  if (updated < wanted)
    return progressing(
      `Waiting for rollout to finish: ${updated} of ${wanted} new replicas have been updated`,
    );
  if (replicas > updated)
    return progressing(
      `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination`,
    );
  if (available < updated)
    return progressing(
      `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available`,
    );
  return healthy(`${available} of ${wanted} replicas updated and available`);
}

/** StatefulSet, following kubectl's rollout status (and Argo CD's) including the partition shortcut. */
export function statefulSetHealth(obj: KubeObject): Health {
  const observed = observedGenerationOf(obj);
  if (observed === 0 || generationOf(obj) > observed) return waitingForGeneration('statefulset', obj);
  const wanted = desiredReplicas(obj);
  const ready = count(obj, 'readyReplicas');
  if (ready < wanted)
    return progressing(`Waiting for ${wanted - ready} pods to be ready: ${ready} of ${wanted} ready`);
  const strategy = stringAt(obj, 'spec', 'updateStrategy', 'type') ?? 'RollingUpdate';
  const rollingUpdate = at(obj, 'spec', 'updateStrategy', 'rollingUpdate');
  // With a rollingUpdate block Argo CD and kubectl stop at the partition check and never compare
  // revisions; live objects always carry that block (partition defaults to 0), so parity matters.
  if (strategy === 'RollingUpdate' && rollingUpdate !== undefined && rollingUpdate !== null) {
    const partition = numberAt(rollingUpdate, 'partition');
    const updated = count(obj, 'updatedReplicas');
    if (partition !== undefined && updated < wanted - partition) {
      return progressing(
        `Waiting for partitioned rollout to finish: ${updated} of ${wanted - partition} new pods have been updated`,
      );
    }
    return healthy(`Rollout complete: ${updated} new pods have been updated`);
  }
  if (strategy === 'OnDelete')
    return healthy('Update strategy is OnDelete: pods are replaced only when deleted');
  const currentRevision = stringAt(obj, 'status', 'currentRevision');
  const updateRevision = stringAt(obj, 'status', 'updateRevision');
  if (updateRevision !== currentRevision) {
    return progressing(
      `Waiting for rollout to finish: ${count(obj, 'updatedReplicas')} of ${wanted} pods updated to revision ${updateRevision ?? '(none)'}`,
    );
  }
  return healthy(`${ready} of ${wanted} pods ready at revision ${currentRevision ?? '(none)'}`);
}

/** DaemonSet: every scheduled node runs an updated, available pod. */
export function daemonSetHealth(obj: KubeObject): Health {
  if (generationOf(obj) > observedGenerationOf(obj)) return waitingForGeneration('daemonset', obj);
  if (stringAt(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return healthy('Update strategy is OnDelete: pods are replaced only when deleted');
  }
  const desired = count(obj, 'desiredNumberScheduled');
  const updated = count(obj, 'updatedNumberScheduled');
  const available = count(obj, 'numberAvailable');
  if (updated < desired)
    return progressing(
      `Waiting for daemon set rollout to finish: ${updated} of ${desired} updated pods are scheduled`,
    );
  if (available < desired)
    return progressing(
      `Waiting for daemon set rollout to finish: ${available} of ${desired} updated pods are available`,
    );
  return healthy(`${available} of ${desired} pods available`);
}

/** ReplicaSet: a failure to create pods is Degraded, short of available replicas is Progressing. */
export function replicaSetHealth(obj: KubeObject): Health {
  if (!generationObserved(obj)) return waitingForGeneration('replicaset', obj);
  const conditions = conditionsOf(obj);
  if (isConditionTrue(conditions, 'ReplicaFailure')) {
    return degraded(
      `Cannot create pods: ${conditionText(findCondition(conditions, 'ReplicaFailure'), 'replica failure')}`,
    );
  }
  const wanted = desiredReplicas(obj);
  const available = count(obj, 'availableReplicas');
  if (available < wanted) return progressing(`Waiting for replicas: ${available} of ${wanted} available`);
  return healthy(`${available} of ${wanted} replicas available`);
}
