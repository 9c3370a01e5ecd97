/**
 * The sync executor: carries out a plan on one cluster. Namespace first, then a server-side dry run of
 * every write (any refusal stops the sync before anything changes), then each phase and wave in order —
 * prunes, hook re-creation, writes by kind — waiting after each wave until its objects are healthy and
 * its hooks finished (watched, never a fixed sleep). A failure runs the SyncFail hooks; hooks are deleted
 * as their policies say; a stop (terminate, timeout, Ctrl-C, a lost lock) deletes running hooks.
 */
import type { Clock } from '../cluster/index.js';
import { mapLimit } from '../concurrency.js';
import type { ObjectIdentity } from '../objects.js';
import { describeIdentity } from '../objects.js';
import type { ApplyCluster, WriteMode, WriteTask } from './apply.js';
import { writeObject } from './apply.js';
import type { OperationBook } from './book.js';
import type { Completion, Observed } from './completion.js';
import { hookCompletion, resourceCompletion } from './completion.js';
import { dryRunPlan, type DryRunCluster } from './dry-run.js';
import type { OperationState, SyncRequest } from './operation.js';
import type { HookTask, PhasePlan, PruneTask, SyncPlan, SyncTask, WavePlan } from './types.js';
import type { WaiterCluster } from './waiter.js';
import { errorText, stopMessage, stopReasonOf } from './stop.js';
import { SyncWaiter, WaitStopped } from './waiter.js';

/** What the executor needs from its cluster. */
export type ExecuteCluster = ApplyCluster &
  WaiterCluster &
  DryRunCluster & { name: string; discovery: { invalidate(): void } };

/** The executor's dependencies. */
export interface ExecuteDeps {
  cluster: ExecuteCluster;
  clock: Clock;
  book: OperationBook;
  /** How often waits re-read their objects without watch news; default 10 s. */
  rereadMs?: number;
  /** Extra pause after each wave that is not the last; default 0. */
  waveDelayMs?: number;
}

/** What to carry out. */
export interface ExecuteInput {
  plan: SyncPlan;
  request: Pick<SyncRequest, 'dryRun' | 'force' | 'replace' | 'wait'>;
  /** Aborted to stop the operation; its reason is a StopReason. */
  signal: AbortSignal;
}

/** Writes at once within one kind. */
const WRITE_CONCURRENCY = 8;

/** Runs the plan and answers the finished record. */
export async function executePlan(deps: ExecuteDeps, input: ExecuteInput): Promise<OperationState> {
  const run = new Execution(deps, input);
  try {
    return await run.execute();
  } finally {
    await run.close();
  }
}

/** A failure that ends the operation: the step and the object it names. */
class StepFailed extends Error {}

class Execution {
  private readonly waiter: SyncWaiter;
  private readonly observed = new Map<SyncTask, Observed>();
  /** Hooks this operation created, for the delete policies. */
  private readonly createdHooks: HookTask[] = [];
  private readonly mode: WriteMode;

  constructor(
    private readonly deps: ExecuteDeps,
    private readonly input: ExecuteInput,
  ) {
    this.waiter = new SyncWaiter(deps.cluster, input.plan.app, deps.clock, deps.rereadMs);
    this.mode = {
      app: input.plan.app,
      dryRun: input.request.dryRun,
      force: input.request.force,
      replace: input.request.replace,
      signal: input.signal,
    };
  }

  async execute(): Promise<OperationState> {
    const { plan, request } = this.input;
    try {
      const createdNamespace = await this.createNamespace();
      const failures = await dryRunPlan(this.deps.cluster, plan, this.mode, createdNamespace);
      if (failures.length > 0) return this.failDryRun(failures);
      if (request.dryRun) return this.finishDryRun();
      await this.runPhases(plan.phases);
      await this.deleteHooks('HookSucceeded');
      return this.deps.book.finish('Succeeded', this.successMessage(), this.now());
    } catch (e) {
      return this.fail(e);
    }
  }

  async close(): Promise<void> {
    await this.waiter.stop();
  }

  /** `CreateNamespace=true`: the destination namespace, created before anything else unless it exists.
   * Answers the namespace when this sync creates it (so dry runs of its objects are skipped). */
  private async createNamespace(): Promise<string | undefined> {
    const name = this.input.plan.createNamespace;
    if (!name) return undefined;
    const id: ObjectIdentity = { group: '', version: 'v1', kind: 'Namespace', namespace: '', name };
    if (await this.deps.cluster.get(id, this.input.signal)) return undefined;
    if (this.mode.dryRun) return name;
    await this.deps.cluster.applyServerSide(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      { dryRun: false, app: this.mode.app, signal: this.input.signal },
    );
    return name;
  }

  private async runPhases(phases: readonly PhasePlan[]): Promise<void> {
    const steps = phases.flatMap((p) => p.waves.map((w) => ({ phase: p, wave: w })));
    for (const [i, { phase, wave }] of steps.entries()) {
      const last = i === steps.length - 1;
      await this.runWave(phase, wave, last);
      if (!last && this.deps.waveDelayMs) await this.pause(this.deps.waveDelayMs);
    }
  }

  /** One step: prunes, then hooks deleted before re-creation, then writes kind by kind, then the wait. */
  private async runWave(phase: PhasePlan, wave: WavePlan, last: boolean): Promise<void> {
    const active = wave.tasks.filter((t) => t.action !== 'skipped');
    if (active.length === 0) return;
    this.deps.book.step(phase.phase, wave.wave);
    for (const t of active) this.waiter.watch(t.identity);
    await this.prune(active.filter((t): t is PruneTask => t.action === 'prune'));
    const writes = active.filter((t): t is WriteTask => t.action !== 'prune');
    await this.recreateHooks(writes.filter((t): t is HookTask => t.action === 'hook'));
    for (const group of byConsecutiveKind(writes)) await this.writeGroup(group);
    const hasHooks = writes.some((t) => t.action === 'hook');
    if (!last || hasHooks || this.input.request.wait) await this.waitFor(writes, phase.phase, wave.wave);
    else for (const t of writes) this.deps.book.task(t, 'succeeded', 'applied');
  }

  /** Deletes the wave's prunes at once and waits until they are gone (a terminating object blocks the next step). */
  private async prune(tasks: readonly PruneTask[]): Promise<void> {
    if (tasks.length === 0) return;
    await mapLimit(tasks, WRITE_CONCURRENCY, async (t) => {
      this.deps.book.task(t, 'running', 'deleting');
      const gone = await this.deleteAndWait(t.identity, t.propagation).catch((e: unknown) => {
        this.deps.book.task(t, 'failed', errorText(e));
        throw new StepFailed(`${describeIdentity(t.identity)} could not be pruned: ${errorText(e)}`);
      });
      this.deps.book.task(t, 'succeeded', gone ? 'pruned' : 'already gone');
    });
  }

  /** Hooks with BeforeHookCreation: the previous run's object is deleted first, so the hook runs anew. */
  private async recreateHooks(hooks: readonly HookTask[]): Promise<void> {
    const again = hooks.filter((h) => h.deletePolicies.includes('BeforeHookCreation'));
    await mapLimit(again, WRITE_CONCURRENCY, (h) => this.deleteAndWait(h.identity, 'background'));
  }

  /** Writes one kind's objects at once; CRDs are then waited on until established, so custom resources
   * of the same sync find their kind. */
  private async writeGroup(tasks: readonly WriteTask[]): Promise<void> {
    const failed: string[] = [];
    await mapLimit(tasks, WRITE_CONCURRENCY, async (t) => {
      try {
        const applied = await writeObject(this.deps.cluster, t, this.mode, (id) =>
          this.waitGone(id, undefined),
        );
        this.observed.set(t, { applied, latest: undefined, gone: false });
        if (t.action === 'hook') this.createdHooks.push(t);
        this.deps.book.task(t, 'running', t.action === 'hook' ? 'created' : 'applied');
      } catch (e) {
        if (this.input.signal.aborted) throw e;
        this.deps.book.task(t, 'failed', errorText(e));
        failed.push(`${describeIdentity(t.identity)}: ${errorText(e)}`);
      }
    });
    if (failed.length > 0) throw new StepFailed(`could not apply ${failed.join('; ')}`);
    const crds = tasks.filter((t) => t.identity.kind === 'CustomResourceDefinition');
    if (crds.length > 0) {
      await this.waitFor(crds, 'Sync', crds[0]!.wave, true);
      this.deps.cluster.discovery.invalidate();
    }
  }

  /** Waits until every task's object is healthy (hooks: finished); the first failure fails the step. */
  private async waitFor(
    tasks: readonly WriteTask[],
    phase: SyncTask['phase'],
    wave: number,
    quiet = false,
  ): Promise<void> {
    let lastWaitingOn = '';
    const failure = await this.waiter.until(async ({ reread }) => {
      if (reread) await this.reread(tasks);
      const pending: string[] = [];
      for (const t of tasks) {
        const done = this.completionOf(t);
        if (done.state === 'failed') return { task: t, message: done.message };
        if (done.state === 'running') pending.push(`${describeIdentity(t.identity)} (${done.message})`);
      }
      if (pending.length === 0) return { task: undefined, message: '' };
      const on = pending.join(', ');
      if (on !== lastWaitingOn && !quiet) {
        lastWaitingOn = on;
        this.deps.book.say(`waiting for ${on}`);
        this.deps.book.emitWaiting(phase, wave, pending);
      }
      return undefined;
    }, this.input.signal);
    for (const t of tasks) {
      const done = this.completionOf(t);
      if (done.state !== 'running') this.deps.book.task(t, done.state, done.message || 'healthy');
    }
    if (failure.task) {
      const what = failure.task.action === 'hook' ? 'hook' : 'object';
      throw new StepFailed(
        `${phase} wave ${wave}: ${what} ${describeIdentity(failure.task.identity)} failed: ${failure.message}`,
      );
    }
  }

  /** Where a written task's object stands now. */
  private completionOf(t: WriteTask): Completion {
    const o = this.observed.get(t);
    if (!o) return { state: 'failed', message: 'was never written' };
    const latest = this.waiter.latest(t.identity);
    const observed: Observed = {
      applied: o.applied,
      latest: latest ?? o.latest,
      gone: o.gone || this.waiter.deleted(o.applied.metadata.uid),
    };
    return t.action === 'hook' ? hookCompletion(observed) : resourceCompletion(observed);
  }

  /** Reads the waited objects again (a lagging watch must not make a sync hang). */
  private async reread(tasks: readonly WriteTask[]): Promise<void> {
    await mapLimit(tasks, WRITE_CONCURRENCY, async (t) => {
      const o = this.observed.get(t);
      if (!o) return;
      const live = await this.deps.cluster.get(t.identity, this.input.signal).catch(() => o.latest);
      const sameIncarnation = live !== undefined && live.metadata.uid === o.applied.metadata.uid;
      this.observed.set(t, { ...o, latest: sameIncarnation ? live : o.latest, gone: !sameIncarnation });
    });
  }

  /** Deletes an object (this incarnation only) and waits until it is gone; false when it was not there. */
  private async deleteAndWait(id: ObjectIdentity, propagation: PruneTask['propagation']): Promise<boolean> {
    const live = await this.deps.cluster.get(id, this.input.signal);
    if (!live) return false;
    const uid = live.metadata.uid;
    await this.deps.cluster.delete(id, {
      propagationPolicy: propagation,
      ...(typeof uid === 'string' ? { uid } : {}),
      app: this.mode.app,
    });
    await this.waitGone(id, uid);
    return true;
  }

  /** Waits until no object of this identity (or, given a uid, not that incarnation) exists. */
  private async waitGone(id: ObjectIdentity, uid: unknown): Promise<void> {
    this.waiter.watch(id);
    await this.waiter.until(async ({ reread }) => {
      if (uid !== undefined && this.waiter.deleted(uid)) return true;
      const seen = reread ? await this.deps.cluster.get(id, this.input.signal) : this.waiter.latest(id);
      if (!seen && reread) return true;
      if (seen && uid !== undefined && seen.metadata.uid !== uid) return true;
      return undefined;
    }, this.input.signal);
  }

  /** Deletes the hooks this operation created whose policy asks for it now. */
  private async deleteHooks(policy: 'HookSucceeded' | 'HookFailed'): Promise<void> {
    const hooks = this.createdHooks.filter((h) => h.deletePolicies.includes(policy));
    await mapLimit(hooks, WRITE_CONCURRENCY, (h) =>
      this.deps.cluster
        .delete(h.identity, { propagationPolicy: 'background', app: this.mode.app })
        .catch(() => false),
    );
  }

  /** Ends the operation as failed: SyncFail hooks first (unless stopped from outside), then HookFailed
   * deletes; running hooks are deleted when the operation was stopped. */
  private async fail(e: unknown): Promise<OperationState> {
    const stop = stopReasonOf(this.input.signal);
    const book = this.deps.book;
    if (stop) {
      const message = stopMessage(stop, book.state.message);
      await this.deleteRunningHooks();
      book.settleUnfinished(message);
      await this.deleteHooks('HookFailed');
      return book.finish('Failed', message, this.now());
    }
    const message = e instanceof StepFailed ? e.message : errorText(e);
    book.settleUnfinished(message);
    const syncFail = await this.runSyncFail();
    await this.deleteHooks('HookFailed');
    const suffix = syncFail ? `; ${syncFail}` : '';
    return book.finish('Failed', `${message}${suffix}`, this.now());
  }

  /** Runs the SyncFail hooks; answers a note when they failed in turn. */
  private async runSyncFail(): Promise<string | undefined> {
    const onFailure = this.input.plan.onFailure;
    if (!onFailure || this.mode.dryRun) return undefined;
    try {
      for (const wave of onFailure.waves) await this.runWave(onFailure, wave, false);
      return undefined;
    } catch (e) {
      if (stopReasonOf(this.input.signal)) await this.deleteRunningHooks();
      this.deps.book.settleUnfinished(errorText(e));
      return `the SyncFail hooks failed too: ${e instanceof StepFailed ? e.message : errorText(e)}`;
    }
  }

  /** Deletes hooks that are still running (a stopped operation must not leave them behind working). */
  private async deleteRunningHooks(): Promise<void> {
    const running = this.createdHooks.filter((h) => this.deps.book.statusOf(h) === 'running');
    await mapLimit(running, WRITE_CONCURRENCY, (h) =>
      this.deps.cluster
        .delete(h.identity, { propagationPolicy: 'background', app: this.mode.app })
        .catch(() => false),
    );
  }

  private failDryRun(failures: { identity: ObjectIdentity; message: string }[]): OperationState {
    const book = this.deps.book;
    book.emitDryRun(failures);
    const names = failures.map((f) => `${describeIdentity(f.identity)}: ${f.message}`).join('; ');
    book.settleUnfinished('dry run failed');
    return book.finish('Failed', `the dry run failed, nothing was changed: ${names}`, this.now());
  }

  private finishDryRun(): OperationState {
    const book = this.deps.book;
    book.emitDryRun([]);
    for (const p of this.input.plan.phases)
      for (const w of p.waves)
        for (const t of w.tasks) {
          if (t.action === 'skipped') continue;
          book.task(t, t.action === 'prune' ? 'skipped' : 'succeeded', dryRunNote(t));
        }
    return book.finish(
      'Succeeded',
      'dry run: the server accepted every write; nothing was changed',
      this.now(),
    );
  }

  private successMessage(): string {
    const { plan } = this.input;
    return plan.partial ? 'partial sync succeeded (only the selected resources)' : 'successfully synced';
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.input.signal;
      const onAbort = () => {
        this.deps.clock.clearTimeout(timer);
        reject(new WaitStopped(signal.reason));
      };
      const timer = this.deps.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** Consecutive tasks of one kind, in plan order (the order within a wave is by kind, then name). */
function byConsecutiveKind<T extends SyncTask>(tasks: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const t of tasks) {
    const last = groups.at(-1);
    if (last && last[0]!.identity.kind === t.identity.kind && last[0]!.identity.group === t.identity.group)
      last.push(t);
    else groups.push([t]);
  }
  return groups;
}

function dryRunNote(t: SyncTask): string {
  return t.action === 'prune' ? 'would be pruned (not in a dry run)' : 'dry run passed';
}
