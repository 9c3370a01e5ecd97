/** The acting side's worker answers → view rows: plans, operations, history, history diffs, the action log and
 * rollouts. Pure; the bridge makes every string terminal-safe after this. */
import type { ActionLogEntry } from '../engine/audit-read.js';
import type { AppRecord, AutoSyncPause, HistoryEntry } from '../engine/history/index.js';
import { identityKey, type ObjectIdentity } from '../engine/objects.js';
import { redact } from '../engine/redact.js';
import type { RolloutAppState } from '../engine/rollout/index.js';
import type { TaskResult } from '../engine/sync/index.js';
import type {
  HistoryDiffWire,
  OperationWire,
  PlanTaskWire,
  PlanWire,
  RolloutWire,
} from '../engine/workers/wire.js';
import type { WorkerRequest } from '../engine/workers/index.js';
import type { Patch } from '../state/patch.js';
import type {
  ActionLogView,
  AutoSyncPauseView,
  HistoryEntryView,
  HistoryView,
  OperationTaskView,
  OperationView,
  PlanTaskView,
  PlanView,
  ResourceDiff,
  RolloutView,
  SyncOptionsView,
  ViewModel,
} from '../state/index.js';

/** Key and readable names of an object, as the app's resource rows have them. */
function naming(id: ObjectIdentity): Pick<PlanTaskView, 'key' | 'kind' | 'namespace' | 'name'> {
  return {
    key: identityKey(id),
    kind: id.kind,
    ...(id.namespace ? { namespace: id.namespace } : {}),
    name: id.name,
  };
}

/** A plan that is being made: nothing to show yet but the options asked for. */
export function loadingPlan(appId: string, options: SyncOptionsView): PlanView {
  return {
    appId,
    status: 'loading',
    partial: false,
    tasks: [],
    counts: {},
    needsConfirmation: [],
    problems: [],
    options,
  };
}

/** The plan answer (or why there is none). */
export function planView(
  appId: string,
  options: SyncOptionsView,
  plan: PlanWire | undefined,
  error: string | undefined,
): PlanView {
  if (!plan) return { ...loadingPlan(appId, options), status: 'error', error: error ?? 'no plan came back' };
  const counts: PlanView['counts'] = {};
  for (const [action, n] of Object.entries(plan.counts) as [keyof PlanView['counts'], number][])
    if (n > 0) counts[action] = n;
  return {
    appId,
    status: 'ready',
    revision: plan.revision,
    partial: plan.partial,
    tasks: plan.tasks.map(planTask),
    counts,
    needsConfirmation: [...plan.needsConfirmation],
    problems: [...plan.problems],
    options,
  };
}

function planTask(t: PlanTaskWire): PlanTaskView {
  return {
    ...naming(t.identity),
    action: t.action,
    phase: t.phase,
    wave: t.wave,
    ...(t.note ? { note: t.note } : {}),
  };
}

/** The operation with its messages masked (an API server's error can quote a credential). */
export function redactOperation(op: OperationWire): OperationWire {
  return {
    ...op,
    ...(op.message ? { message: redact(op.message) } : {}),
    tasks: op.tasks.map((t) => (t.message ? { ...t, message: redact(t.message) } : t)),
  };
}

/** An operation row. */
export function operationView(op: OperationWire): OperationView {
  return {
    appId: op.app,
    ...(op.id ? { id: op.id } : {}),
    kind: op.kind,
    phase: op.phase,
    ...(op.revision ? { revision: op.revision } : {}),
    ...(op.initiator ? { initiator: op.initiator } : {}),
    ...(op.startedAt !== undefined ? { startedAt: op.startedAt } : {}),
    ...(op.finishedAt !== undefined ? { finishedAt: op.finishedAt } : {}),
    ...(op.message ? { message: op.message } : {}),
    ...(op.step ? { step: { ...op.step } } : {}),
    ...(op.waitingOn && op.waitingOn.length > 0 ? { waitingOn: [...op.waitingOn] } : {}),
    dryRun: op.dryRun,
    partial: op.partial,
    tasks: op.tasks.map(operationTask),
    mine: op.mine,
  };
}

function operationTask(t: TaskResult): OperationTaskView {
  return {
    ...naming(t.identity),
    action: t.action,
    phase: t.phase,
    wave: t.wave,
    status: t.status,
    ...(t.message ? { message: t.message } : {}),
  };
}

/** The history pane's answer: entries newest first and the pause, or why they could not be read. */
export function historyView(
  appId: string,
  record: AppRecord | undefined,
  error: string | undefined,
): Omit<HistoryView, 'diff'> {
  if (!record) return { appId, status: 'error', error: error ?? 'no history came back', entries: [] };
  return {
    appId,
    status: 'ready',
    entries: record.history.map(historyEntry),
    ...(record.pause ? { pause: pauseView(record.pause) } : {}),
  };
}

function historyEntry(e: HistoryEntry): HistoryEntryView {
  return {
    id: e.id,
    sha: e.revision,
    ...(e.commit ? { subject: e.commit.subject, author: e.commit.author } : {}),
    deployedAt: Date.parse(e.finishedAt),
    initiator: `${e.initiator.user}@${e.initiator.host}`,
    kind: e.kind,
    result: e.result,
    ...(e.message ? { message: e.message } : {}),
    partial: e.partial,
    attempts: e.attempts,
    ...(e.rollbackOf !== undefined ? { rollbackOf: e.rollbackOf } : {}),
  };
}

function pauseView(p: AutoSyncPause): AutoSyncPauseView {
  return {
    by: `${p.by}@${p.host}`,
    at: Date.parse(p.at),
    reason: p.reason,
    ...(p.revision ? { revision: p.revision } : {}),
  };
}

/** One history entry's diff, each changed object with its unified diff lines. */
export function historyDiffView(
  id: number,
  diff: HistoryDiffWire | undefined,
  error: string | undefined,
): NonNullable<HistoryView['diff']> {
  if (!diff) return { id, status: 'error', error: error ?? 'no diff came back', resources: [] };
  const resources: ResourceDiff[] = diff.changes.map((c) => ({
    ...naming(c.identity),
    lines: c.diff
      ? c.diff.replace(/\n$/, '').split('\n')
      : [`${c.change}: ${c.identity.kind} ${c.identity.name}`],
  }));
  return {
    id,
    status: 'ready',
    ...(diff.warnings.length > 0 ? { error: diff.warnings.join(' ') } : {}),
    resources,
  };
}

/** The action log, newest first. */
export function actionLogView(
  entries: ActionLogEntry[] | undefined,
  error: string | undefined,
): ActionLogView {
  if (!entries) return { status: 'error', error: error ?? 'the action log could not be read', entries: [] };
  return {
    status: 'ready',
    entries: entries.map((e) => ({
      time: e.time,
      cluster: e.cluster,
      ...(e.app !== undefined ? { app: e.app } : {}),
      verb: e.verb,
      object: e.object,
      result: e.result,
      ...(e.message !== undefined ? { message: e.message } : {}),
    })),
  };
}

const APP_STATE: Record<RolloutAppState, RolloutView['groups'][number]['apps'][number]['state']> = {
  Waiting: 'waiting',
  Syncing: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Refused: 'failed',
  NotStarted: 'skipped',
};

/** A rollout row; an interrupted rollout (its flotilla vanished) shows as stopped. */
export function rolloutView(r: RolloutWire): RolloutView {
  const interrupted = r.phase === 'Interrupted';
  const message = interrupted ? (r.message ?? 'the flotilla running it stopped answering') : r.message;
  return {
    appSet: r.appSet,
    order: r.order,
    phase: r.phase === 'Interrupted' ? 'Stopped' : r.phase,
    ...(message ? { message } : {}),
    groups: r.groups.map((g) => ({
      value: g.value,
      apps: g.apps.map((a) => ({
        appId: a.app,
        state: APP_STATE[a.state],
        ...(a.message ? { message: a.message } : {}),
      })),
    })),
  };
}

/** A failed acting request (the worker was down, or threw) as the answer its pane waits for: the loading plan,
 * history, diff or action log turns into an error, a sync or rollback into a refusal saying why. Undefined for
 * other requests (they become an alert). */
export function failedActingPatch(
  request: WorkerRequest['type'],
  app: string | undefined,
  message: string,
  state: Pick<ViewModel, 'plans' | 'history' | 'actionLog'>,
): Patch | undefined {
  switch (request) {
    case 'plan': {
      const plan = app ? state.plans[app] : undefined;
      return plan ? { kind: 'plan', plan: { ...plan, status: 'error', error: message } } : undefined;
    }
    case 'sync':
    case 'rollback':
      if (!app) return undefined;
      return {
        kind: 'operation',
        operation: {
          appId: app,
          kind: request,
          phase: 'Refused',
          message,
          dryRun: false,
          partial: false,
          tasks: [],
          mine: true,
        },
      };
    case 'history':
      return app ? { kind: 'history', history: historyView(app, undefined, message) } : undefined;
    case 'historyDiff': {
      const id = state.history?.appId === app ? state.history?.diff?.id : undefined;
      return app && id !== undefined
        ? { kind: 'historyDiff', app, diff: historyDiffView(id, undefined, message) }
        : undefined;
    }
    case 'actionLog':
      return { kind: 'actionLog', log: actionLogView(undefined, message) };
    default:
      return undefined;
  }
}
