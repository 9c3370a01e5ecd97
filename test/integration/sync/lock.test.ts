/** The app lock, identity and access checks against the real API server of test bed cluster 2. */
import { afterAll, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/engine/cluster/client.js';
import type { Clock } from '../../../src/engine/cluster/deps.js';
import { checkSyncAccess } from '../../../src/engine/sync/access.js';
import { whoAmI } from '../../../src/engine/sync/initiator.js';
import type { AppLock, LockAttempt, LockOptions } from '../../../src/engine/sync/lock.js';
import {
  acquireAppLock,
  lockAccessNeeds,
  readOperation,
  requestTermination,
} from '../../../src/engine/sync/lock.js';
import type { Initiator, OperationState } from '../../../src/engine/sync/operation.js';
import { kubectl } from '../../support/testbed.js';
import { clientFor, waitUntil } from '../cluster/helpers.js';

const cluster = 2;
const prefix = `it-lock-${process.pid}`;
const apps: string[] = [];
const clients: ClusterClient[] = [];
const locks: AppLock[] = [];

function client(opts: Parameters<typeof clientFor>[1] = {}): ClusterClient {
  const c = clientFor(cluster, opts);
  clients.push(c);
  return c;
}

/** A fresh app name for one test, cleaned up at the end. */
function appName(what: string): string {
  const app = `${prefix}-${what}`;
  apps.push(app);
  return app;
}

const alice: Initiator = { user: 'alice', host: 'ops-1', pid: 1 };
const bob: Initiator = { user: 'bob', host: 'ops-2', pid: 2 };

async function acquire(c: ClusterClient, options: LockOptions): Promise<LockAttempt> {
  const attempt = await acquireAppLock(c, { leaseSeconds: 3, ...options });
  if (attempt.ok) locks.push(attempt.lock);
  return attempt;
}

function held(attempt: LockAttempt): AppLock {
  if (!attempt.ok) throw new Error(`expected the lock: ${attempt.problems.map((p) => p.message).join('; ')}`);
  return attempt.lock;
}

function operation(app: string, initiator: Initiator, over: Partial<OperationState> = {}): OperationState {
  return {
    id: `${app}-${initiator.user}`,
    app,
    cluster: 'testbed-2',
    revision: 'abc',
    initiator,
    startedAt: new Date().toISOString(),
    phase: 'Running',
    dryRun: false,
    prune: false,
    partial: false,
    tasks: [
      {
        identity: { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'settings' },
        action: 'create',
        phase: 'Sync',
        wave: 0,
        status: 'succeeded',
      },
    ],
    ...over,
  };
}

/** Real time, but timers that never fire: a holder whose process froze (it never renews). */
const frozenRenewals: Clock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => {} };

afterAll(async () => {
  for (const lock of locks)
    await lock.release(operation('x', alice, { phase: 'Failed' })).catch(() => undefined);
  for (const app of apps) {
    await kubectl(cluster, [
      '-n',
      'flotilla-system',
      'delete',
      'lease,configmap',
      `flotilla-op-${app}`,
      '--ignore-not-found',
    ]);
  }
  await Promise.all(clients.map((c) => c.stop()));
});

describe('the app lock on a real API server', () => {
  it('lets exactly one of two acquirers win; the other is told who holds it', async () => {
    const app = appName('race');
    const [a, b] = [client(), client()];
    const attempts = await Promise.all([
      acquire(a, { app, initiator: alice, wait: false }),
      acquire(b, { app, initiator: bob, wait: false }),
    ]);
    const winners = attempts.filter((x) => x.ok);
    expect(winners).toHaveLength(1);
    const loser = attempts.find((x) => !x.ok);
    if (!loser || loser.ok) throw new Error('expected a refusal');
    const winner = held(winners[0]!).holder;
    expect(loser.problems[0]?.code).toBe('sync.locked');
    expect(loser.problems[0]?.message).toContain(`is being synced by ${winner} on cluster testbed-2 since `);
    expect(loser.holder?.holder).toBe(winner);
  });

  it('with wait, takes the lock once the holder releases it', async () => {
    const app = appName('wait');
    const first = held(await acquire(client(), { app, initiator: alice, wait: false }));
    await first.record(operation(app, alice));
    let waitedFor: string | undefined;
    const second = acquire(client(), {
      app,
      initiator: bob,
      wait: true,
      onWait: (h) => (waitedFor = h.holder),
    });
    await waitUntil('the second acquirer to wait', () => waitedFor !== undefined);
    await first.release(operation(app, alice, { phase: 'Succeeded' }));
    const lock = held(await second);
    expect(waitedFor).toBe('alice@ops-1/1');
    expect(lock.previous?.phase).toBe('Succeeded');
  });

  it('takes over from a holder that stopped renewing, marking its operation Interrupted with its tasks', async () => {
    const app = appName('crash');
    const crashed = held(
      await acquire(client(), { app, initiator: alice, wait: false, clock: frozenRenewals }),
    );
    await crashed.record(operation(app, alice));
    expect((await readOperation(client(), app))?.phase).toBe('Running');
    const lock = held(await acquire(client(), { app, initiator: bob, wait: true }));
    expect(lock.previous).toMatchObject({
      id: `${app}-alice`,
      phase: 'Interrupted',
      tasks: operation(app, alice).tasks,
    });
    expect((await readOperation(client(), app))?.phase).toBe('Interrupted');
  });

  it("a terminate request from elsewhere aborts the holder's stop signal", async () => {
    const app = appName('terminate');
    const lock = held(await acquire(client(), { app, initiator: alice, wait: false }));
    await lock.record(operation(app, alice));
    const asked = await requestTermination(client(), app, 'bob@ops-2/2');
    expect(asked.ok).toBe(true);
    await waitUntil('the holder to notice the terminate request', () => lock.stop.aborted, 10_000);
    expect(lock.stopReason()).toEqual({ reason: 'terminated', by: 'bob@ops-2/2' });
    await lock.release(operation(app, alice, { phase: 'Failed', message: 'terminated' }));
    const after = await requestTermination(client(), app, 'bob@ops-2/2');
    expect(after.ok === false && after.problems[0]?.code).toBe('sync.not-running');
  });
});

describe('identity and access on a real API server', () => {
  it('whoAmI names the test bed user, also on a read-only client', async () => {
    expect((await whoAmI(client())).user).toBe('testbed-admin');
    expect((await whoAmI(client({ viewer: true, readOnly: true }))).user).toBe('testbed-viewer');
  });

  it('the viewer identity gets one sync.forbidden problem listing what it may not do', async () => {
    const needs = [
      { verb: 'patch' as const, group: 'apps', kind: 'Deployment', namespace: 'web' },
      ...lockAccessNeeds(),
    ];
    const denied = await checkSyncAccess(client({ viewer: true, readOnly: true }), needs);
    expect(denied.ok).toBe(false);
    if (denied.ok) return;
    expect(denied.problems).toHaveLength(1);
    expect(denied.problems[0]?.code).toBe('sync.forbidden');
    expect(denied.problems[0]?.message).toContain(
      'The identity testbed-viewer may not patch deployments.apps in namespace web',
    );
    expect(denied.problems[0]?.message).toContain(
      'create, update and delete leases.coordination.k8s.io in namespace flotilla-system',
    );
    expect(await checkSyncAccess(client(), needs)).toEqual({ ok: true, value: undefined });
  });
});
