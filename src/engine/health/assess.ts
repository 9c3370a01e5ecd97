/** Health of one object: deletion first, then the rule for its kind, else the generic rules for custom resources. */
import type { KubeObject } from '../objects.js';
import { splitApiVersion } from '../objects.js';
import { apiServiceHealth } from './apiservice.js';
import { rolloutHealth, workflowHealth } from './argo.js';
import { horizontalPodAutoscalerHealth } from './autoscaling.js';
import { cronJobHealth, jobHealth } from './batch.js';
import { customResourceDefinitionHealth } from './crd.js';
import { genericHealth } from './generic.js';
import { ingressHealth, serviceHealth } from './network.js';
import { podHealth } from './pod.js';
import type { Health } from './status.js';
import { progressing, unknown } from './status.js';
import { persistentVolumeClaimHealth } from './storage.js';
import { daemonSetHealth, deploymentHealth, replicaSetHealth, statefulSetHealth } from './workloads.js';

type HealthCheck = (obj: KubeObject) => Health | null;

/** Rules by `group/Kind`; any version of the group shares a rule, as the fields read are stable across versions. */
const checksByKind: ReadonlyMap<string, HealthCheck> = new Map<string, HealthCheck>([
  ['apps/Deployment', deploymentHealth],
  ['extensions/Deployment', deploymentHealth],
  ['apps/StatefulSet', statefulSetHealth],
  ['apps/DaemonSet', daemonSetHealth],
  ['extensions/DaemonSet', daemonSetHealth],
  ['apps/ReplicaSet', replicaSetHealth],
  ['extensions/ReplicaSet', replicaSetHealth],
  ['/Pod', podHealth],
  ['/Service', serviceHealth],
  ['/PersistentVolumeClaim', persistentVolumeClaimHealth],
  ['batch/Job', jobHealth],
  ['batch/CronJob', cronJobHealth],
  ['networking.k8s.io/Ingress', ingressHealth],
  ['extensions/Ingress', ingressHealth],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerHealth],
  ['apiregistration.k8s.io/APIService', apiServiceHealth],
  ['apiextensions.k8s.io/CustomResourceDefinition', customResourceDefinitionHealth],
  ['argoproj.io/Rollout', rolloutHealth],
  ['argoproj.io/Workflow', workflowHealth],
]);

/** Groups served by Kubernetes itself: their other kinds (ConfigMap, Secret, RBAC, Namespace…) have no health. */
const kubernetesGroups: ReadonlySet<string> = new Set([
  '',
  'apps',
  'batch',
  'extensions',
  'policy',
  'autoscaling',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** Argo CD keeps judging a hook that it holds with this finalizer, even while it is being deleted. */
const hookFinalizer = 'argocd.argoproj.io/hook-finalizer';

function isPendingDeletion(obj: KubeObject): boolean {
  const deletion = obj.metadata.deletionTimestamp;
  if (deletion === undefined || deletion === null) return false;
  const finalizers = obj.metadata.finalizers;
  return !(Array.isArray(finalizers) && finalizers.includes(hookFinalizer));
}

/** The rule that applies to an object's kind, or undefined for a Kubernetes kind without health. */
function checkFor(obj: KubeObject): HealthCheck | undefined {
  const { group } = splitApiVersion(obj.apiVersion);
  const specific = checksByKind.get(`${group}/${obj.kind}`);
  if (specific) return specific;
  return kubernetesGroups.has(group) ? undefined : genericHealth;
}

/** True when flotilla judges this kind's health by a rule of its own (not the generic custom-resource rules). */
export function hasKindHealthRule(apiVersion: string, kind: string): boolean {
  return checksByKind.has(`${splitApiVersion(apiVersion).group}/${kind}`);
}

/** Health of one live object, or null when its kind has no meaningful health. Never throws: a rule that fails yields Unknown. */
export function assessHealth(obj: KubeObject): Health | null {
  try {
    if (isPendingDeletion(obj)) return progressing('Pending deletion');
    const check = checkFor(obj);
    return check ? check(obj) : null;
  } catch (err) {
    return unknown(`Health check failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Health of a resource the app declares: Missing when it is not live, else as `assessHealth`. */
export function resourceHealth(live: KubeObject | null | undefined): Health | null {
  if (!live) return { status: 'Missing', message: 'Not found on the cluster' };
  return assessHealth(live);
}
