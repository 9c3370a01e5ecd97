/** The acting side's answers as they cross the thread boundary: engine results made plain and small (no
 * Kubernetes objects, times as epoch ms), and the UI's sync options made an engine request. The bridge turns
 * these into view rows (src/bridge/acting-view.ts). */
import type { OperationKind } from '../history/index.js';
import type { HistoryDiff } from '../history/index.js';
import { describeIdentity, identityKey, type ObjectIdentity } from '../objects.js';
import type { DryRunFailure } from '../sync/dry-run.js';
import { fail, ok, type Problem, type Result } from '../problem.js';
import type { RolloutGroupRecord, RolloutPhase, RolloutRecord } from '../rollout/index.js';
import { formatOrder } from '../rollout/index.js';
import type { OperationPhase, OperationState, SyncRequest, TaskResult } from '../sync/index.js';
import { blockingProblems, parseResourceSelector } from '../sync/index.js';
import type { ResourceSelector, SyncPhase, SyncPlan, SyncTask, TaskAction } from '../sync/types.js';
import type { SyncOptionsWire } from './protocol.js';

/** One task of a plan: which object, what happens to it, when, and why when that is worth saying. */
export interface PlanTaskWire {
  identity: ObjectIdentity;
  action: TaskAction;
  phase: SyncPhase;
  wave: number;
  note?: string;
}

/** A sync plan without the objects it would apply. */
export interface PlanWire {
  revision: string;
  partial: boolean;
  tasks: PlanTaskWire[];
  counts: Record<TaskAction, number>;
  /** Tokens of the prunes that wait for a confirmation by name. */
  needsConfirmation: string[];
  /** What stops the sync, in plain words with what to do; empty when it can run. */
  problems: string[];
}

/** An operation of one app: one this flotilla runs (`mine`), one read from the cluster, or a refusal. */
export interface OperationWire {
  app: string;
  /** Undefined for a refusal, and until the operation's record is first read. */
  id?: string;
  kind: OperationKind;
  phase: OperationPhase | 'Refused';
  revision?: string;
  /** `user@host`. */
  initiator?: string;
  /** Epoch ms. */
  startedAt?: number;
  finishedAt?: number;
  message?: string;
  step?: { phase: SyncPhase; wave: number };
  /** Objects the current step waits on. */
  waitingOn?: string[];
  dryRun: boolean;
  partial: boolean;
  tasks: TaskResult[];
  mine: boolean;
}

/** What one history entry changed: each object's unified diff (Secret values masked). */
export interface HistoryDiffWire {
  changes: { identity: ObjectIdentity; change: 'added' | 'removed' | 'changed'; diff: string }[];
  warnings: string[];
}

/** A rollout's progress, or its refusal. */
export interface RolloutWire {
  appSet: string;
  order: string;
  phase: RolloutPhase | 'Refused';
  message?: string;
  groups: RolloutGroupRecord[];
}

/** Problems in one line of plain words, each with what to do next. */
export function problemText(problems: readonly Problem[]): string {
  return problems.map((p) => (p.hint ? `${p.message} ${p.hint}` : p.message)).join(' ');
}

/** The engine's sync request for the UI's options; a resource key that names no resource is refused. */
export function syncRequestOf(options: SyncOptionsWire): Result<SyncRequest> {
  const resources: ResourceSelector[] = [];
  for (const key of options.resources ?? []) {
    const parsed = parseResourceSelector(key);
    if (!parsed.ok) return fail(...parsed.problems);
    resources.push(parsed.value);
  }
  return ok({
    prune: options.prune,
    ...(options.confirmPrune && options.confirmPrune.length > 0
      ? { confirmPrune: options.confirmPrune }
      : {}),
    dryRun: options.dryRun,
    force: options.force,
    replace: options.replace,
    // Off means the app's own ApplyOutOfSyncOnly, as `flotilla sync` without --only-out-of-sync.
    ...(options.onlyOutOfSync ? { onlyOutOfSync: true } : {}),
    ...(resources.length > 0 ? { resources } : {}),
    wait: false,
    waitLock: false,
  });
}

/** A plan made small. The problems: why nothing can be sent (`refusal`: read-only), what stops the plan, and
 * each object the server refused in the dry run (also on its task), with what to do about a conflict. */
export function planWire(
  planned: { plan: SyncPlan; refusals: readonly DryRunFailure[] },
  opts: { refusal?: string; force: boolean },
): PlanWire {
  const { plan } = planned;
  const refused = new Map(planned.refusals.map((r) => [identityKey(r.identity), refusalText(r, opts.force)]));
  const tasks = plan.phases.flatMap((p) =>
    p.waves.flatMap((w) =>
      w.tasks.map((t) => {
        const task = planTaskWire(t);
        const why = refused.get(identityKey(t.identity));
        return why ? { ...task, note: why } : task;
      }),
    ),
  );
  return {
    revision: plan.revision,
    partial: plan.partial,
    tasks,
    counts: { ...plan.counts },
    needsConfirmation: plan.needsConfirmation.map((c) => c.token),
    problems: [
      ...(opts.refusal ? [opts.refusal] : []),
      ...blockingProblems(plan).map((p) => problemText([p])),
      ...planned.refusals.map((r) => `${describeIdentity(r.identity)}: ${refusalText(r, opts.force)}`),
    ],
  };
}

/** A dry-run refusal in words; a conflict says how to resolve it. */
function refusalText(r: DryRunFailure, force: boolean): string {
  const conflict = !force && /conflict/i.test(r.message);
  return conflict
    ? `${r.message} Another field manager (a hand edit, another tool) owns these fields: turn on Force to take them over.`
    : r.message;
}

function planTaskWire(t: SyncTask): PlanTaskWire {
  // Creates, updates and unchanged objects say the obvious; skips, prunes and hooks say why.
  const note = t.action === 'skipped' || t.action === 'prune' || t.action === 'hook' ? t.reason : undefined;
  return {
    identity: t.identity,
    action: t.action,
    phase: t.phase,
    wave: t.wave,
    ...(note ? { note } : {}),
  };
}

/** An operation record (read from the cluster, or the end of one run here) as it crosses. */
export function operationWire(state: OperationState, mine: boolean): OperationWire {
  const finishedAt = state.finishedAt ? Date.parse(state.finishedAt) : undefined;
  return {
    app: state.app,
    id: state.id,
    kind: state.kind ?? 'sync',
    phase: state.phase,
    revision: state.revision,
    initiator: `${state.initiator.user}@${state.initiator.host}`,
    startedAt: Date.parse(state.startedAt),
    ...(finishedAt !== undefined && !Number.isNaN(finishedAt) ? { finishedAt } : {}),
    ...(state.message ? { message: state.message } : {}),
    ...(state.step ? { step: { ...state.step } } : {}),
    dryRun: state.dryRun,
    partial: state.partial,
    tasks: state.tasks.map((t) => ({ ...t })),
    mine,
  };
}

/** A history diff as it crosses: the changes' text and the warnings' words. */
export function historyDiffWire(d: HistoryDiff): HistoryDiffWire {
  return {
    changes: d.changes.map((c) => ({ identity: c.identity, change: c.change, diff: c.diff })),
    warnings: d.warnings.map((w) => w.message),
  };
}

/** A rollout record as it crosses. */
export function rolloutWire(r: RolloutRecord): RolloutWire {
  return {
    appSet: r.appSet,
    order: formatOrder(r.order),
    phase: r.phase,
    ...(r.message ? { message: r.message } : {}),
    groups: r.groups.map((g) => ({ ...g, apps: g.apps.map((a) => ({ ...a })) })),
  };
}
