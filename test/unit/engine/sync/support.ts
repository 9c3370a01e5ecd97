// Builders for planner tests: apps, objects, a comparison made the way the differ makes it (client-side), and a
// one-line-per-task rendering of a plan that scenario files state their expectations in.
import type { App } from '../../../../src/engine/config/index.js';
import { resolveSyncOptions } from '../../../../src/engine/config/sync-options.js';
import {
  compareResource,
  extraneousResource,
  identityOf,
  isTrackedBy,
  missingResource,
  summarise,
  withTracking,
} from '../../../../src/engine/diff/index.js';
import type { AppDiff, ResourceDiff } from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { identityKey } from '../../../../src/engine/objects.js';
import type {
  PlannedObject,
  SyncPlan,
  SyncPlanInput,
  SyncPlanOptions,
  SyncTask,
} from '../../../../src/engine/sync/index.js';

/** The app every test syncs. */
export const APP = 'shop';
/** The revision every test syncs, and its start time (names of generated hooks contain both). */
export const REVISION = '0123456789abcdef0123456789abcdef01234567';
export const STARTED_AT = 1_780_000_000;

const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  Pod: 'v1',
  PersistentVolumeClaim: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
};

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'CustomResourceDefinition']);

/** An object of a common kind in namespace `web` (none for cluster-scoped kinds), with the given annotations. */
export function obj(
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
  extra = {},
): KubeObject {
  const metadata: KubeObject['metadata'] = { name };
  if (!CLUSTER_SCOPED.has(kind)) metadata.namespace = 'web';
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: API_VERSIONS[kind] ?? 'example.com/v1', kind, metadata, ...extra };
}

/** The app, with sync options written as in the fleet file. */
export function appWith(
  syncOptions: readonly string[] = [],
  automated?: { allowEmpty: boolean },
): SyncPlanInput['app'] {
  const syncPolicy: App['syncPolicy'] = { syncOptions: resolveSyncOptions(syncOptions) };
  if (automated) syncPolicy.automated = { prune: true, selfHeal: false, allowEmpty: automated.allowEmpty };
  return { name: APP, destination: { cluster: 'dev', namespace: 'web' }, syncPolicy };
}

/** Desired objects with their identities, as the renderer gives them. */
export function planned(objects: readonly KubeObject[]): PlannedObject[] {
  return objects.map((object) => {
    const identity = identityOf(object);
    if (!object.metadata.name) identity.name = object.metadata.generateName ?? '';
    return { object, identity };
  });
}

/** Live objects as a sync left them: tracked by the app, unless they already carry a tracking id. */
export function tracked(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((o) =>
    o.metadata.annotations?.['flotilla.dev/tracking-id'] ? o : withTracking(o, APP),
  );
}

const isHook = (o: KubeObject): boolean =>
  Object.keys(o.metadata.annotations ?? {}).some(
    (k) => k === 'argocd.argoproj.io/hook' || k === 'helm.sh/hook',
  );

/** The comparison the differ would make without a dry run: Missing, Synced/OutOfSync (client-side), Extraneous. */
export function compare(desired: readonly PlannedObject[], live: readonly KubeObject[]): AppDiff {
  const liveByKey = new Map(live.map((o) => [identityKey(identityOf(o)), o]));
  const desiredKeys = new Set<string>();
  const resources: ResourceDiff[] = [];
  for (const d of desired) {
    if (isHook(d.object) || !d.object.metadata.name) continue;
    const key = identityKey(d.identity);
    desiredKeys.add(key);
    const l = liveByKey.get(key);
    const target = withTracking(d.object, APP);
    resources.push(
      l
        ? compareResource({ identity: d.identity, desired: target, live: l })
        : missingResource(d.identity, target),
    );
  }
  for (const [key, l] of liveByKey)
    if (!desiredKeys.has(key) && !isHook(l) && isTrackedBy(l, APP))
      resources.push(extraneousResource(identityOf(l), l));
  return summarise(APP, resources);
}

/** Options of a plain `flotilla sync --prune`. */
export const PRUNE: SyncPlanOptions = { prune: true, renderOk: true, repoReachable: true };

/** A full planner input from desired and live objects. */
export function inputFor(args: {
  desired: readonly KubeObject[];
  live?: readonly KubeObject[];
  app?: SyncPlanInput['app'];
  options?: Partial<SyncPlanOptions>;
}): SyncPlanInput {
  const desired = planned(args.desired);
  const live = tracked(args.live ?? []);
  return {
    app: args.app ?? appWith(),
    revision: REVISION,
    startedAt: STARTED_AT,
    desired,
    comparison: compare(desired, live),
    live,
    options: { ...PRUNE, ...args.options },
  };
}

/** `Kind/name action[ (code)][ policies]` of one task. */
export function describeTask(t: SyncTask): string {
  const what = `${t.action} ${t.identity.kind}/${t.identity.name}`;
  if (t.action === 'skipped') return `${what} (${t.code}, would ${t.wouldBe})`;
  if (t.action === 'hook') return `${what} [${t.deletePolicies.join(',')}]`;
  if (t.action === 'prune') return `${what} (${t.propagation}${t.confirmed ? ', confirmed' : ''})`;
  return what;
}

/** One line per task in run order: `<phase> <wave>: <task>`; SyncFail tasks last. */
export function describePlan(plan: SyncPlan): string[] {
  const phases = plan.onFailure ? [...plan.phases, plan.onFailure] : plan.phases;
  return phases.flatMap((p) =>
    p.waves.flatMap((w) => w.tasks.map((t) => `${p.phase} ${w.wave}: ${describeTask(t)}`)),
  );
}
