/** Task order: phase, wave, prunes first, kind (Argo CD's list), name; then Namespaces and CRDs moved ahead of
 * the first object that needs them. */
import type { SyncPhase, SyncTask } from './types.js';

/** Kinds in the order they are applied within a wave; kinds not listed come after all of them. */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

/** Phases in run order. */
export const PHASE_ORDER: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

const KIND_RANK = new Map(KIND_ORDER.map((kind, i) => [kind, i]));

/** Rank of a kind in the apply order; every unlisted kind shares the last rank. */
export function kindRank(kind: string): number {
  return KIND_RANK.get(kind) ?? KIND_ORDER.length;
}

/** True for tasks that delete (or would delete) their object: they run first in their wave. */
export function isPruneTask(task: SyncTask): boolean {
  return task.action === 'prune' || (task.action === 'skipped' && task.wouldBe === 'prune');
}

/** Compares tasks by phase, wave, prunes before applies, kind rank, name; namespace and group only break ties. */
export function compareTasks(a: SyncTask, b: SyncTask): number {
  return (
    PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase) ||
    a.wave - b.wave ||
    Number(isPruneTask(b)) - Number(isPruneTask(a)) ||
    kindRank(a.identity.kind) - kindRank(b.identity.kind) ||
    compareText(a.identity.name, b.identity.name) ||
    compareText(a.identity.namespace, b.identity.namespace) ||
    compareText(a.identity.group, b.identity.group)
  );
}

/** Sorts tasks, then moves each Namespace ahead of the first object in it and each CRD ahead of the first of its
 * custom resources, the moved task taking that object's phase and wave. */
export function orderTasks(tasks: readonly SyncTask[]): SyncTask[] {
  const sorted = [...tasks].sort(compareTasks);
  return moveAhead(moveAhead(sorted, namespaceDependency), crdDependency);
}

/** How one kind of dependency is recognised: the key a dependency provides, and the key an object needs. */
interface Dependency {
  provides(task: SyncTask): string | undefined;
  needs(task: SyncTask): string | undefined;
}

const namespaceDependency: Dependency = {
  provides: (t) => (t.identity.group === '' && t.identity.kind === 'Namespace' ? t.identity.name : undefined),
  needs: (t) => (t.identity.namespace !== '' ? t.identity.namespace : undefined),
};

const crdDependency: Dependency = {
  provides: (t) => {
    if (t.identity.group !== 'apiextensions.k8s.io' || t.identity.kind !== 'CustomResourceDefinition') return;
    if (!('object' in t)) return;
    const spec = t.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    const group = spec?.group;
    const kind = spec?.names?.kind;
    return typeof group === 'string' && typeof kind === 'string' ? `${group}/${kind}` : undefined;
  },
  needs: (t) => `${t.identity.group}/${t.identity.kind}`,
};

/** Only tasks that apply an object take part: prunes and skipped objects neither move nor pull anything. */
function applies(task: SyncTask): task is Extract<SyncTask, { object: unknown }> {
  return (
    task.action === 'create' ||
    task.action === 'update' ||
    task.action === 'unchanged' ||
    task.action === 'hook'
  );
}

function moveAhead(tasks: SyncTask[], dependency: Dependency): SyncTask[] {
  const out = [...tasks];
  const firstNeeding = new Map<string, number>();
  for (let i = 0; i < out.length; i++) {
    const task = out[i]!;
    if (!applies(task)) continue;
    const provided = dependency.provides(task);
    if (provided === undefined) {
      const needed = dependency.needs(task);
      if (needed !== undefined && !firstNeeding.has(needed)) firstNeeding.set(needed, i);
      continue;
    }
    const at = firstNeeding.get(provided);
    if (at === undefined) continue;
    const anchor = out[at]!;
    out.splice(i, 1);
    out.splice(at, 0, { ...task, phase: anchor.phase, wave: anchor.wave });
    for (const [key, index] of firstNeeding) if (index >= at) firstNeeding.set(key, index + 1);
  }
  return out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
