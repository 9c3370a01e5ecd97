/** The running record of an operation: each task's result, the step it is in, and how it ended. Every
 * change is sent as an event and written through to the record kept on the cluster. */
import { identityKey, type ObjectIdentity } from '../objects.js';
import type { OperationState, SyncEvent, TaskResult, TaskStatus } from './operation.js';
import type { SyncPhase, SyncPlan, SyncTask } from './types.js';

/** The key of a task in the record: a hook may run in several phases under one name. */
export const taskKey = (t: Pick<SyncTask, 'phase' | 'identity'>): string =>
  `${t.phase}:${identityKey(t.identity)}`;

/** The results a plan starts with: skipped tasks say why, every other task is pending. */
export function initialResults(plan: SyncPlan): TaskResult[] {
  return plan.phases.flatMap((p) =>
    p.waves.flatMap((w) =>
      w.tasks.map((t): TaskResult => ({
        identity: t.identity,
        action: t.action,
        phase: t.phase,
        wave: t.wave,
        status: t.action === 'skipped' ? 'skipped' : 'pending',
        ...(t.action === 'skipped' ? { message: t.reason } : {}),
      })),
    ),
  );
}

/** Keeps the operation's record, tells listeners of each change and persists it. */
export class OperationBook {
  private current: OperationState;

  constructor(
    initial: OperationState,
    private readonly emit: (e: SyncEvent) => void,
    private readonly persist: (state: OperationState) => void,
  ) {
    this.current = initial;
  }

  /** The record now. */
  get state(): OperationState {
    return this.current;
  }

  /** Enters a step (phase and wave). */
  step(phase: SyncPhase, wave: number): void {
    this.update({ step: { phase, wave } });
    this.emit({ type: 'step', phase, wave });
  }

  /** Sets one task's status and message (adding the task when it was not planned up front: SyncFail hooks). */
  task(t: SyncTask, status: TaskStatus, message?: string): void {
    const key = taskKey(t);
    const result: TaskResult = {
      identity: t.identity,
      action: t.action,
      phase: t.phase,
      wave: t.wave,
      status,
      ...(message ? { message } : {}),
    };
    const tasks = this.current.tasks.some((r) => taskKey(r) === key)
      ? this.current.tasks.map((r) => (taskKey(r) === key ? result : r))
      : [...this.current.tasks, result];
    this.update({ tasks });
    this.emit({ type: 'task', result });
  }

  /** The status of a task now. */
  statusOf(t: SyncTask): TaskStatus | undefined {
    const key = taskKey(t);
    return this.current.tasks.find((r) => taskKey(r) === key)?.status;
  }

  /** Marks every task still pending or running as not reached (`skipped`) or stopped (`failed`). */
  settleUnfinished(message: string): void {
    const tasks = this.current.tasks.map((r): TaskResult => {
      if (r.status === 'pending') return { ...r, status: 'skipped', message: 'not reached' };
      if (r.status === 'running') return { ...r, status: 'failed', message };
      return r;
    });
    this.update({ tasks });
  }

  /** Ends the operation. */
  finish(phase: 'Succeeded' | 'Failed', message: string, finishedAt: string): OperationState {
    this.update({ phase, message, finishedAt });
    return this.current;
  }

  /** Tells listeners what the step waits for. */
  emitWaiting(phase: SyncPhase, wave: number, on: string[]): void {
    this.emit({ type: 'waiting', phase, wave, on });
  }

  /** Tells listeners how the dry run went. */
  emitDryRun(failures: { identity: ObjectIdentity; message: string }[]): void {
    this.emit({ type: 'dry-run', failures });
  }

  /** Sets the running operation's message (what it waits for). */
  say(message: string): void {
    this.update({ message });
  }

  private update(patch: Partial<OperationState>): void {
    this.current = { ...this.current, ...patch };
    this.persist(this.current);
  }
}
