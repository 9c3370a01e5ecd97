/** Shapes of a sync plan: what goes in (desired state, comparison, options) and the plain-data plan that comes out. */
import type { SyncOptions } from '../config/sync-options.js';
import type { App } from '../config/types.js';
import type { AppDiff } from '../diff/types.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { Problem } from '../problem.js';
import type { ObjectSource } from '../render/types.js';

/** Phases of a sync in run order; SyncFail runs only when an earlier phase failed. */
export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';

/** When a hook object is deleted: before it is created again (the default), after it succeeded, after it failed. */
export type HookDeletePolicy = 'BeforeHookCreation' | 'HookSucceeded' | 'HookFailed';

/** How the dependants of a pruned object are deleted. */
export type PropagationPolicy = SyncOptions['prunePropagationPolicy'];

/** What a sync does with one object. */
export type TaskAction = 'create' | 'update' | 'unchanged' | 'hook' | 'prune' | 'skipped';

/** The sync options in force for one object: the app's, overridden by the object's own sync-options annotation. */
export interface ObjectSyncOptions {
  serverSideApply: boolean;
  replace: boolean;
  /** Delete and re-create when an apply is refused (object annotation only). */
  force: boolean;
  validate: boolean;
  skipDryRunOnMissingResource: boolean;
  prune: boolean | 'confirm';
  pruneLast: boolean;
  prunePropagationPolicy: PropagationPolicy;
}

/** Why an object is skipped, as a stable code (the task's `reason` says it in plain words). */
export type SkipCode =
  /** `argocd.argoproj.io/hook: Skip`: never applied. */
  | 'hook-skip'
  /** A hook for another occasion (app deletion, Helm tests, rollbacks): a sync never runs it. */
  | 'hook-not-for-sync'
  /** No name, only generateName, and not a hook: every sync would create another copy. */
  | 'unnamed-object'
  /** Resources were selected and this is not one of them. */
  | 'not-selected'
  /** Hooks do not run when only some resources are synced. */
  | 'hook-in-selective-sync'
  /** The sync runs no hooks at all (the apply strategy, which rollbacks use). */
  | 'hooks-off'
  /** Only out-of-sync objects are applied and this one matches Git. */
  | 'in-sync'
  /** The sync was not asked to prune. */
  | 'prune-not-requested'
  /** The object (or app) says `Prune=false`. */
  | 'prune-disabled'
  /** Pruning is refused for the whole plan (render failed, repository unreachable, empty render). */
  | 'prune-refused'
  /** Deleting it needs an explicit confirmation that was not given. */
  | 'needs-confirmation'
  /** Its tracking id names another app, or none at all. */
  | 'not-ours'
  /** Argo CD or Flux manages it. */
  | 'managed-elsewhere'
  /** It has an owner, whose deletion removes it. */
  | 'has-owner'
  /** It is already being deleted. */
  | 'terminating';

/** What every task says: which object, when it runs, and why it does what it does. */
interface TaskBase {
  identity: ObjectIdentity;
  phase: SyncPhase;
  wave: number;
  /** Plain words: why this action. */
  reason: string;
  options: ObjectSyncOptions;
  /** Where the desired object is written; absent for prunes. */
  source?: ObjectSource;
}

/** An object not on the cluster yet. */
export interface CreateTask extends TaskBase {
  action: 'create';
  code: 'missing';
  /** The object to apply: tracking label and annotation and the revision annotation set. */
  object: KubeObject;
}

/** An object that differs from Git (or could not be compared, so it is applied to be sure). */
export interface UpdateTask extends TaskBase {
  action: 'update';
  code: 'out-of-sync' | 'not-compared';
  object: KubeObject;
  /** Unified diff from live to desired, Secret values masked; absent when not compared. */
  diff?: string;
  changedPaths: string[];
}

/** An object that matches Git; applied anyway in a full sync (an apply that changes nothing). */
export interface UnchangedTask extends TaskBase {
  action: 'unchanged';
  code: 'synced';
  object: KubeObject;
}

/** A hook: created in its phase, waited for, deleted as its policies say. */
export interface HookTask extends TaskBase {
  action: 'hook';
  code: 'hook';
  object: KubeObject;
  deletePolicies: HookDeletePolicy[];
  /** True when the name was generated from `generateName` (a new name each sync). */
  generatedName: boolean;
}

/** A live object of the app that Git no longer has: deleted. */
export interface PruneTask extends TaskBase {
  action: 'prune';
  code: 'extraneous';
  propagation: PropagationPolicy;
  /** True when the object needed a confirmation and got it. */
  confirmed: boolean;
}

/** An object the sync leaves alone, and why. */
export interface SkippedTask extends TaskBase {
  action: 'skipped';
  code: SkipCode;
  /** What would have happened without the reason to skip. */
  wouldBe: Exclude<TaskAction, 'skipped'>;
}

/** One object's part in a sync. */
export type SyncTask = CreateTask | UpdateTask | UnchangedTask | HookTask | PruneTask | SkippedTask;

/** Tasks of one wave in run order: prunes first, then applies by kind and name. */
export interface WavePlan {
  wave: number;
  tasks: SyncTask[];
}

/** The waves of one phase, lowest first. */
export interface PhasePlan {
  phase: SyncPhase;
  waves: WavePlan[];
}

/** A prune that waits for an explicit confirmation. */
export interface PruneConfirmation {
  identity: ObjectIdentity;
  /** `kind` for Namespaces, CRDs and PersistentVolumeClaims; `annotation` for `Prune=confirm`. */
  why: 'kind' | 'annotation';
  /** What confirms it: `Kind/name`, or `Kind/namespace/name` for a namespaced object. */
  token: string;
}

/** What a planning problem stops: the whole sync, only pruning, or nothing (a warning). */
export type ProblemEffect = 'stops-sync' | 'stops-prune' | 'warning';

/** A problem found while planning, with what it stops. */
export interface PlanProblem extends Problem {
  effect: ProblemEffect;
}

/** Everything a sync will do, decided before anything is touched. Plain data: safe to show, log or send. */
export interface SyncPlan {
  app: string;
  revision: string;
  /** PreSync, Sync and PostSync, those that have tasks, in run order. */
  phases: PhasePlan[];
  /** SyncFail hooks: run only when the sync fails. */
  onFailure?: PhasePlan;
  /** The namespace to create before anything else (`CreateNamespace=true`), unless the app renders it itself. */
  createNamespace?: string;
  /** Prunes held back until confirmed (re-plan with them confirmed). */
  needsConfirmation: PruneConfirmation[];
  /** True when only selected resources are synced: no hooks, and not recorded as a full sync. */
  partial: boolean;
  /** True when objects that match Git are not applied. */
  onlyOutOfSync: boolean;
  counts: Record<TaskAction, number>;
  problems: PlanProblem[];
}

/** A resource picked for a selective sync; '' is the core group or no namespace. */
export interface ResourceSelector {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** A desired object as the renderer gives it (src/engine/render's RenderedObject fits). */
export interface PlannedObject {
  object: KubeObject;
  identity: ObjectIdentity;
  source?: ObjectSource;
}

/** How a sync was asked for. */
export interface SyncPlanOptions {
  /** Delete objects Git no longer has. */
  prune: boolean;
  /** Prunes confirmed up front: every one, or `Kind/name` / `Kind/namespace/name` tokens. */
  confirmedPrunes?: 'all' | readonly string[];
  /** Sync only these resources (a partial sync); empty or absent means all. */
  resources?: readonly ResourceSelector[];
  /** Apply only what differs; default the app's ApplyOutOfSyncOnly. */
  onlyOutOfSync?: boolean;
  /** Run no hooks (Argo CD's apply strategy, used by rollbacks); default false. */
  skipHooks?: boolean;
  /** Allow pruning everything when the render is empty; default the app's automated.allowEmpty. */
  allowEmpty?: boolean;
  /** False when the render failed: nothing is pruned. */
  renderOk: boolean;
  /** False when the repository could not be reached: nothing is pruned. */
  repoReachable: boolean;
}

/** Everything the planner needs; it reads nothing else and calls nothing. */
export interface SyncPlanInput {
  app: Pick<App, 'name' | 'destination' | 'syncPolicy'>;
  /** The commit being synced: written on every object and used in generated hook names. */
  revision: string;
  /** When the sync started, in Unix seconds: part of generated hook names. */
  startedAt: number;
  desired: readonly PlannedObject[];
  /** The app's comparison with its cluster, made from `desired` and `live`. */
  comparison: AppDiff;
  /** The live objects of the app as read from the cluster (not normalised: owners, deletion and managers intact). */
  live: readonly KubeObject[];
  options: SyncPlanOptions;
}
