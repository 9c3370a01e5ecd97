import { describe, expect, it } from 'vitest';
import {
  attemptOf,
  AutomationRunner,
  type AutomationEvent,
  type AutomationPorts,
  type OwnAttempt,
  type ObservedApp,
} from '../../../../src/engine/automation/index.js';
import type { App } from '../../../../src/engine/config/types.js';
import type { AppRecord } from '../../../../src/engine/history/types.js';
import type { Problem } from '../../../../src/engine/problem.js';
import type { GuardContext } from '../../../../src/engine/sync/operate.js';
import type { OperationState, SyncOutcome, SyncRequest } from '../../../../src/engine/sync/operation.js';
import { FakeClock, settle } from '../cluster/fake-clock.js';
import { automatedApp, outOfSync, res, SHA_A, SHA_B } from './support.js';

type Answer = 'Succeeded' | 'Failed' | { problems: Problem[] };

/** A fake engine: records each sync request, answers as told, and lets a test hold an operation open. */
class FakeEngine {
  readonly requests: SyncRequest[] = [];
  answers: Answer[] = [];
  record: AppRecord = { history: [] };
  /** The last operation as the lock's record has it (its history entry missing). */
  last: OwnAttempt | undefined;
  hold: Promise<void> | undefined;
  refreshes = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly clock = new FakeClock();

  ports(): AutomationPorts {
    return {
      clock: this.clock,
      readOnlyOf: () => undefined,
      readRecord: () => Promise.resolve({ record: this.record, attempts: this.last ? [this.last] : [] }),
      sync: async (app, request) => {
        this.requests.push(request);
        this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
        if (this.hold) await this.hold;
        this.inFlight--;
        const answer = this.answers.shift() ?? 'Succeeded';
        if (typeof answer === 'object') return { started: false, problems: answer.problems };
        const state = this.state(app, request, answer);
        // As on a cluster: the lock's record keeps the last operation, whatever the history says.
        this.last = attemptOf(state);
        return { started: true, state } satisfies SyncOutcome;
      },
      refresh: () => {
        this.refreshes++;
        return Promise.resolve();
      },
    };
  }

  private state(app: App, request: SyncRequest, phase: 'Succeeded' | 'Failed'): OperationState {
    const at = new Date(this.clock.now()).toISOString();
    return {
      id: `op-${this.requests.length}`,
      app: app.name,
      cluster: 'one',
      revision: SHA_B,
      initiator: { user: 'u', host: 'h', pid: 1 },
      startedAt: at,
      finishedAt: at,
      phase,
      ...(phase === 'Failed' ? { message: 'PreSync hook failed' } : {}),
      dryRun: false,
      prune: request.prune,
      partial: request.kind === 'self-heal',
      kind: request.kind ?? 'sync',
      tasks: [],
    };
  }
}

function setUp(app: Pick<App, 'name' | 'syncPolicy'> = automatedApp(), act = true) {
  const engine = new FakeEngine();
  const events: AutomationEvent[] = [];
  const runner = new AutomationRunner({
    apps: [app as App],
    act,
    ports: engine.ports(),
    onEvent: (e) => events.push(e),
  });
  const observe = async (o: ObservedApp) => {
    runner.observe({ name: 'web', ...o });
    await settle();
  };
  return { engine, runner, events, observe };
}

describe('AutomationRunner', () => {
  it('syncs a moved revision once, however often the same status is seen', async () => {
    const { engine, observe, runner } = setUp();
    await observe(outOfSync(SHA_B, SHA_A));
    await observe(outOfSync(SHA_B, SHA_A));
    // A status from before the sync landed: the revision was attempted, so nothing more.
    await observe(outOfSync(SHA_B, SHA_A));
    await engine.clock.advance(600_000);
    expect(engine.requests.map((r) => r.kind)).toEqual(['auto-sync']);
    expect(engine.refreshes).toBe(1);
    expect(runner.statusOf('web')?.state).toBe('idle');
  });

  it('runs one operation per app at a time', async () => {
    const { engine, observe } = setUp(automatedApp({ selfHeal: true }));
    let release!: () => void;
    engine.hold = new Promise((r) => (release = r));
    await observe(outOfSync(SHA_B, SHA_A));
    await observe(outOfSync(SHA_B, SHA_A, [res('a', 'Missing')]));
    expect(engine.requests).toHaveLength(1);
    release();
    await settle();
    await engine.clock.advance(60_000);
    // The second status led to a self-heal, but only after the first operation had ended.
    expect(engine.requests.map((r) => r.kind).slice(0, 2)).toEqual(['auto-sync', 'self-heal']);
    expect(engine.maxInFlight).toBe(1);
  });

  it('retries a failing revision on the back-off, then stops and reports the error', async () => {
    const app = automatedApp({}, { limit: 2, backoffMs: 1_000, factor: 2, maxBackoffMs: 60_000 });
    const { engine, observe, runner, events } = setUp(app);
    engine.answers = ['Failed', 'Failed', 'Failed'];
    const times: number[] = [];
    const started = () => events.filter((e) => e.type === 'attempt-started').length;
    await observe(outOfSync(SHA_B, SHA_A));
    times.push(engine.clock.now());
    expect(runner.statusOf('web')).toMatchObject({
      state: 'waiting',
      nextAttemptAt: engine.clock.now() + 1_000,
    });
    await engine.clock.advance(999);
    expect(started()).toBe(1);
    await engine.clock.advance(1);
    expect(started()).toBe(2);
    times.push(engine.clock.now());
    await engine.clock.advance(1_999);
    expect(started()).toBe(2);
    await engine.clock.advance(1);
    expect(started()).toBe(3);
    await engine.clock.advance(3_600_000);
    await observe(outOfSync(SHA_B, SHA_A));
    expect(engine.requests).toHaveLength(3);
    expect(runner.statusOf('web')).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('PreSync hook failed'),
    });
  });

  it('treats a lock held elsewhere as no failure and looks again later', async () => {
    const { engine, observe, runner, events } = setUp();
    const locked: Problem = { code: 'sync.locked', message: 'App web is being synced by bob' };
    engine.answers = [{ problems: [locked] }, 'Succeeded'];
    await observe(outOfSync(SHA_B, SHA_A));
    expect(events.find((e) => e.type === 'attempt-ended')).toMatchObject({ result: 'Deferred' });
    expect(runner.statusOf('web')?.error).toBeUndefined();
    await engine.clock.advance(2_000);
    expect(engine.requests).toHaveLength(2);
    expect(
      events.filter((e) => e.type === 'attempt-ended').map((e) => e.type === 'attempt-ended' && e.result),
    ).toEqual(['Deferred', 'Succeeded']);
  });

  it('self-heals drift with only the drifted objects, no hooks, and keeps trying after failures', async () => {
    const { engine, observe, events } = setUp(automatedApp({ selfHeal: true }));
    engine.answers = ['Failed', 'Failed', 'Succeeded'];
    await observe(outOfSync(SHA_B, SHA_B, [res('a', 'OutOfSync'), res('b', 'Synced')]));
    expect(engine.requests[0]).toMatchObject({
      kind: 'self-heal',
      force: true,
      skipHooks: true,
      onlyOutOfSync: true,
      resources: [{ group: '', kind: 'ConfigMap', namespace: 'web', name: 'a' }],
    });
    await engine.clock.advance(6_000);
    expect(engine.requests).toHaveLength(2);
    await engine.clock.advance(18_000);
    expect(engine.requests).toHaveLength(3);
    expect(
      events.filter((e) => e.type === 'attempt-ended').map((e) => e.type === 'attempt-ended' && e.result),
    ).toEqual(['Failed', 'Failed', 'Succeeded']);
  });

  it('leaves a paused app alone and shows who paused it', async () => {
    const { engine, observe, runner } = setUp();
    engine.record = {
      history: [],
      pause: {
        by: 'bob',
        host: 'ops',
        at: '2026-12-03T10:00:00Z',
        reason: 'rollback to #2',
        source: 'rollback',
      },
    };
    await observe(outOfSync(SHA_B, SHA_A));
    expect(engine.requests).toHaveLength(0);
    expect(runner.statusOf('web')).toMatchObject({
      state: 'paused',
      pause: { by: 'bob', reason: 'rollback to #2' },
    });
  });

  it('only observes when it may not act', async () => {
    const { engine, observe, runner } = setUp(automatedApp(), false);
    await observe(outOfSync(SHA_B, SHA_A));
    expect(engine.requests).toHaveLength(0);
    expect(runner.statusOf('web')?.state).toBe('off');
  });

  it('stops a running operation when stopped, and decides nothing after', async () => {
    const { engine, observe, runner } = setUp();
    // The operation runs until its signal stops it.
    engine.hold = new Promise<void>((resolve) => {
      const check = () => (engine.requests[0]?.signal?.aborted ? resolve() : setImmediate(check));
      check();
    });
    await observe(outOfSync(SHA_B, SHA_A));
    const signal = engine.requests[0]?.signal;
    await runner.stop();
    expect(signal?.aborted).toBe(true);
    await observe(outOfSync('c'.repeat(40), SHA_A));
    expect(engine.requests).toHaveLength(1);
  });
});

describe('the guard under the lock', () => {
  it('is passed to every automated sync', async () => {
    const engine = new FakeEngine();
    const guards: ((ctx: GuardContext) => Promise<Problem[]>)[] = [];
    const ports = engine.ports();
    const runner = new AutomationRunner({
      apps: [automatedApp() as App],
      act: true,
      ports: {
        ...ports,
        sync: (app, request, guard) => (guards.push(guard), ports.sync(app, request, guard)),
      },
    });
    runner.observe({ name: 'web', ...outOfSync(SHA_B, SHA_A) });
    await settle();
    expect(guards).toHaveLength(1);
  });
});
