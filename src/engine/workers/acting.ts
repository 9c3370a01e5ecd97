/** The acting side behind the worker protocol: plan, sync, rollback, terminate, pause/resume, history, the
 * operation kept on the cluster, the action log and rollouts. Every write goes through the engine's own
 * sync/rollback/terminate/pause (plan, access check, lock, audit); nothing here talks to a cluster itself. */
import type { Engine } from '../engine.js';
import type { OperationKind } from '../history/index.js';
import type { Problem } from '../problem.js';
import { groupPhase, parseOrder, type RolloutEvent, type RolloutRecord } from '../rollout/index.js';
import type { RollbackEvent, SyncOutcome } from '../sync/index.js';
import { OperationFollower } from './operation-follow.js';
import { OperationStream } from './operation-stream.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';
import {
  historyDiffWire,
  operationWire,
  planWire,
  problemText,
  rolloutWire,
  syncRequestOf,
  type OperationWire,
} from './wire.js';

/** The requests this module answers. */
export type ActingRequest = Extract<
  WorkerRequest,
  {
    type:
      | 'plan'
      | 'sync'
      | 'rollback'
      | 'terminate'
      | 'autosync'
      | 'history'
      | 'historyDiff'
      | 'follow'
      | 'unfollow'
      | 'actionLog'
      | 'rollout';
  }
>;

/** The engine as the acting side uses it. */
export type ActingEngine = Pick<
  Engine,
  | 'fleet'
  | 'readOnly'
  | 'planSync'
  | 'sync'
  | 'rollback'
  | 'terminate'
  | 'pauseAutoSync'
  | 'resumeAutoSync'
  | 'operationOf'
  | 'history'
  | 'historyDiff'
  | 'actionLog'
  | 'rollout'
  | 'refresh'
>;

/** Timings (tests shorten them). */
export interface ActingOptions {
  followIntervalMs?: number;
  throttleMs?: number;
}

/** Answers acting requests; `stop` cancels every timer (following, throttled posts). */
export interface Acting {
  handle(req: ActingRequest): void;
  stop(): void;
}

/** The acting side of one engine; `post` sends a message to the UI thread. */
export function serveActing(
  engine: ActingEngine,
  post: (m: WorkerMessage) => void,
  options: ActingOptions = {},
): Acting {
  return new ActingSide(engine, post, options);
}

class ActingSide implements Acting {
  private readonly stream: OperationStream;
  private readonly follower: OperationFollower;
  /** The app whose history the UI asked for last: it gets fresh history after each operation. */
  private historyApp: string | undefined;

  constructor(
    private readonly engine: ActingEngine,
    private readonly post: (m: WorkerMessage) => void,
    options: ActingOptions,
  ) {
    const postOp = (operation: OperationWire) => post({ type: 'operation', operation });
    this.stream = new OperationStream({
      post: postOp,
      onEnded: (op) => this.ended(op),
      ...(options.throttleMs !== undefined ? { throttleMs: options.throttleMs } : {}),
    });
    this.follower = new OperationFollower({
      read: (app) => engine.operationOf(app),
      stream: this.stream,
      post: postOp,
      onEnded: (op) => this.ended(op),
      ...(options.followIntervalMs !== undefined ? { intervalMs: options.followIntervalMs } : {}),
    });
  }

  handle(req: ActingRequest): void {
    switch (req.type) {
      case 'plan':
        return void this.plan(req.app, req.options);
      case 'sync':
        return void this.sync(req.app, req.options);
      case 'rollback':
        return void this.rollback(req.app, req.id, req.prune);
      case 'terminate':
        return void this.terminate(req.app);
      case 'autosync':
        return void this.autoSync(req.app, req.change);
      case 'history':
        this.historyApp = req.app;
        return void this.sendHistory(req.app);
      case 'historyDiff':
        return void this.historyDiff(req.app, req.id);
      case 'follow':
        return this.follower.follow(req.app);
      case 'unfollow':
        return this.follower.unfollow(req.app);
      case 'actionLog':
        return void this.actionLog();
      case 'rollout':
        return void this.rollout(req.appSet, req.order, req.prune);
    }
  }

  stop(): void {
    this.stream.stop();
    this.follower.stop();
  }

  private async plan(app: string, options: Extract<ActingRequest, { type: 'plan' }>['options']) {
    const answer = (extra: { plan?: ReturnType<typeof planWire>; error?: string }) =>
      this.post({ type: 'plan', app, options, ...extra });
    try {
      const request = syncRequestOf(options);
      if (!request.ok) return answer({ error: problemText(request.problems) });
      const planned = await this.engine.planSync(app, request.value);
      if (!planned.ok) return answer({ error: problemText(planned.problems) });
      const refusal = this.writeRefusal(app);
      answer({
        plan: planWire(planned.value, { ...(refusal ? { refusal } : {}), force: options.force }),
      });
    } catch (err) {
      answer({ error: messageOf(err) });
    }
  }

  private async sync(app: string, options: Extract<ActingRequest, { type: 'sync' }>['options']) {
    const request = syncRequestOf(options);
    if (!request.ok) return this.stream.refuse(app, 'sync', request.problems);
    await this.run(app, 'sync', options.dryRun, (onEvent) => this.engine.sync(app, request.value, onEvent));
  }

  private async rollback(app: string, id: number | undefined, prune: boolean) {
    const request = { ...(id !== undefined ? { id } : {}), prune, dryRun: false, force: false };
    await this.run(app, 'rollback', false, (onEvent) =>
      this.engine.rollback(app, { ...request, wait: false, waitLock: false }, onEvent),
    );
  }

  /** Runs one operation, streaming it; a refusal is posted as Refused, a throw as Failed. */
  private async run(
    app: string,
    kind: OperationKind,
    dryRun: boolean,
    start: (onEvent: (e: RollbackEvent) => void) => Promise<SyncOutcome>,
  ): Promise<void> {
    // A refusal known up front is not shown as starting first.
    if (!this.writeRefusal(app)) this.stream.begin(app, kind, dryRun);
    try {
      const outcome = await start((e) =>
        e.type === 'rollback' ? this.stream.rollbackTarget(app, e.rollback) : this.stream.event(app, kind, e),
      );
      if (!outcome.started) this.stream.refuse(app, kind, outcome.problems);
    } catch (err) {
      this.stream.crash(app, kind, err);
    }
  }

  private async terminate(app: string) {
    try {
      const asked = await this.engine.terminate(app);
      if (!asked.ok) return this.failed('terminate', app, asked.problems);
      // An operation running here says how it ended itself; another's is shown asked to stop until it has.
      if (!this.stream.isRunning(app)) {
        const mine = this.stream.isMine(asked.value.id);
        const op = operationWire(asked.value, mine);
        this.post({
          type: 'operation',
          operation: { ...op, message: `asked to stop by ${asked.value.terminate?.by ?? 'you'}` },
        });
      }
    } catch (err) {
      this.post({ type: 'failed', request: 'terminate', app, message: messageOf(err) });
    }
  }

  private async autoSync(app: string, change: { pause: string } | { resume: true }) {
    try {
      const done =
        'pause' in change
          ? await this.engine.pauseAutoSync(app, change.pause)
          : await this.engine.resumeAutoSync(app);
      if (!done.ok) return this.failed('autosync', app, done.problems);
      await this.sendHistory(app);
      await this.engine.refresh({ app }).catch(() => undefined);
    } catch (err) {
      this.post({ type: 'failed', request: 'autosync', app, message: messageOf(err) });
    }
  }

  private async sendHistory(app: string): Promise<void> {
    try {
      const record = await this.engine.history(app);
      this.post(
        record.ok
          ? { type: 'history', app, record: record.value }
          : { type: 'history', app, error: problemText(record.problems) },
      );
    } catch (err) {
      this.post({ type: 'history', app, error: messageOf(err) });
    }
  }

  private async historyDiff(app: string, id: number) {
    try {
      const diff = await this.engine.historyDiff(app, id);
      this.post(
        diff.ok
          ? { type: 'historyDiff', app, id, diff: historyDiffWire(diff.value) }
          : { type: 'historyDiff', app, id, error: problemText(diff.problems) },
      );
    } catch (err) {
      this.post({ type: 'historyDiff', app, id, error: messageOf(err) });
    }
  }

  private async actionLog() {
    try {
      this.post({ type: 'actionLog', entries: await this.engine.actionLog() });
    } catch (err) {
      this.post({ type: 'actionLog', error: messageOf(err) });
    }
  }

  private async rollout(appSet: string, orderText: string, prune: boolean) {
    const refuse = (problems: readonly Problem[], running?: RolloutRecord) =>
      this.post({
        type: 'rollout',
        rollout: {
          appSet,
          order: orderText,
          phase: 'Refused',
          message: problemText(problems),
          groups: running?.groups ?? [],
        },
      });
    const order = parseOrder(orderText);
    if (!order.ok) return refuse(order.problems);
    let record: RolloutRecord | undefined;
    const onEvent = (e: RolloutEvent) => {
      if (e.type === 'sync') return this.stream.event(e.app, 'sync', e.event);
      if (e.type === 'started' || e.type === 'done') record = e.record;
      else if (e.type === 'app' && record) record = withRolloutApp(record, e.group, e.app);
      else return;
      this.post({ type: 'rollout', rollout: rolloutWire(record) });
    };
    try {
      const outcome = await this.engine.rollout(appSet, { order: order.value, sync: { prune } }, onEvent);
      if (!outcome.started) return refuse(outcome.problems, outcome.running);
      this.post({ type: 'rollout', rollout: rolloutWire(outcome.record) });
    } catch (err) {
      refuse([{ code: 'rollout.crashed', message: `The rollout stopped: ${messageOf(err)}` }], record);
    }
  }

  /** An operation ended (here, or another operator's that was followed): its app is re-compared at once, so its
   * row does not wait for the next poll; the history the UI shows gets the new entry. */
  private ended(op: OperationWire): void {
    if (op.dryRun) return;
    void this.engine.refresh({ app: op.app }).catch(() => undefined);
    if (op.kind === 'rollback' || op.app === this.historyApp) void this.sendHistory(op.app);
  }

  /** Why nothing may be written to the app's cluster, when the fleet or the mode says so up front. */
  private writeRefusal(app: string): string | undefined {
    if (this.engine.readOnly)
      return 'flotilla runs in read-only mode (--readonly or settings.readOnly): nothing is sent to the cluster.';
    const cluster = this.engine.fleet.apps.find((a) => a.name === app)?.destination.cluster;
    if (cluster && this.engine.fleet.clusters.find((c) => c.name === cluster)?.readOnly)
      return `Cluster ${cluster} is read-only in the fleet file: nothing is sent to it.`;
    return undefined;
  }

  private failed(request: ActingRequest['type'], app: string, problems: readonly Problem[]): void {
    this.post({ type: 'failed', request, app, message: problemText(problems) });
  }
}

/** The record with one app's new state. */
function withRolloutApp(
  record: RolloutRecord,
  group: string,
  app: RolloutRecord['groups'][number]['apps'][number],
): RolloutRecord {
  return {
    ...record,
    groups: record.groups.map((g) =>
      g.value !== group
        ? g
        : withApps(
            g,
            g.apps.map((a) => (a.app === app.app && a.cluster === app.cluster ? app : a)),
          ),
    ),
  };
}

function withApps(
  group: RolloutRecord['groups'][number],
  apps: RolloutRecord['groups'][number]['apps'],
): RolloutRecord['groups'][number] {
  return { ...group, apps, phase: groupPhase(apps) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
