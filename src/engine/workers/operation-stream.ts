/** The operations this flotilla runs, as the UI thread sees them while they run: every sync event folds into
 * the app's operation, which is posted at most every `throttleMs` (at once when it starts and ends), so a
 * thousand task events make a handful of messages, not a thousand copies of the task list. */
import type { OperationKind } from '../history/index.js';
import type { Problem } from '../problem.js';
import { initialResults, taskKey } from '../sync/book.js';
import type { RollbackTarget, SyncEvent, TaskResult } from '../sync/index.js';
import { shortSha } from '../git/revision.js';
import { operationWire, problemText, type OperationWire } from './wire.js';

/** What the stream needs: where operations go, and what to do once one has ended. */
export interface StreamPorts {
  post: (op: OperationWire) => void;
  /** Called once per operation that ran (never for a refusal), after its final state was posted. */
  onEnded: (op: OperationWire) => void;
  /** Least time between two posts of one running operation, ms (default 100). */
  throttleMs?: number;
}

interface Running {
  op: OperationWire;
  lastPost: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Operations started here, app by app. */
export class OperationStream {
  private readonly running = new Map<string, Running>();
  private readonly mine = new Set<string>();

  constructor(private readonly ports: StreamPorts) {}

  /** True while an operation started here runs on `app`. */
  isRunning(app: string): boolean {
    return this.running.has(app);
  }

  /** True for an operation id this flotilla ran. */
  isMine(id: string | undefined): boolean {
    return id !== undefined && this.mine.has(id);
  }

  /** Starts following an operation about to run: posted at once, so the UI shows it before the plan is made. */
  begin(app: string, kind: OperationKind, dryRun: boolean): void {
    this.replace(app, {
      app,
      kind,
      phase: 'Running',
      message: 'planning: reading the app from Git and the cluster',
      dryRun,
      partial: false,
      tasks: [],
      mine: true,
    });
    this.flush(app);
  }

  /** Folds one event of the app's sync into its operation (a rollout's syncs start here on their first event). */
  event(app: string, kind: OperationKind, e: SyncEvent): void {
    if (e.type === 'done') return this.end(operationWire(e.state, true));
    const run = this.running.get(app) ?? this.replace(app, blank(app, kind));
    run.op = fold(run.op, e);
    this.schedule(app);
  }

  /** What a rollback restores, told before its plan. */
  rollbackTarget(app: string, t: RollbackTarget): void {
    const run = this.running.get(app) ?? this.replace(app, blank(app, 'rollback'));
    const paused = t.pausesAutoSync ? '; auto-sync is paused first' : '';
    run.op = {
      ...run.op,
      revision: t.target.revision,
      message: `rolling back to #${t.target.id} (${shortSha(t.target.revision)})${paused}`,
    };
    this.schedule(app);
  }

  /** The operation never started: posted as Refused with the reasons in plain words. */
  refuse(app: string, kind: OperationKind, problems: readonly Problem[]): void {
    this.drop(app);
    this.ports.post({
      app,
      kind,
      phase: 'Refused',
      message: problemText(problems),
      dryRun: false,
      partial: false,
      tasks: [],
      mine: true,
    });
  }

  /** The engine threw while the operation ran: posted as Failed, and treated as ended. */
  crash(app: string, kind: OperationKind, err: unknown): void {
    const current = this.running.get(app)?.op ?? blank(app, kind);
    this.end({
      ...current,
      phase: 'Failed',
      message: `flotilla failed while running it: ${err instanceof Error ? err.message : String(err)}`,
    });
  }

  /** Stops every pending post. */
  stop(): void {
    for (const app of [...this.running.keys()]) this.drop(app);
  }

  private end(op: OperationWire): void {
    this.drop(op.app);
    if (op.id) this.mine.add(op.id);
    this.ports.post(op);
    this.ports.onEnded(op);
  }

  private replace(app: string, op: OperationWire): Running {
    this.drop(app);
    const run: Running = { op, lastPost: Number.NEGATIVE_INFINITY };
    this.running.set(app, run);
    return run;
  }

  private drop(app: string): void {
    const run = this.running.get(app);
    if (run?.timer !== undefined) clearTimeout(run.timer);
    this.running.delete(app);
  }

  /** Posts now when the last post is old enough, else once the interval has passed (leading and trailing edge). */
  private schedule(app: string): void {
    const run = this.running.get(app);
    if (!run || run.timer !== undefined) return;
    const wait = run.lastPost + (this.ports.throttleMs ?? 100) - Date.now();
    if (wait <= 0) return this.flush(app);
    run.timer = setTimeout(() => this.flush(app), wait);
  }

  private flush(app: string): void {
    const run = this.running.get(app);
    if (!run) return;
    run.timer = undefined;
    run.lastPost = Date.now();
    this.ports.post(run.op);
  }
}

function blank(app: string, kind: OperationKind): OperationWire {
  return { app, kind, phase: 'Running', dryRun: false, partial: false, tasks: [], mine: true };
}

/** The operation after one event of its sync. */
export function fold(op: OperationWire, e: Exclude<SyncEvent, { type: 'done' }>): OperationWire {
  switch (e.type) {
    case 'plan':
      return {
        ...op,
        revision: e.plan.revision,
        partial: e.plan.partial,
        tasks: initialResults(e.plan),
        message: 'checking access and taking the lock',
      };
    case 'lock-wait':
      return { ...op, message: `waiting for ${e.holder.holder}, whose operation on this app runs` };
    case 'locked':
      return withoutMessage(op);
    case 'interrupted':
      return { ...op, message: `the previous operation (${e.previous.id}) was interrupted; starting anew` };
    case 'dry-run':
      return e.failures.length === 0
        ? op
        : { ...op, message: `the dry run refused ${e.failures.length} object(s): ${e.failures[0]!.message}` };
    case 'step':
      return { ...withoutMessage(op), step: { phase: e.phase, wave: e.wave }, waitingOn: [] };
    case 'waiting':
      return { ...op, step: { phase: e.phase, wave: e.wave }, waitingOn: [...e.on] };
    case 'task':
      return { ...op, tasks: withTask(op.tasks, e.result) };
  }
}

function withoutMessage(op: OperationWire): OperationWire {
  const { message: _message, ...rest } = op;
  return rest;
}

/** The tasks with one result replaced (or added: SyncFail hooks are not planned up front). */
function withTask(tasks: readonly TaskResult[], result: TaskResult): TaskResult[] {
  const key = taskKey(result);
  const i = tasks.findIndex((t) => taskKey(t) === key);
  if (i < 0) return [...tasks, result];
  const out = [...tasks];
  out[i] = result;
  return out;
}
