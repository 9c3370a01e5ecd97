import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Fleet } from '../../../../src/engine/config/index.js';
import { fail, ok } from '../../../../src/engine/problem.js';
import {
  planSync,
  type OperationState,
  type SyncEvent,
  type SyncOutcome,
} from '../../../../src/engine/sync/index.js';
import { serveActing, type ActingEngine } from '../../../../src/engine/workers/acting.js';
import type { WorkerMessage } from '../../../../src/engine/workers/protocol.js';
import type { OperationWire } from '../../../../src/engine/workers/wire.js';
import { APP, inputFor, obj } from '../sync/support.js';

const options = { prune: false, dryRun: false, force: false, replace: false, onlyOutOfSync: false };
const plan = planSync(
  inputFor({
    desired: [obj('ConfigMap', 'settings', {}, { data: { v: '2' } })],
    live: [obj('ConfigMap', 'settings', {}, { data: { v: '1' } })],
  }),
);
const final: OperationState = {
  id: 'shop-1',
  app: APP,
  cluster: 'dev',
  revision: plan.revision,
  initiator: { user: 'alice', host: 'ops-1', pid: 1 },
  startedAt: '2026-12-03T12:00:00.000Z',
  finishedAt: '2026-12-03T12:00:05.000Z',
  phase: 'Succeeded',
  dryRun: false,
  prune: false,
  partial: false,
  kind: 'sync',
  tasks: [],
};

/** A fake engine: a fleet of one app on cluster `dev` (read-only as asked), and spies for what the side calls. */
function fakeEngine(
  over: Partial<ActingEngine> = {},
  flags: { readOnly?: boolean; clusterReadOnly?: boolean } = {},
) {
  const fleet = {
    apps: [{ name: APP, destination: { cluster: 'dev', namespace: 'web' } }],
    clusters: [{ name: 'dev', readOnly: flags.clusterReadOnly ?? false }],
  } as unknown as Fleet;
  const engine: ActingEngine = {
    fleet,
    readOnly: flags.readOnly ?? false,
    planSync: vi.fn(async () => ok({ plan, refusals: [], dryRun: true })),
    sync: vi.fn(async (): Promise<SyncOutcome> => ({ started: true, state: final })),
    rollback: vi.fn(async (): Promise<SyncOutcome> => ({ started: true, state: final })),
    terminate: vi.fn(async () => ok(final)),
    pauseAutoSync: vi.fn(),
    resumeAutoSync: vi.fn(),
    operationOf: vi.fn(async () => undefined),
    history: vi.fn(async () => ok({ history: [] })),
    historyDiff: vi.fn(),
    actionLog: vi.fn(async () => []),
    rollout: vi.fn(),
    refresh: vi.fn(async () => undefined),
    ...over,
  } as ActingEngine;
  return engine;
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const operations = (messages: WorkerMessage[]): OperationWire[] =>
  messages.flatMap((m) => (m.type === 'operation' ? [m.operation] : []));

afterEach(() => {
  vi.useRealTimers();
});

describe('the acting side of the worker', () => {
  it('answers a plan with its tasks; in read-only mode the reason joins the problems', async () => {
    const messages: WorkerMessage[] = [];
    serveActing(fakeEngine({}, { readOnly: true }), (m) => messages.push(m)).handle({
      type: 'plan',
      app: APP,
      options,
    });
    await settle();
    const answer = messages.find((m) => m.type === 'plan');
    expect(answer).toMatchObject({ type: 'plan', app: APP, options });
    if (answer?.type !== 'plan') throw new Error('no plan');
    expect(answer.plan?.tasks.map((t) => `${t.action} ${t.identity.kind}/${t.identity.name}`)).toEqual([
      'update ConfigMap/settings',
    ]);
    expect(answer.plan?.problems).toEqual([expect.stringMatching(/read-only mode/)]);
  });

  it('puts what the dry run refused on the task and in the problems, saying how to resolve a conflict', async () => {
    const conflict = 'Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.v';
    const engine = fakeEngine({
      planSync: vi.fn(async () =>
        ok({
          plan,
          refusals: [{ identity: plan.phases[0]!.waves[0]!.tasks[0]!.identity, message: conflict }],
          dryRun: true,
        }),
      ),
    });
    const messages: WorkerMessage[] = [];
    const side = serveActing(engine, (m) => messages.push(m));
    side.handle({ type: 'plan', app: APP, options });
    side.handle({ type: 'plan', app: APP, options: { ...options, force: true } });
    await settle();
    const [plain, forced] = messages.flatMap((m) => (m.type === 'plan' && m.plan ? [m.plan] : []));
    expect(plain!.tasks[0]!.note).toMatch(/kubectl-patch.*turn on Force to take them over/);
    expect(plain!.problems).toEqual([
      expect.stringMatching(/^ConfigMap web\/settings: Apply failed.*turn on Force/),
    ]);
    expect(forced!.problems).toEqual([`ConfigMap web/settings: ${conflict}`]);
  });

  it('answers a plan that could not be made with the reason, and refuses a key that names no resource', async () => {
    const messages: WorkerMessage[] = [];
    const engine = fakeEngine({
      planSync: vi.fn(async () =>
        fail({ code: 'sync.unreachable', message: 'Cluster dev cannot be reached.', hint: 'Check it.' }),
      ),
    });
    const side = serveActing(engine, (m) => messages.push(m));
    side.handle({ type: 'plan', app: APP, options });
    side.handle({ type: 'plan', app: APP, options: { ...options, resources: ['nonsense'] } });
    await settle();
    const errors = messages.flatMap((m) => (m.type === 'plan' ? [m.error] : []));
    expect(errors).toEqual([
      expect.stringMatching(/does not name a resource as GROUP\/KIND\/NAMESPACE\/NAME/),
      'Cluster dev cannot be reached. Check it.',
    ]);
  });

  it('streams a sync: Running at once, progress throttled, the end posted, then the app re-compared', async () => {
    let emit: (e: SyncEvent) => void = () => {};
    let finish: (o: SyncOutcome) => void = () => {};
    const engine = fakeEngine({
      sync: vi.fn((_app, _req, onEvent) => {
        emit = onEvent!;
        return new Promise<SyncOutcome>((r) => (finish = r));
      }),
    });
    const messages: WorkerMessage[] = [];
    serveActing(engine, (m) => messages.push(m), { throttleMs: 50 }).handle({
      type: 'sync',
      app: APP,
      options,
    });
    expect(operations(messages).map((o) => o.phase)).toEqual(['Running']);
    expect(vi.mocked(engine.sync).mock.calls[0]![1]).toMatchObject({
      prune: false,
      wait: false,
      waitLock: false,
    });

    emit({ type: 'plan', plan });
    for (let wave = 0; wave < 50; wave++) emit({ type: 'step', phase: 'Sync', wave });
    // Running was posted a moment ago: the plan and the 50 steps wait for the trailing edge, as one message.
    expect(operations(messages)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(operations(messages)).toHaveLength(2);
    expect(operations(messages)[1]!.step).toEqual({ phase: 'Sync', wave: 49 });
    expect(operations(messages)[1]!.tasks.map((t) => t.status)).toEqual(['pending']);
    const beforeEnd = operations(messages).length;

    emit({ type: 'done', state: final });
    finish({ started: true, state: final });
    await settle();
    const last = operations(messages).at(-1)!;
    expect(operations(messages)).toHaveLength(beforeEnd + 1);
    expect(last).toMatchObject({ id: 'shop-1', phase: 'Succeeded', mine: true, initiator: 'alice@ops-1' });
    expect(engine.refresh).toHaveBeenCalledWith({ app: APP });
  });

  it('refuses in read-only mode as an operation in phase Refused, without showing it as starting', async () => {
    const engine = fakeEngine(
      {
        sync: vi.fn(async () => ({
          started: false as const,
          problems: [
            {
              code: 'sync.cluster-read-only',
              message: 'Cluster dev is read-only in the fleet file: nothing was sent.',
            },
          ],
        })),
      },
      { clusterReadOnly: true },
    );
    const messages: WorkerMessage[] = [];
    serveActing(engine, (m) => messages.push(m)).handle({ type: 'sync', app: APP, options });
    await settle();
    expect(operations(messages)).toEqual([
      expect.objectContaining({
        phase: 'Refused',
        message: 'Cluster dev is read-only in the fleet file: nothing was sent.',
      }),
    ]);
    expect(engine.refresh).not.toHaveBeenCalled();
  });

  it('sends fresh history after a rollback, and after an operation on the app whose history was asked for', async () => {
    const engine = fakeEngine({
      rollback: vi.fn(async (_app, _req, onEvent) => {
        onEvent!({ type: 'done', state: { ...final, kind: 'rollback' } });
        return { started: true as const, state: final };
      }),
    });
    const messages: WorkerMessage[] = [];
    serveActing(engine, (m) => messages.push(m)).handle({ type: 'rollback', app: APP, prune: false });
    await settle();
    expect(vi.mocked(engine.rollback).mock.calls[0]![1]).toMatchObject({ prune: false, dryRun: false });
    expect(operations(messages).at(-1)).toMatchObject({ kind: 'rollback', phase: 'Succeeded' });
    expect(messages.filter((m) => m.type === 'history')).toEqual([
      { type: 'history', app: APP, record: { history: [] } },
    ]);
  });

  it("follows an app's operation from the cluster: posts changes only, and re-compares when another's ends", async () => {
    const running: OperationState = { ...final, id: 'theirs', phase: 'Running', finishedAt: undefined };
    const reads = [running, running, { ...running, phase: 'Succeeded' as const }];
    const engine = fakeEngine({ operationOf: vi.fn(async () => reads.shift() ?? reads.at(-1)) });
    const messages: WorkerMessage[] = [];
    const side = serveActing(engine, (m) => messages.push(m), { followIntervalMs: 10 });
    side.handle({ type: 'follow', app: APP });
    await new Promise((r) => setTimeout(r, 80));
    side.handle({ type: 'unfollow', app: APP });
    expect(operations(messages).map((o) => [o.phase, o.mine])).toEqual([
      ['Running', false],
      ['Succeeded', false],
    ]);
    expect(engine.refresh).toHaveBeenCalledWith({ app: APP });
    const reads_ = vi.mocked(engine.operationOf).mock.calls.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(vi.mocked(engine.operationOf).mock.calls.length).toBe(reads_);
  });

  it('reports a terminate that could not be sent as failed, in plain words', async () => {
    const engine = fakeEngine({
      terminate: vi.fn(async () => fail({ code: 'sync.not-running', message: 'Nothing runs on app shop.' })),
    });
    const messages: WorkerMessage[] = [];
    serveActing(engine, (m) => messages.push(m)).handle({ type: 'terminate', app: APP });
    await settle();
    expect(messages).toEqual([
      { type: 'failed', request: 'terminate', app: APP, message: 'Nothing runs on app shop.' },
    ]);
  });
});
