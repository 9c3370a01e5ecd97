/** Writing one desired object as its sync options say: server-side apply (the default), replace, or
 * delete and re-create when the server refuses an in-place change and `Force=true` allows it. */
import { isClusterError } from '../cluster/index.js';
import type { DeleteOptions } from '../cluster/index.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { CreateTask, HookTask, UnchangedTask, UpdateTask } from './types.js';

/** A task that writes its object. */
export type WriteTask = CreateTask | UpdateTask | UnchangedTask | HookTask;

/** The writes a sync sends to its cluster. */
export interface ApplyCluster {
  applyServerSide(
    obj: KubeObject,
    options: { dryRun: boolean; force?: boolean; validate?: boolean; app?: string; signal?: AbortSignal },
  ): Promise<KubeObject>;
  create(
    obj: KubeObject,
    options: { dryRun: boolean; validate?: boolean; app?: string; signal?: AbortSignal },
  ): Promise<KubeObject>;
  replace(
    obj: KubeObject,
    options: { dryRun: boolean; validate?: boolean; app?: string; signal?: AbortSignal },
  ): Promise<KubeObject>;
  delete(id: ObjectIdentity, options?: DeleteOptions): Promise<boolean>;
}

/** How one write is sent. */
export interface WriteMode {
  app: string;
  dryRun: boolean;
  /** `--force`: take over fields other managers own. */
  force: boolean;
  /** `--replace`: replace every object. */
  replace: boolean;
  signal?: AbortSignal;
}

/** Kinds that are updated in place even when Replace is asked for: replacing them would cascade deletes. */
const NEVER_REPLACED = new Set(['Namespace', 'CustomResourceDefinition']);

/** How the task's object is written: `apply` (server-side), or `replace` (PUT, or POST when missing). */
export function writeVerb(task: WriteTask, mode: Pick<WriteMode, 'replace'>): 'apply' | 'replace' {
  if (NEVER_REPLACED.has(task.identity.kind)) return 'apply';
  // flotilla has no client-side apply: ServerSideApply=false falls back to replacing the object whole.
  if (mode.replace || task.options.replace || !task.options.serverSideApply) return 'replace';
  return 'apply';
}

/** Writes the task's object and answers what the server stored (or would store, in a dry run). Refused
 * writes throw the cluster's error, whose message names the reason (a conflict names the other manager). */
export async function writeObject(
  cluster: ApplyCluster,
  task: WriteTask,
  mode: WriteMode,
  /** Waits until a deleted object is gone, before `Force=true` creates it again. */
  waitGone: (id: ObjectIdentity, uid: unknown) => Promise<void>,
): Promise<KubeObject> {
  const common = {
    dryRun: mode.dryRun,
    app: mode.app,
    ...(task.options.validate ? {} : { validate: false }),
    ...(mode.signal ? { signal: mode.signal } : {}),
  };
  const send = () =>
    writeVerb(task, mode) === 'apply'
      ? cluster.applyServerSide(task.object, { ...common, force: mode.force })
      : replaceOrCreate(cluster, task, common);
  try {
    return await send();
  } catch (e) {
    if (!task.options.force || mode.dryRun || !refusedInPlace(e)) throw e;
    // Force=true: the object cannot change in place (an immutable field), so it is deleted and re-created.
    await cluster.delete(task.identity, { propagationPolicy: 'foreground', app: mode.app });
    await waitGone(task.identity, undefined);
    return cluster.create(task.object, common);
  }
}

/** PUT when the object exists, POST when it does not. */
async function replaceOrCreate(
  cluster: ApplyCluster,
  task: WriteTask,
  options: { dryRun: boolean; validate?: boolean; app?: string; signal?: AbortSignal },
): Promise<KubeObject> {
  try {
    return await cluster.replace(task.object, options);
  } catch (e) {
    if (isClusterError(e, 'cluster.not-found') && e.detailsName !== undefined)
      return cluster.create(task.object, options);
    throw e;
  }
}

/** True when the server refused to change the object in place (invalid update, immutable field). */
function refusedInPlace(e: unknown): boolean {
  return isClusterError(e, 'cluster.invalid', 'cluster.conflict');
}
