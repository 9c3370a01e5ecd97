import { describe, expect, it } from 'vitest';
import type { AppLock, LockAttempt } from '../../../../src/engine/sync/lock.js';
import {
  acquireAppLock,
  lockAccessNeeds,
  lockNamespaceMissing,
  readOperation,
  requestTermination,
} from '../../../../src/engine/sync/lock.js';
import type { Initiator, OperationState } from '../../../../src/engine/sync/operation.js';
import { FakeClock } from '../cluster/fake-clock.js';
import { FakeLockApi } from './fake-lock-api.js';

const alice: Initiator = { user: 'alice', host: 'ops-1', pid: 4242 };
const bob: Initiator = { user: 'bob', host: 'ops-2', pid: 7 };
const leasePath = '/apis/coordination.k8s.io/v1/namespaces/flotilla-system/leases/flotilla-op-web';
const recordPath = '/api/v1/namespaces/flotilla-system/configmaps/flotilla-op-web';

function running(initiator: Initiator, over: Partial<OperationState> = {}): OperationState {
  return {
    id: `web-${initiator.user}`,
    app: 'web',
    cluster: 'fake',
    revision: 'abc123',
    initiator,
    startedAt: '2023-11-14T22:13:20.000Z',
    phase: 'Running',
    dryRun: false,
    prune: false,
    partial: false,
    tasks: [
      {
        identity: { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'web', name: 'api' },
        action: 'update',
        phase: 'Sync',
        wave: 0,
        status: 'succeeded',
      },
    ],
    ...over,
  };
}

function held(attempt: LockAttempt): AppLock {
  if (!attempt.ok) throw new Error(`expected the lock, got ${JSON.stringify(attempt.problems)}`);
  return attempt.lock;
}

function storedRecord(api: FakeLockApi): OperationState | undefined {
  const text = (api.get(recordPath)?.data as Record<string, string> | undefined)?.['operation.json'];
  return text ? (JSON.parse(text) as OperationState) : undefined;
}

/** Advances the clock a step at a time until `promise` settles (bounded, so a bug fails instead of hanging). */
async function settleWith<T>(
  clock: FakeClock,
  promise: Promise<T>,
  stepMs = 500,
  maxSteps = 200,
): Promise<T> {
  let done = false;
  void promise.finally(() => (done = true)).catch(() => undefined);
  for (let i = 0; i < maxSteps && !done; i++) await clock.advance(stepMs);
  if (!done) throw new Error('did not settle');
  return promise;
}

describe('acquireAppLock', () => {
  it('creates the namespace and the Lease, holder user@host/pid', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    expect(lock.holder).toBe('alice@ops-1/4242');
    expect(lock.previous).toBeUndefined();
    expect(api.namespaces.has('flotilla-system')).toBe(true);
    expect(api.get(leasePath)?.spec).toEqual({
      holderIdentity: 'alice@ops-1/4242',
      acquireTime: '2023-11-14T22:13:20.000000Z',
      renewTime: '2023-11-14T22:13:20.000000Z',
      leaseDurationSeconds: 30,
      leaseTransitions: 0,
    });
  });

  it('refuses a second acquirer, naming the holder and since when', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    await lock.record(running(alice));
    await clock.advance(125_000);
    const refused = await acquireAppLock(api, { app: 'web', initiator: bob, wait: false, clock });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems).toEqual([
      {
        code: 'sync.locked',
        message:
          'App web is being synced by alice@ops-1/4242 on cluster fake since 22:13:20 UTC (started 2 min ago).',
        hint: 'Wait for it with --wait-lock, or stop it with `flotilla terminate web`.',
      },
    ]);
    expect(refused.holder).toMatchObject({ holder: 'alice@ops-1/4242', since: '2023-11-14T22:13:20.000Z' });
    expect(refused.holder?.operation?.id).toBe('web-alice');
  });

  it('lets exactly one of two simultaneous acquirers win', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const attempts = await Promise.all([
      acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }),
      acquireAppLock(api, { app: 'web', initiator: bob, wait: false, clock }),
    ]);
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    const loser = attempts.find((a) => !a.ok);
    expect(loser?.ok === false && loser.problems[0]?.code).toBe('sync.locked');
  });

  it('waits for the holder when asked, calling onWait once, then takes the lock', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const first = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    const waits: string[] = [];
    const second = acquireAppLock(api, {
      app: 'web',
      initiator: bob,
      wait: true,
      clock,
      onWait: (h) => waits.push(h.holder),
    });
    await clock.advance(5_000);
    await first.release(running(alice, { phase: 'Succeeded', finishedAt: '2023-11-14T22:13:25.000Z' }));
    const lock = held(await settleWith(clock, second));
    expect(waits).toEqual(['alice@ops-1/4242']);
    expect(lock.holder).toBe('bob@ops-2/7');
    expect(lock.previous?.phase).toBe('Succeeded');
  });

  it('stops waiting when the signal aborts', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    const controller = new AbortController();
    const waiting = acquireAppLock(api, {
      app: 'web',
      initiator: bob,
      wait: true,
      clock,
      signal: controller.signal,
    });
    await clock.advance(3_000);
    controller.abort();
    const attempt = await waiting;
    expect(attempt.ok === false && attempt.problems[0]?.code).toBe('sync.aborted');
  });

  it('takes over an expired lease and marks its Running record Interrupted, tasks kept', async () => {
    const api = new FakeLockApi();
    const crashedClock = new FakeClock(); // never advanced: the holder stopped renewing
    const crashed = held(
      await acquireAppLock(api, {
        app: 'web',
        initiator: alice,
        wait: false,
        clock: crashedClock,
        leaseSeconds: 3,
      }),
    );
    await crashed.record(running(alice));
    const clock = new FakeClock();
    await clock.advance(2_000);
    expect((await acquireAppLock(api, { app: 'web', initiator: bob, wait: false, clock })).ok).toBe(false);
    await clock.advance(1_500);
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: bob, wait: false, clock }));
    expect(lock.previous).toMatchObject({
      id: 'web-alice',
      phase: 'Interrupted',
      tasks: running(alice).tasks,
    });
    expect(lock.previous?.message).toContain('alice@ops-1/4242 stopped renewing the lock');
    expect(storedRecord(api)?.phase).toBe('Interrupted');
    expect(api.get(leasePath)?.spec).toMatchObject({ holderIdentity: 'bob@ops-2/7', leaseTransitions: 1 });

    // The crashed holder wakes up: it finds the lease taken and stops writing.
    await crashedClock.advance(2_000);
    expect(crashed.stop.aborted).toBe(true);
    expect(crashed.stopReason()).toEqual({
      reason: 'lost',
      message: 'The lock of app web on cluster fake was lost: bob@ops-2/7 took it over.',
    });
    await crashed.record(running(alice, { message: 'late write' }));
    expect(storedRecord(api)?.message).not.toBe('late write');
  });

  it('renews the lease every third of its duration', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock, leaseSeconds: 30 }));
    await clock.advance(60_000);
    const renewals = api.log.filter((l) => l === `PUT ${leasePath}`);
    expect(renewals).toHaveLength(6);
    expect(api.get(leasePath)?.spec).toMatchObject({ renewTime: '2023-11-14T22:14:20.000000Z' });
  });

  it('loses the lock when renewals fail for a whole lease duration', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(
      await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock, leaseSeconds: 6 }),
    );
    api.failWith = (req) => (req.path === leasePath && req.method === 'PUT' ? 503 : undefined);
    await clock.advance(4_000);
    expect(lock.stop.aborted).toBe(false);
    await clock.advance(2_000);
    expect(lock.stop.aborted).toBe(true);
    expect(lock.stopReason()).toMatchObject({ reason: 'lost' });
    expect((lock.stop.reason as { problems: { code: string }[] }).problems[0]?.code).toBe('sync.lock-lost');
  });
});

describe('record and release', () => {
  it('coalesces writes: at most one in flight, the latest wins', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    const before = api.log.length;
    await Promise.all([1, 2, 3, 4].map((n) => lock.record(running(alice, { message: `step ${n}` }))));
    const writes = api.log.slice(before).filter((l) => l.includes('/configmaps'));
    expect(writes).toHaveLength(2);
    expect(storedRecord(api)?.message).toBe('step 4');
  });

  it('writes the final record, stops renewing and deletes the Lease', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    await lock.record(running(alice));
    await lock.release(running(alice, { phase: 'Succeeded' }));
    expect(api.get(leasePath)).toBeUndefined();
    expect(storedRecord(api)?.phase).toBe('Succeeded');
    expect(clock.pending).toBe(0);
    expect(await readOperation(api, 'web', clock)).toMatchObject({ phase: 'Succeeded' });
  });
  it('ignores records and releases after the release: the lock is no longer ours', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    await lock.release(running(alice, { phase: 'Succeeded' }));
    const next = held(await acquireAppLock(api, { app: 'web', initiator: bob, wait: false, clock }));
    await next.record(running(bob));
    await lock.record(running(alice, { message: 'late' }));
    await lock.release(running(alice, { phase: 'Failed' }));
    expect(storedRecord(api)).toMatchObject({ id: 'web-bob', phase: 'Running' });
    expect(api.get(leasePath)?.spec).toMatchObject({ holderIdentity: 'bob@ops-2/7' });
  });
});

describe('readOperation', () => {
  it('reports a Running record under a live lease as Running, and as Interrupted once the lease expired', async () => {
    const api = new FakeLockApi();
    const holderClock = new FakeClock();
    const lock = held(
      await acquireAppLock(api, {
        app: 'web',
        initiator: alice,
        wait: false,
        clock: holderClock,
        leaseSeconds: 3,
      }),
    );
    await lock.record(running(alice));
    const clock = new FakeClock();
    expect(await readOperation(api, 'web', clock)).toMatchObject({ phase: 'Running' });
    await clock.advance(3_000);
    expect(await readOperation(api, 'web', clock)).toMatchObject({
      phase: 'Interrupted',
      tasks: running(alice).tasks,
    });
    expect(await readOperation(api, 'other', clock)).toBeUndefined();
  });

  it('ignores a record that is not an operation', async () => {
    const api = new FakeLockApi();
    api.namespaces.add('flotilla-system');
    await api.requestJson('POST', '/api/v1/namespaces/flotilla-system/configmaps', {
      body: { metadata: { name: 'flotilla-op-web' }, data: { 'operation.json': '{"phase":"Running"}' } },
    });
    expect(await readOperation(api, 'web', new FakeClock())).toBeUndefined();
  });
});

describe('requestTermination', () => {
  it("aborts the holder's stop signal within one check period, and the request survives later records", async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    await lock.record(running(alice));
    const asked = await requestTermination(api, 'web', 'bob@ops-2/7', clock);
    expect(asked).toMatchObject({ ok: true, value: { terminate: { by: 'bob@ops-2/7' } } });
    expect(lock.stop.aborted).toBe(false);
    await clock.advance(2_000);
    expect(lock.stop.aborted).toBe(true);
    expect(lock.stopReason()).toEqual({ reason: 'terminated', by: 'bob@ops-2/7' });
    await lock.record(running(alice, { message: 'deleting hooks' }));
    expect(storedRecord(api)).toMatchObject({ message: 'deleting hooks', terminate: { by: 'bob@ops-2/7' } });
  });

  it('keeps a terminate request written between two of its own writes', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    await lock.record(running(alice));
    await requestTermination(api, 'web', 'bob@ops-2/7', clock);
    await lock.record(running(alice, { message: 'wave 1' })); // conflicts, re-reads, keeps the request
    expect(storedRecord(api)).toMatchObject({ message: 'wave 1', terminate: { by: 'bob@ops-2/7' } });
    expect(lock.stopReason()).toEqual({ reason: 'terminated', by: 'bob@ops-2/7' });
  });

  it('fails plainly when nothing runs', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    expect(await requestTermination(api, 'web', 'bob', clock)).toEqual({
      ok: false,
      problems: [
        { code: 'sync.not-running', message: 'No operation is running on app web on cluster fake.' },
      ],
    });
    const lock = held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    await lock.release(running(alice, { phase: 'Failed' }));
    const result = await requestTermination(api, 'web', 'bob', clock);
    expect(result.ok === false && result.problems[0]?.message).toBe(
      'No operation is running on app web on cluster fake. The last one, started 2023-11-14T22:13:20.000Z by alice@ops-1/4242, is Failed.',
    );
  });
});

describe('requestTermination before the holder records', () => {
  it('says the operation is starting rather than that nothing runs', async () => {
    const api = new FakeLockApi();
    const clock = new FakeClock();
    held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock }));
    const result = await requestTermination(api, 'web', 'bob', clock);
    expect(result.ok === false && result.problems[0]?.code).toBe('sync.starting');
  });
});

describe('lockNamespaceMissing', () => {
  it('is true until the first lock creates flotilla-system', async () => {
    const api = new FakeLockApi();
    expect(await lockNamespaceMissing(api)).toBe(true);
    held(await acquireAppLock(api, { app: 'web', initiator: alice, wait: false, clock: new FakeClock() }));
    expect(await lockNamespaceMissing(api)).toBe(false);
  });
});

describe('lockAccessNeeds', () => {
  it('asks for the Lease and the record in flotilla-system, and the namespace only when it is missing', () => {
    const needs = lockAccessNeeds();
    expect(needs.map((n) => `${n.verb} ${n.kind} ${n.namespace}`)).toEqual([
      'get Lease flotilla-system',
      'create Lease flotilla-system',
      'update Lease flotilla-system',
      'delete Lease flotilla-system',
      'get ConfigMap flotilla-system',
      'create ConfigMap flotilla-system',
      'update ConfigMap flotilla-system',
      'delete ConfigMap flotilla-system',
    ]);
    expect(lockAccessNeeds(true).at(-1)).toEqual({
      verb: 'create',
      group: '',
      kind: 'Namespace',
      namespace: '',
    });
  });
});
