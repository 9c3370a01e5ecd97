/** What `flotilla sync` prints: pure functions from plans, events and outcomes to lines of text. Every string
 * that comes from Git or a cluster (names, reasons, messages, holders, diffs) is made terminal-safe here. */
import type { ObjectIdentity } from '../engine/objects.js';
import type { Problem } from '../engine/problem.js';
import { formatProblem } from '../engine/problem.js';
import { redactProblem } from '../engine/redact.js';
import { oneLine, terminalSafe, terminalSafeLines } from '../engine/safe-text.js';
import type {
  LockHolder,
  OperationState,
  PhasePlan,
  PlanProblem,
  SyncEvent,
  SyncOutcome,
  SyncPlan,
  SyncTask,
  TaskAction,
  TaskResult,
} from '../engine/sync/index.js';

/** How the text is written. */
export interface OutputStyle {
  /** ✓ ✗ … marks (a terminal without NO_COLOR), else the plain words ok, FAILED, waiting. */
  glyphs: boolean;
  /** Show each update's diff under its plan line. */
  diff: boolean;
}

/** How often a waiting line that says the same thing again is repeated. */
export const WAITING_REPEAT_MS = 30_000;
/** How many awaited objects a waiting line names before it says "and N more". */
const WAITING_NAMES = 5;
/** Identities wider than this do not widen the plan's name column further. */
const NAME_COLUMN_MAX = 48;

/** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object: the form `--confirm-prune` takes. */
export function objectName(id: Pick<ObjectIdentity, 'kind' | 'namespace' | 'name'>): string {
  return terminalSafe(id.namespace ? `${id.kind}/${id.namespace}/${id.name}` : `${id.kind}/${id.name}`);
}

/** Untrusted text on one line, safe for the terminal. */
const safe = (text: string): string => terminalSafe(oneLine(text));

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The first line for an app: where it goes and how it is synced. */
export function formatHeader(
  app: string,
  destination: { cluster: string; namespace: string },
  request: { dryRun: boolean; prune: boolean; force: boolean; replace: boolean },
): string {
  const how = [
    request.dryRun && 'dry run',
    request.prune && 'prune',
    request.force && 'force',
    request.replace && 'replace',
  ].filter(Boolean);
  const where = `${safe(destination.cluster)}/${safe(destination.namespace)}`;
  return `${safe(app)} → ${where}${how.length > 0 ? ` (${how.join(', ')})` : ''}`;
}

const COUNT_WORDS: [TaskAction, string][] = [
  ['create', 'create'],
  ['update', 'update'],
  ['prune', 'prune'],
  ['hook', 'hook'],
  ['unchanged', 'unchanged'],
  ['skipped', 'skipped'],
];

/** `1 create, 2 update, …` of the actions that occur, or `nothing to do`. */
export function formatCounts(counts: Record<TaskAction, number>): string {
  const parts = COUNT_WORDS.filter(([a]) => counts[a] > 0).map(([a, word]) => `${counts[a]} ${word}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}

/** Tasks the plan counts but does not list one by one: objects a sync leaves exactly as they are. */
function hiddenKind(t: SyncTask): string | undefined {
  if (t.action === 'unchanged') return 'unchanged';
  if (t.action === 'skipped' && t.code === 'not-selected') return 'not selected';
  if (t.action === 'skipped' && t.code === 'in-sync') return 'in sync';
  return undefined;
}

const EFFECT_WORDS: Record<PlanProblem['effect'], string> = {
  'stops-sync': 'stops the sync',
  'stops-prune': 'stops pruning',
  warning: 'warning',
};

/** A problem as indented lines: its message, then its hint; credentials masked, text made safe. */
export function formatProblemLines(p: Problem, indent = '  ', label?: string): string[] {
  const text = terminalSafeLines(formatProblem(redactProblem(p)));
  return text.split('\n').map((line, i) => `${indent}${i === 0 && label ? `${label}: ` : ''}${line}`);
}

/** The plan: counts, then per phase and wave each task with its reason; prunes waiting for a confirmation with
 * the token that gives it; the planner's problems with what they stop. */
export function formatPlan(plan: SyncPlan, style: OutputStyle): string[] {
  const lines = [`plan at ${safe(plan.revision.slice(0, 7))}: ${formatCounts(plan.counts)}`];
  if (plan.partial) lines.push('  partial: only the selected resources, and no hooks');
  if (plan.onlyOutOfSync) lines.push('  only out-of-sync objects are applied');
  if (plan.createNamespace) lines.push(`  creates namespace ${safe(plan.createNamespace)} first`);
  const hidden = new Map<string, number>();
  const steps: { title: string; tasks: SyncTask[] }[] = [];
  for (const phase of [...plan.phases, ...(plan.onFailure ? [plan.onFailure] : [])])
    for (const wave of phase.waves) {
      const tasks = wave.tasks.filter((t) => {
        const kind = hiddenKind(t);
        if (kind) hidden.set(kind, (hidden.get(kind) ?? 0) + 1);
        return kind === undefined;
      });
      const note = phase.phase === 'SyncFail' ? ' (runs only if the sync fails)' : '';
      if (tasks.length > 0) steps.push({ title: `  ${phase.phase} wave ${wave.wave}${note}`, tasks });
    }
  // A loop, not Math.max(...spread): a plan of tens of thousands of objects would exceed the argument limit.
  let width = 0;
  for (const step of steps)
    for (const t of step.tasks) width = Math.max(width, objectName(t.identity).length);
  width = Math.min(NAME_COLUMN_MAX, width);
  for (const step of steps) {
    lines.push(step.title);
    for (const t of step.tasks) lines.push(...formatPlanTask(t, width, style));
  }
  if (hidden.size > 0)
    lines.push(`  not listed: ${[...hidden].map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
  if (plan.needsConfirmation.length > 0) {
    lines.push('not pruned until confirmed (sync again with --prune and the option shown):');
    const names = plan.needsConfirmation.map((c) => objectName(c.identity));
    const w = Math.min(
      NAME_COLUMN_MAX,
      names.reduce((m, n) => Math.max(m, n.length), 0),
    );
    plan.needsConfirmation.forEach((c, i) =>
      lines.push(`  ${(names[i] ?? '').padEnd(w)}  --confirm-prune ${terminalSafe(c.token)}`),
    );
  }
  if (plan.problems.length > 0) {
    lines.push('plan problems:');
    for (const p of plan.problems) lines.push(...formatProblemLines(p, '  ', EFFECT_WORDS[p.effect]));
  }
  return lines;
}

/** One plan line (`action  Kind/ns/name  reason`), and the update's diff when asked for. */
function formatPlanTask(t: SyncTask, width: number, style: OutputStyle): string[] {
  const line = `    ${t.action.padEnd(10)}${objectName(t.identity).padEnd(width)}  ${safe(t.reason)}`;
  if (t.action !== 'update' || !style.diff || !t.diff) return [line];
  const diff = terminalSafeLines(t.diff.trimEnd())
    .split('\n')
    .map((l) => `      ${l}`);
  return [line, ...diff];
}

/** The marks of a task's end, a failure and a wait. */
function marks(style: OutputStyle): { ok: string; failed: string; waiting: string } {
  return style.glyphs
    ? { ok: '✓', failed: '✗', waiting: '…' }
    : { ok: 'ok', failed: 'FAILED', waiting: 'waiting' };
}

/** One task's result: `✓ create ConfigMap/web/a`, its message after a colon. */
export function formatTaskResult(r: TaskResult, style: OutputStyle, indent = '  '): string {
  const m = marks(style);
  const mark = r.status === 'succeeded' ? m.ok : r.status === 'failed' ? m.failed : r.status;
  const width = style.glyphs ? 1 : 6;
  const message = r.message ? `: ${safe(r.message)}` : '';
  return `${indent}${mark.padEnd(width)} ${r.action.padEnd(10)}${objectName(r.identity)}${message}`;
}

/** Who holds a lock, since when, and what it runs. */
export function formatHolder(h: LockHolder): string {
  const op = h.operation;
  const running = op
    ? ` (operation ${safe(op.id)}${op.step ? `, at ${op.step.phase} wave ${op.step.wave}` : ''})`
    : '';
  return `held by ${safe(h.holder)} since ${safe(h.since)}${running}`;
}

/** A previous operation whose holder vanished: what it had done and where it stopped. */
export function formatInterrupted(previous: OperationState, style: OutputStyle): string[] {
  const by = `${safe(previous.initiator.user)}@${safe(previous.initiator.host)}`;
  const at = previous.step ? ` at ${previous.step.phase} wave ${previous.step.wave}` : '';
  const done = previous.tasks.filter((t) => t.status === 'succeeded' || t.status === 'failed');
  const notReached = previous.tasks.length - done.length;
  return [
    `the previous operation ${safe(previous.id)} (started by ${by} at ${safe(previous.startedAt)}) was interrupted${at}; its steps:`,
    ...(done.length > 0 ? done.map((t) => formatTaskResult(t, style, '  ')) : ['  none had finished']),
    ...(notReached > 0 ? [`  ${plural(notReached, 'task')} not done`] : []),
  ];
}

/** Turns the events of one sync into lines as they arrive; repeated waiting lines are held back until what is
 * awaited changes or WAITING_REPEAT_MS has passed. The plan and the result are printed apart (formatPlan,
 * formatResult), so `plan` and `done` give no lines here. */
export class SyncProgress {
  private lastWait: { key: string; at: number } | undefined;

  constructor(
    private readonly style: OutputStyle,
    private readonly now: () => number,
  ) {}

  /** The lines for one event (often none). */
  linesFor(e: SyncEvent): string[] {
    switch (e.type) {
      case 'plan':
      case 'done':
      case 'locked':
        return [];
      case 'lock-wait':
        return this.throttled(`lock ${e.holder.holder}`, `waiting for the lock: ${formatHolder(e.holder)}`);
      case 'interrupted':
        return formatInterrupted(e.previous, this.style);
      case 'dry-run':
        return this.dryRun(e.failures);
      case 'step':
        this.lastWait = undefined;
        return [`${e.phase} wave ${e.wave}`];
      case 'task':
        return e.result.status === 'succeeded' || e.result.status === 'failed'
          ? [formatTaskResult(e.result, this.style)]
          : [];
      case 'waiting':
        return this.throttled(
          `${e.phase} ${e.wave} ${e.on.join('\n')}`,
          `  ${marks(this.style).waiting} waiting for ${awaited(e.on)}`,
        );
    }
  }

  private dryRun(failures: { identity: ObjectIdentity; message: string }[]): string[] {
    if (failures.length === 0) return ['server-side dry run: every object accepted'];
    const m = marks(this.style);
    return [
      `server-side dry run: ${plural(failures.length, 'object')} refused`,
      ...failures.map((f) => `  ${m.failed} ${objectName(f.identity)}: ${safe(f.message)}`),
    ];
  }

  private throttled(key: string, line: string): string[] {
    const now = this.now();
    if (this.lastWait && this.lastWait.key === key && now - this.lastWait.at < WAITING_REPEAT_MS) return [];
    this.lastWait = { key, at: now };
    return [line];
  }
}

/** The names a waiting line shows: the first few, then how many more. */
function awaited(on: string[]): string {
  const names = on.slice(0, WAITING_NAMES).map(safe).join(', ');
  return on.length > WAITING_NAMES ? `${names} and ${on.length - WAITING_NAMES} more` : names;
}

/** How long an operation ran, as `1m05s`, or '' when it has not finished. */
export function formatElapsed(state: Pick<OperationState, 'startedAt' | 'finishedAt'>): string {
  if (!state.finishedAt) return '';
  const ms = Date.parse(state.finishedAt) - Date.parse(state.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** What the finished tasks did: `3 applied, 1 hook, 1 pruned`. */
function doneCounts(tasks: TaskResult[]): string {
  const ok = tasks.filter((t) => t.status === 'succeeded');
  const applied = ok.filter(
    (t) => t.action === 'create' || t.action === 'update' || t.action === 'unchanged',
  );
  const hooks = ok.filter((t) => t.action === 'hook');
  const pruned = ok.filter((t) => t.action === 'prune');
  return [
    `${applied.length} applied`,
    hooks.length > 0 && plural(hooks.length, 'hook'),
    pruned.length > 0 && `${pruned.length} pruned`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The result of an operation: Succeeded, or Failed naming the step and the object that failed, with what
 * kind of sync it was (dry run, partial) and who stopped it if it was terminated. */
export function formatResult(state: OperationState, style: OutputStyle): string[] {
  const app = safe(state.app);
  const elapsed = formatElapsed(state);
  const notes = [
    elapsed && `in ${elapsed}`,
    `operation ${safe(state.id)}`,
    state.dryRun ? 'dry run: nothing was changed' : doneCounts(state.tasks),
    state.partial && 'partial: only the selected resources',
  ].filter(Boolean);
  const lines: string[] = [];
  if (state.phase === 'Succeeded') {
    lines.push(`${app}: Succeeded (${notes.join(', ')})`);
    return lines;
  }
  const step = state.step ? ` at ${state.step.phase} wave ${state.step.wave}` : '';
  lines.push(`${app}: ${state.phase}${step} (${notes.join(', ')})`);
  const failed = state.tasks.filter((t) => t.status === 'failed');
  for (const t of failed) lines.push(formatTaskResult(t, style));
  if (state.message) lines.push(`  ${safe(state.message)}`);
  if (state.terminate)
    lines.push(`  stopped at the request of ${safe(state.terminate.by)} at ${safe(state.terminate.at)}`);
  return lines;
}

/** What went wrong after the operation ended (its history entry could not be written), one block each. */
export function formatWarnings(warnings: readonly Problem[]): string[] {
  return warnings.flatMap((p) => formatProblemLines(p, '  ', 'warning'));
}

/** A sync that did not start: every problem (lock, read-only mode or cluster, forbidden identity, plan), and
 * who holds the lock. */
export function formatRefusal(app: string, outcome: Extract<SyncOutcome, { started: false }>): string[] {
  return [
    `${safe(app)}: not started`,
    ...outcome.problems.flatMap((p) => formatProblemLines(p)),
    ...(outcome.holder ? [`  the lock is ${formatHolder(outcome.holder)}`] : []),
  ];
}

/** What a request to stop an operation recorded: which operation, started by whom, and who asked. */
export function formatTerminate(state: OperationState): string[] {
  const by = state.terminate ? ` at the request of ${safe(state.terminate.by)}` : '';
  const started = `${safe(state.initiator.user)}@${safe(state.initiator.host)} (pid ${state.initiator.pid})`;
  const step = state.step ? `, now at ${state.step.phase} wave ${state.step.wave}` : '';
  return [
    `${safe(state.app)}: operation ${safe(state.id)} will stop${by}`,
    `  started by ${started} at ${safe(state.startedAt)}${step}`,
    '  running hooks are deleted and the operation ends Failed',
  ];
}

/** What one app's sync ended as, for `-o json` and the exit code. */
export type SyncResultWord = OperationState['phase'] | 'Refused' | 'NotAttempted';

/** The `-o json` document of one app. */
export interface SyncJson {
  app: string;
  result: SyncResultWord;
  /** The plan, each task without its object; null when planning did not happen. */
  plan: unknown;
  state: OperationState | null;
  problems: Problem[];
  holder: LockHolder | null;
  /** The previous operation on the app, when it was interrupted (its holder vanished); else null. */
  interrupted: OperationState | null;
  /** What went wrong after the operation ended (its history entry could not be written). */
  warnings: Problem[];
}

/** The `-o json` document of one app: the plan (without the objects, which may hold Secret values), the final
 * operation record, or the problems that stopped it before it started. */
export function syncJson(
  app: string,
  plan: SyncPlan | undefined,
  outcome: SyncOutcome | undefined,
): SyncJson {
  const result: SyncResultWord = !outcome
    ? 'NotAttempted'
    : outcome.started
      ? outcome.state.phase
      : 'Refused';
  const thePlan = plan ?? (outcome && !outcome.started ? outcome.plan : undefined);
  return {
    app,
    result,
    plan: thePlan ? withoutObjects(thePlan) : null,
    state: outcome?.started ? outcome.state : null,
    problems: outcome && !outcome.started ? outcome.problems.map((p) => redactProblem(p)) : [],
    holder: outcome && !outcome.started ? (outcome.holder ?? null) : null,
    interrupted: outcome?.started ? (outcome.interrupted ?? null) : null,
    warnings: outcome?.started ? (outcome.warnings ?? []).map((p) => redactProblem(p)) : [],
  };
}

/** The plan as JSON, each task without its `object` (the manifest to apply: large, and a Secret's values). */
function withoutObjects(plan: SyncPlan): unknown {
  const strip = (p: PhasePlan) => ({
    ...p,
    waves: p.waves.map((w) => ({ ...w, tasks: w.tasks.map(omitObject) })),
  });
  return {
    ...plan,
    phases: plan.phases.map(strip),
    ...(plan.onFailure ? { onFailure: strip(plan.onFailure) } : {}),
    problems: plan.problems.map((p) => ({ ...redactProblem(p), effect: p.effect })),
  };
}

function omitObject(t: SyncTask): Omit<SyncTask, 'object'> {
  if (!('object' in t)) return t;
  const { object: _object, ...rest } = t;
  return rest;
}
