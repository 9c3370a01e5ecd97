/** The dry run before a sync: every write of the plan sent with `dryRun=All`, so the API server's
 * validation, admission and conflict checks run and nothing is stored. One refusal stops the sync. */
import { isClusterError } from '../cluster/index.js';
import { mapLimit } from '../concurrency.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { ApplyCluster, WriteMode, WriteTask } from './apply.js';
import { writeObject } from './apply.js';
import type { SyncPlan } from './types.js';

/** What a dry run reads besides writing. */
export interface DryRunCluster {
  get(id: ObjectIdentity, signal?: AbortSignal): Promise<KubeObject | undefined>;
}

/** One write the server refused in the dry run. */
export interface DryRunFailure {
  identity: ObjectIdentity;
  message: string;
}

/** Dry-runs every write of the plan (SyncFail hooks too); answers the refusals, none when all passed.
 * Objects that cannot be dry-run because this sync creates their namespace or their kind first are
 * skipped, as they would otherwise always fail. */
export async function dryRunPlan(
  cluster: ApplyCluster & DryRunCluster,
  plan: SyncPlan,
  mode: WriteMode,
  createdNamespace: string | undefined,
): Promise<DryRunFailure[]> {
  const writes = [...plan.phases, ...(plan.onFailure ? [plan.onFailure] : [])].flatMap((p) =>
    p.waves.flatMap((w) =>
      w.tasks.filter((t): t is WriteTask => t.action !== 'prune' && t.action !== 'skipped'),
    ),
  );
  const newNamespaces = await namespacesCreatedBy(cluster, writes, createdNamespace, mode.signal);
  const newKinds = kindsDefinedBy(writes);
  const failures: DryRunFailure[] = [];
  await mapLimit(writes, 8, async (t) => {
    if (t.identity.namespace && newNamespaces.has(t.identity.namespace)) return;
    if (await recreatedHook(cluster, t, mode.signal)) return;
    try {
      await writeObject(cluster, t, { ...mode, dryRun: true }, async () => {});
    } catch (e) {
      if (
        unknownKind(e) &&
        (newKinds.has(`${t.identity.group}/${t.identity.kind}`) || t.options.skipDryRunOnMissingResource)
      )
        return;
      // Force=true deletes and re-creates what cannot change in place, so that refusal is no failure.
      if (t.options.force && isClusterError(e, 'cluster.invalid', 'cluster.conflict')) return;
      failures.push({ identity: t.identity, message: await refusalText(cluster, t, e, mode.signal) });
    }
  });
  return failures;
}

/** Namespaces that do not exist yet and that this sync creates (as objects, or `CreateNamespace=true`). */
async function namespacesCreatedBy(
  cluster: DryRunCluster,
  writes: readonly WriteTask[],
  createdNamespace: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Set<string>> {
  const names = new Set<string>(createdNamespace ? [createdNamespace] : []);
  for (const t of writes)
    if (t.identity.kind === 'Namespace' && t.identity.group === '') names.add(t.identity.name);
  // Only namespaces that really are missing: an existing one lets its objects be dry-run.
  for (const name of [...names]) {
    const id: ObjectIdentity = { group: '', version: 'v1', kind: 'Namespace', namespace: '', name };
    if (await cluster.get(id, signal).catch(() => undefined)) names.delete(name);
  }
  return names;
}

/** True for a hook that exists and will be deleted before it is created again: a dry run against the
 * old object would judge the wrong change (a Job's template cannot change in place). */
async function recreatedHook(
  cluster: DryRunCluster,
  t: WriteTask,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (t.action !== 'hook' || !t.deletePolicies.includes('BeforeHookCreation')) return false;
  return (await cluster.get(t.identity, signal).catch(() => undefined)) !== undefined;
}

/** `group/kind` of every custom resource kind a CRD in the plan defines. */
function kindsDefinedBy(writes: readonly WriteTask[]): Set<string> {
  const kinds = new Set<string>();
  for (const t of writes) {
    if (t.identity.kind !== 'CustomResourceDefinition') continue;
    const spec = t.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    if (typeof spec?.group === 'string' && typeof spec.names?.kind === 'string')
      kinds.add(`${spec.group}/${spec.names.kind}`);
  }
  return kinds;
}

/** The server's refusal in words; a write into a namespace that does not exist says so (the server only
 * answers that the object was not found). */
async function refusalText(
  cluster: DryRunCluster,
  t: WriteTask,
  e: unknown,
  signal: AbortSignal | undefined,
): Promise<string> {
  const text = isClusterError(e) ? e.problem.message : String(e);
  const namespace = t.identity.namespace;
  if (!namespace || !isClusterError(e, 'cluster.not-found')) return text;
  const id: ObjectIdentity = { group: '', version: 'v1', kind: 'Namespace', namespace: '', name: namespace };
  const exists = await cluster.get(id, signal).catch(() => true);
  return exists
    ? text
    : `namespace ${namespace} does not exist; add it to Git or set the sync option CreateNamespace=true`;
}

/** True when the server does not know the object's kind (yet). */
function unknownKind(e: unknown): boolean {
  return (
    isClusterError(e, 'cluster.unknown-kind') ||
    (isClusterError(e, 'cluster.not-found') && e.detailsName === undefined)
  );
}

/** The dry run a sync of `plan` would start with, for showing a plan before it runs: a conflict with another
 * field manager (a hand edit), a quota or a webhook that would refuse an object shows in the plan, not only
 * after confirming. The namespace the sync would create is not created: its objects are skipped. */
export function dryRunOfPlan(
  cluster: ApplyCluster & DryRunCluster,
  plan: SyncPlan,
  request: Pick<WriteMode, 'force' | 'replace' | 'signal'>,
): Promise<DryRunFailure[]> {
  const mode: WriteMode = { app: plan.app, dryRun: true, force: request.force, replace: request.replace };
  return dryRunPlan(
    cluster,
    plan,
    request.signal ? { ...mode, signal: request.signal } : mode,
    plan.createNamespace,
  );
}
