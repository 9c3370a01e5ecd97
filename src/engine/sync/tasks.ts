/** Tasks of single objects: what a sync does with each desired object and each prune candidate, before ordering. */
import type { ResourceDiff } from '../diff/types.js';
import { diffText } from '../diff/text.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { describeIdentity } from '../objects.js';
import type { HookSpec } from './hooks.js';
import { hookName } from './hooks.js';
import type { PruneDecision } from './prune-guards.js';
import { REVISION_ANNOTATION, withTracking } from './tracking.js';
import type {
  CreateTask,
  ObjectSyncOptions,
  PlannedObject,
  SkipCode,
  SkippedTask,
  SyncPhase,
  SyncTask,
  TaskAction,
  UnchangedTask,
  UpdateTask,
} from './types.js';

/** What is fixed for an object before its action is known. */
export interface TaskContext {
  identity: ObjectIdentity;
  wave: number;
  options: ObjectSyncOptions;
  source?: PlannedObject['source'];
}

/** The object as it is applied: tracking label and annotation for `app`, and the revision it comes from. */
export function objectToApply(obj: KubeObject, app: string, revision: string): KubeObject {
  const tracked = withTracking(obj, app);
  tracked.metadata.annotations = { ...(tracked.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
  return tracked;
}

/** A skipped task in `phase`, saying what it would have been. */
export function skippedTask(
  ctx: TaskContext,
  phase: SyncPhase,
  code: SkipCode,
  reason: string,
  wouldBe: SkippedTask['wouldBe'],
): SkippedTask {
  return { ...ctx, phase, action: 'skipped', code, reason, wouldBe };
}

/** The apply task of a desired resource, from its comparison (none: not compared, applied to be sure). */
export function resourceTask(
  ctx: TaskContext,
  object: KubeObject,
  compared: ResourceDiff | undefined,
): CreateTask | UpdateTask | UnchangedTask {
  const base = { ...ctx, phase: 'Sync' as const, object };
  switch (compared?.status) {
    case 'Missing':
      return { ...base, action: 'create', code: 'missing', reason: 'not on the cluster yet' };
    case 'Synced':
      return { ...base, action: 'unchanged', code: 'synced', reason: 'matches Git' };
    case 'OutOfSync': {
      const diff = diffText(compared);
      return {
        ...base,
        action: 'update',
        code: 'out-of-sync',
        reason: `differs from Git in ${compared.changedPaths.length} field${compared.changedPaths.length === 1 ? '' : 's'}`,
        ...(diff !== undefined ? { diff } : {}),
        changedPaths: [...compared.changedPaths],
      };
    }
    default: {
      const why = compared?.problems[0]?.message;
      return {
        ...base,
        action: 'update',
        code: 'not-compared',
        reason: `could not be compared${why ? ` (${why})` : ''}; applied to be sure`,
        changedPaths: [],
      };
    }
  }
}

/** The hook tasks of a desired object, one per phase; unnamed hooks get a name per phase and sync. */
export function hookTasks(
  ctx: TaskContext,
  obj: KubeObject,
  spec: Extract<HookSpec, { kind: 'hook' }>,
  naming: { app: string; revision: string; startedAt: number },
): SyncTask[] {
  return spec.phases.map((phase) => {
    const generateName = obj.metadata?.generateName;
    const unnamed = !obj.metadata?.name && typeof generateName === 'string';
    let object = obj;
    let identity = ctx.identity;
    if (unnamed) {
      const name = hookName(generateName, naming.revision, phase, naming.startedAt);
      const { generateName: _dropped, ...metadata } = obj.metadata;
      object = { ...obj, metadata: { ...metadata, name } };
      identity = { ...identity, name };
    }
    return {
      ...ctx,
      identity,
      phase,
      action: 'hook' as const,
      code: 'hook' as const,
      reason: `${phase} hook`,
      object: objectToApply(object, naming.app, naming.revision),
      deletePolicies: [...spec.deletePolicies],
      generatedName: unnamed,
    };
  });
}

/** The task of a prune candidate from its guard decision. */
export function pruneTask(ctx: TaskContext, decision: PruneDecision): SyncTask {
  if (!decision.prune) return skippedTask(ctx, 'Sync', decision.code, decision.reason, 'prune');
  return {
    ...ctx,
    phase: 'Sync',
    action: 'prune',
    code: 'extraneous',
    reason: decision.confirmed ? 'no longer in Git (deletion confirmed)' : 'no longer in Git',
    propagation: ctx.options.prunePropagationPolicy,
    confirmed: decision.confirmed,
  };
}

/** What a resource's apply task would be, for the `wouldBe` of a skipped one. */
export function applyAction(compared: ResourceDiff | undefined): Exclude<TaskAction, 'skipped'> {
  return compared?.status === 'Missing' ? 'create' : compared?.status === 'Synced' ? 'unchanged' : 'update';
}

/** Plain words for a hook a sync never runs. */
export function notForSyncReason(types: readonly string[]): string {
  return `a ${types.join(', ')} hook: a sync never runs it`;
}

/** Plain words for an object with generateName and no name that is not a hook. */
export function unnamedReason(identity: ObjectIdentity): string {
  return `${describeIdentity(identity)} has only generateName: every sync would create another copy, so only hooks may leave out a name`;
}
