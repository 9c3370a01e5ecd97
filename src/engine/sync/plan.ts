/** The sync planner: desired state, comparison and options in; every task, in order, with every guard applied, out.
 * Pure: it reads its input and nothing else, so the same input always gives the same plan. */
import type { ResourceDiff } from '../diff/types.js';
import type { KubeObject } from '../objects.js';
import { describeIdentity, identityKey } from '../objects.js';
import { hookSpecOf } from './hooks.js';
import { objectSyncOptions } from './object-options.js';
import { isPruneTask, orderTasks, PHASE_ORDER } from './order.js';
import { guardPrune, pruneRefusal } from './prune-guards.js';
import { formatSelector, isSelected } from './selection.js';
import type { TaskContext } from './tasks.js';
import {
  applyAction,
  hookTasks,
  notForSyncReason,
  objectToApply,
  pruneTask,
  resourceTask,
  skippedTask,
  unnamedReason,
} from './tasks.js';
import { identityOf, TRACKING_ID_ANNOTATION } from './tracking.js';
import type {
  PhasePlan,
  PlannedObject,
  PlanProblem,
  PruneConfirmation,
  SkipCode,
  SyncPlan,
  SyncPlanInput,
  SyncTask,
  TaskAction,
} from './types.js';
import { mirroredWaves, pruneLastWave, waveOf } from './waves.js';

/** Skips that mean the object takes no part in this sync at all, so it does not count when waves are computed. */
const NOT_IN_SYNC: ReadonlySet<SkipCode> = new Set<SkipCode>([
  'not-selected',
  'in-sync',
  'hook-in-selective-sync',
  'hooks-off',
  'hook-skip',
  'hook-not-for-sync',
  'unnamed-object',
  'not-ours',
  'managed-elsewhere',
  'has-owner',
]);

/** Builds the plan of one sync. Problems that stop the sync or its prunes are in `problems`, never thrown. */
export function planSync(input: SyncPlanInput): SyncPlan {
  const problems: PlanProblem[] = [];
  const selectors = input.options.resources ?? [];
  const onlyOutOfSync = input.options.onlyOutOfSync ?? input.app.syncPolicy.syncOptions.applyOutOfSyncOnly;
  const compared = new Map(input.comparison.resources.map((r) => [identityKey(r.identity), r]));
  const desired = distinctDesired(input.desired, problems);

  const tasks: SyncTask[] = [];
  let desiredResources = 0;
  for (const d of desired) {
    const planned = desiredTasks(input, d, compared.get(identityKey(d.identity)), onlyOutOfSync, problems);
    if (planned.resource) desiredResources++;
    tasks.push(...planned.tasks);
  }
  problems.push(...sharedResourceProblems(input, desired, compared));

  const needsConfirmation: PruneConfirmation[] = [];
  tasks.push(...pruneTasks(input, desiredResources, problems, needsConfirmation));
  problems.push(...unmatchedSelectors(input, tasks));

  const ordered = orderTasks(adjustPruneWaves(tasks));
  const phases = groupByPhase(ordered);
  const onFailure = phases.find((p) => p.phase === 'SyncFail');
  const createNamespace = namespaceToCreate(input, desired);
  return {
    app: input.app.name,
    revision: input.revision,
    phases: phases.filter((p) => p.phase !== 'SyncFail'),
    ...(onFailure ? { onFailure } : {}),
    ...(createNamespace ? { createNamespace } : {}),
    needsConfirmation: inRunOrder(needsConfirmation, ordered),
    partial: selectors.length > 0,
    onlyOutOfSync,
    counts: countActions(ordered),
    problems,
  };
}

/** The tasks of one desired object, and whether it is a resource kept in sync (not a hook). */
function desiredTasks(
  input: SyncPlanInput,
  d: PlannedObject,
  compared: ResourceDiff | undefined,
  onlyOutOfSync: boolean,
  problems: PlanProblem[],
): { tasks: SyncTask[]; resource: boolean } {
  const { app, revision, startedAt } = input;
  const hook = hookSpecOf(d.object, d.identity);
  const wave = waveOf(d.object, d.identity);
  const opts = objectSyncOptions(d.object, d.identity, app.syncPolicy.syncOptions);
  problems.push(...hook.problems, ...wave.problems, ...opts.problems);
  const ctx: TaskContext = {
    identity: d.identity,
    wave: wave.wave,
    options: opts.options,
    ...(d.source ? { source: d.source } : {}),
  };
  const selective = (input.options.resources ?? []).length > 0;
  const spec = hook.spec;
  switch (spec.kind) {
    case 'skip':
      return {
        tasks: [skippedTask(ctx, 'Sync', 'hook-skip', 'marked hook: Skip; never applied', 'hook')],
        resource: false,
      };
    case 'not-for-sync':
      return {
        tasks: [
          skippedTask(
            ctx,
            'Sync',
            'hook-not-for-sync',
            // A misspelt hook type is not "another occasion": say what is wrong with it.
            hook.problems.find((p) => p.code === 'sync.bad-hook')?.message ?? notForSyncReason(spec.types),
            'hook',
          ),
        ],
        resource: false,
      };
    case 'hook':
      if (input.options.skipHooks)
        return {
          tasks: spec.phases.map((phase) =>
            skippedTask(ctx, phase, 'hooks-off', 'this sync runs no hooks (apply strategy)', 'hook'),
          ),
          resource: false,
        };
      if (selective)
        return {
          tasks: spec.phases.map((phase) =>
            skippedTask(
              ctx,
              phase,
              'hook-in-selective-sync',
              'hooks do not run when only some resources are synced',
              'hook',
            ),
          ),
          resource: false,
        };
      return {
        tasks: hookTasks(ctx, d.object, spec, { app: app.name, revision, startedAt }),
        resource: false,
      };
    case 'resource':
      break;
  }
  if (!d.object.metadata?.name) {
    problems.push({
      code: 'sync.unnamed-object',
      effect: 'warning',
      message: `${unnamedReason(d.identity)}; it is not applied.`,
      hint: 'Give it a name, or make it a hook (argocd.argoproj.io/hook: Sync) if a new copy each sync is intended.',
    });
    return {
      tasks: [
        skippedTask(ctx, 'Sync', 'unnamed-object', 'has only generateName and is not a hook', 'create'),
      ],
      resource: false,
    };
  }
  const wouldBe = applyAction(compared);
  if (selective && !isSelected(input.options.resources ?? [], d.identity))
    return {
      tasks: [skippedTask(ctx, 'Sync', 'not-selected', 'not among the selected resources', wouldBe)],
      resource: true,
    };
  if (onlyOutOfSync && wouldBe === 'unchanged')
    return {
      tasks: [
        skippedTask(ctx, 'Sync', 'in-sync', 'matches Git, and only out-of-sync objects are applied', wouldBe),
      ],
      resource: true,
    };
  return {
    tasks: [resourceTask(ctx, objectToApply(d.object, app.name, revision), compared)],
    resource: true,
  };
}

/** Prune candidates are the comparison's Extraneous resources: live, tracked by this app, not in Git. */
function pruneTasks(
  input: SyncPlanInput,
  desiredResources: number,
  problems: PlanProblem[],
  needsConfirmation: PruneConfirmation[],
): SyncTask[] {
  const candidates = input.comparison.resources.filter((r) => r.status === 'Extraneous');
  if (candidates.length === 0) return [];
  const { app, options } = input;
  const refusal = pruneRefusal({
    renderOk: options.renderOk,
    repoReachable: options.repoReachable,
    desiredResources,
    allowEmpty: options.allowEmpty ?? app.syncPolicy.automated?.allowEmpty ?? false,
  });
  if (refusal && options.prune) problems.push(refusal);
  const live = new Map(input.live.map((o) => [identityKey(identityOf(o)), o]));
  const selectors = options.resources ?? [];
  return candidates.map((r) => {
    // The raw object keeps what normalisation drops (owners, deletion, managers); the compared one is a fallback.
    const object = live.get(identityKey(r.identity)) ?? r.live ?? emptyObject(r);
    const wave = waveOf(object, r.identity);
    // A bad wave on an object being deleted is not its author's current intent: reported, not fatal.
    problems.push(...wave.problems.map((p) => ({ ...p, effect: 'warning' as const })));
    const opts = objectSyncOptions(object, r.identity, app.syncPolicy.syncOptions);
    problems.push(...opts.problems.map((p) => ({ ...p, effect: 'warning' as const })));
    const ctx: TaskContext = { identity: r.identity, wave: wave.wave, options: opts.options };
    if (selectors.length > 0 && !isSelected(selectors, r.identity))
      return skippedTask(ctx, 'Sync', 'not-selected', 'not among the selected resources', 'prune');
    const decision = guardPrune({
      app: app.name,
      live: object,
      identity: r.identity,
      options: opts.options,
      requested: options.prune,
      ...(refusal ? { refusal } : {}),
      confirmations: options.confirmedPrunes ?? [],
    });
    if (!decision.prune && decision.confirmation) needsConfirmation.push(decision.confirmation);
    return pruneTask(ctx, decision);
  });
}

/** Mirrors prune waves (last created, first deleted), then moves PruneLast prunes after the last Sync wave. */
function adjustPruneWaves(tasks: readonly SyncTask[]): SyncTask[] {
  const counts = (t: SyncTask): boolean => !(t.action === 'skipped' && NOT_IN_SYNC.has(t.code));
  const mirror = mirroredWaves(tasks.filter((t) => isPruneTask(t) && counts(t)).map((t) => t.wave));
  const mirrored = tasks.map((t) =>
    isPruneTask(t) && counts(t) ? { ...t, wave: mirror.get(t.wave) ?? t.wave } : t,
  );
  const last = pruneLastWave(mirrored.filter((t) => t.phase === 'Sync' && counts(t)).map((t) => t.wave));
  return mirrored.map((t) => (isPruneTask(t) && counts(t) && t.options.pruneLast ? { ...t, wave: last } : t));
}

/** Ordered tasks grouped by phase, then wave, keeping their order. */
function groupByPhase(ordered: readonly SyncTask[]): PhasePlan[] {
  const phases: PhasePlan[] = [];
  for (const task of ordered) {
    let phase = phases.find((p) => p.phase === task.phase);
    if (!phase) {
      phase = { phase: task.phase, waves: [] };
      phases.push(phase);
    }
    let wave = phase.waves.find((w) => w.wave === task.wave);
    if (!wave) {
      wave = { wave: task.wave, tasks: [] };
      phase.waves.push(wave);
    }
    wave.tasks.push(task);
  }
  phases.sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
  for (const phase of phases) phase.waves.sort((a, b) => a.wave - b.wave);
  return phases;
}

/** The last of each identity; a duplicate is reported (the renderer normally refuses them first). */
function distinctDesired(desired: readonly PlannedObject[], problems: PlanProblem[]): PlannedObject[] {
  const byKey = new Map<string, PlannedObject>();
  for (const d of desired) {
    // Unnamed objects share an identity (their generateName) yet are distinct objects.
    const key = d.object.metadata?.name
      ? identityKey(d.identity)
      : `${identityKey(d.identity)}#${byKey.size}`;
    if (byKey.has(key))
      problems.push({
        code: 'sync.duplicate-object',
        effect: 'warning',
        message: `${describeIdentity(d.identity)} is rendered more than once; the last one is applied.`,
        hint: "Remove the duplicate from the app's manifests.",
      });
    byKey.set(key, d);
  }
  return [...byKey.values()];
}

/** Desired objects whose live counterpart is tracked by another app: a warning, or a stop with FailOnSharedResource. */
function sharedResourceProblems(
  input: SyncPlanInput,
  desired: readonly PlannedObject[],
  compared: ReadonlyMap<string, ResourceDiff>,
): PlanProblem[] {
  const fail = input.app.syncPolicy.syncOptions.failOnSharedResource;
  const problems: PlanProblem[] = [];
  for (const d of desired) {
    const claim = compared.get(identityKey(d.identity))?.live?.metadata?.annotations?.[
      TRACKING_ID_ANNOTATION
    ];
    if (typeof claim !== 'string') continue;
    const owner = claim.slice(0, claim.indexOf(':'));
    if (owner === '' || owner === input.app.name) continue;
    problems.push({
      code: 'sync.shared-resource',
      effect: fail ? 'stops-sync' : 'warning',
      message: `${describeIdentity(d.identity)} is also tracked by the app ${owner}; syncing makes it ${input.app.name}'s.`,
      hint: fail
        ? 'Remove it from one of the apps, or turn FailOnSharedResource off to let this app take it over.'
        : 'Remove it from one of the apps: two apps applying one object undo each other.',
    });
  }
  return problems;
}

/** Selected resources that are neither desired nor live objects of the app stop the sync: a typo must not pass as done. */
function unmatchedSelectors(input: SyncPlanInput, tasks: readonly SyncTask[]): PlanProblem[] {
  return (input.options.resources ?? [])
    .filter((s) => !tasks.some((t) => isSelected([s], t.identity)))
    .map((s) => ({
      code: 'sync.resource-not-in-app',
      effect: 'stops-sync' as const,
      message: `${formatSelector(s)} is not a resource of the app ${input.app.name}.`,
      hint: 'Name it as GROUP/KIND/NAMESPACE/NAME exactly as `flotilla status` lists it (core group and cluster scope empty).',
    }));
}

/** The destination namespace, when CreateNamespace is on and the app does not render that Namespace itself. */
function namespaceToCreate(input: SyncPlanInput, desired: readonly PlannedObject[]): string | undefined {
  const ns = input.app.destination.namespace;
  if (!input.app.syncPolicy.syncOptions.createNamespace || !ns) return undefined;
  const rendered = desired.some(
    (d) => d.identity.group === '' && d.identity.kind === 'Namespace' && d.identity.name === ns,
  );
  return rendered ? undefined : ns;
}

/** Confirmations in the order their prunes would run. */
function inRunOrder(
  confirmations: readonly PruneConfirmation[],
  ordered: readonly SyncTask[],
): PruneConfirmation[] {
  const position = new Map(ordered.map((t, i) => [identityKey(t.identity), i]));
  const at = (c: PruneConfirmation): number => position.get(identityKey(c.identity)) ?? ordered.length;
  return [...confirmations].sort((a, b) => at(a) - at(b));
}

function countActions(tasks: readonly SyncTask[]): Record<TaskAction, number> {
  const counts: Record<TaskAction, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    hook: 0,
    prune: 0,
    skipped: 0,
  };
  for (const t of tasks) counts[t.action]++;
  return counts;
}

function emptyObject(r: ResourceDiff): KubeObject {
  const { group, version, kind, namespace, name } = r.identity;
  return {
    apiVersion: group ? `${group}/${version}` : version,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  };
}

/** Problems that forbid running the plan at all; empty when it may run. */
export function blockingProblems(plan: SyncPlan): PlanProblem[] {
  return plan.problems.filter((p) => p.effect === 'stops-sync');
}
