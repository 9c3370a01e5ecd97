import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../../src/engine/config/index.js';
import { resolveSyncOptions } from '../../../../src/engine/config/sync-options.js';
import type { CommitPresence, PollResult } from '../../../../src/engine/git/index.js';
import { appendHistory, readAppRecord, type NewHistoryEntry } from '../../../../src/engine/history/index.js';
import type { Problem, Result } from '../../../../src/engine/problem.js';
import type { OperateDeps } from '../../../../src/engine/sync/operate.js';
import type { SyncOutcome, SyncPlan, SyncRequest } from '../../../../src/engine/sync/index.js';
import {
  rollbackApp,
  type RollbackDeps,
  type RollbackEvent,
  type RollbackRequest,
} from '../../../../src/engine/sync/rollback.js';
import { FakeLockApi } from './fake-lock-api.js';

const sha = (c: string): string => c.repeat(40);
const NOW = Date.parse('2026-12-03T12:00:00.000Z');

const entry = (revision: string): NewHistoryEntry => ({
  operationId: `op-${revision}`,
  kind: 'sync',
  revision,
  commit: { subject: `deploy ${revision.slice(0, 1)}`, author: 'Ada <ada@example.com>', date: '2026-12-03' },
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: '2026-12-03T10:00:05.000Z',
  initiator: { user: 'alice', host: 'ops-1' },
  result: 'Succeeded',
  partial: false,
  prune: false,
  manifestDigest: 'sha256:00',
  applied: 1,
  pruned: 0,
});

const request = (over: Partial<RollbackRequest> = {}): RollbackRequest => ({
  prune: false,
  dryRun: false,
  force: false,
  wait: false,
  waitLock: false,
  ...over,
});

const automated = { prune: false, selfHeal: true, allowEmpty: false };

/** A sync that records what it was asked and runs the guard as the real one does once it holds the lock. */
class FakeSync {
  calls: { request: SyncRequest; guarded: boolean }[] = [];
  guardProblems: Problem[] | undefined;
  pauseSeenBeforeGuard: unknown = 'not checked';

  constructor(private readonly cluster: FakeLockApi) {}

  run = async (r: SyncRequest, extra: Pick<OperateDeps, 'guard'>): Promise<SyncOutcome> => {
    this.calls.push({ request: r, guarded: extra.guard !== undefined });
    if (extra.guard) {
      this.pauseSeenBeforeGuard = (await readAppRecord(this.cluster, 'web')).pause;
      const plan = { revision: r.revision } as SyncPlan;
      this.guardProblems = await extra.guard({ plan, plannedAt: NOW, previous: undefined });
      if (this.guardProblems.length > 0) return { started: false, problems: this.guardProblems };
    }
    return { started: false, problems: [{ code: 'test.stop', message: 'the fake sync stops here' }] };
  };
}

describe('rollbackApp', () => {
  let cluster: FakeLockApi;
  let sync: FakeSync;
  let events: RollbackEvent[];
  let presence: Result<CommitPresence>;
  let polled: PollResult;

  const deps = (
    syncPolicy: App['syncPolicy'] = { syncOptions: resolveSyncOptions([]) },
    over: Partial<RollbackDeps> = {},
  ): RollbackDeps => ({
    app: { name: 'web', revision: 'main', syncPolicy },
    cluster,
    readOnly: undefined,
    clock: { now: () => NOW },
    who: async () => ({ user: 'bob', host: 'ops-2' }),
    repo: {
      name: 'deploy',
      poll: async () => polled,
      commitPresence: async () => presence,
      commitInfo: async () => ({ ok: false, problems: [] }),
    },
    emit: (e) => events.push(e),
    sync: sync.run,
    ...over,
  });
  const automatedPolicy = (): App['syncPolicy'] => ({ ...deps().app.syncPolicy, automated });

  beforeEach(async () => {
    cluster = new FakeLockApi();
    sync = new FakeSync(cluster);
    events = [];
    presence = { ok: true, value: { state: 'reachable', from: 'main' } };
    polled = { revision: 'main', sha: sha('b'), moved: false, rewritten: false, errors: [], warnings: [] };
    await appendHistory(cluster, 'web', entry(sha('a')), 10);
    await appendHistory(cluster, 'web', entry(sha('b')), 10);
    cluster.log.length = 0;
  });

  it('syncs the previous entry’s commit with no hooks, recorded as a rollback of that entry', async () => {
    await rollbackApp(deps(), request({ prune: true }));
    expect(sync.calls).toEqual([
      {
        request: expect.objectContaining({
          kind: 'rollback',
          revision: sha('a'),
          rollbackOf: 1,
          skipHooks: true,
          prune: true,
          replace: false,
        }),
        guarded: false,
      },
    ]);
    expect(events).toEqual([
      {
        type: 'rollback',
        rollback: expect.objectContaining({
          target: expect.objectContaining({ id: 1 }),
          current: expect.objectContaining({ id: 2 }),
          commit: expect.objectContaining({ subject: 'deploy a' }),
          foundOn: 'main',
          pausesAutoSync: false,
        }),
      },
    ]);
    // Not automated: only the history was read.
    expect(cluster.log.every((l) => l.startsWith('GET '))).toBe(true);
  });

  it('pauses an automated app’s auto-sync in the guard, under the lock, pinning the restored revision', async () => {
    await rollbackApp(deps(automatedPolicy()), request());
    expect(sync.calls.map((c) => c.guarded)).toEqual([true]);
    expect(sync.pauseSeenBeforeGuard).toBeUndefined();
    expect(sync.guardProblems).toEqual([]);
    expect((await readAppRecord(cluster, 'web')).pause).toEqual({
      by: 'bob',
      host: 'ops-2',
      at: '2026-12-03T12:00:00.000Z',
      reason: `rollback to #1 (aaaaaaa)`,
      revision: sha('a'),
      source: 'rollback',
    });
  });

  it('refuses the rollback, lock untouched, when the pause cannot be written', async () => {
    cluster.failWith = (req) => (req.method === 'GET' ? undefined : 403);
    const outcome = await rollbackApp(deps(automatedPolicy()), request());
    expect(outcome.started).toBe(false);
    expect(sync.guardProblems?.map((p) => p.message)).toEqual([
      expect.stringContaining('Could not pause auto-sync of app web on cluster fake'),
    ]);
  });

  it('does not pause for a dry run', async () => {
    await rollbackApp(deps(automatedPolicy()), request({ dryRun: true }));
    expect(sync.calls.map((c) => [c.guarded, c.request.dryRun])).toEqual([[false, true]]);
    expect(events[0]).toMatchObject({ rollback: { pausesAutoSync: false } });
  });

  it('stops before any write when the commit was rewritten out of the repository', async () => {
    presence = { ok: true, value: { state: 'unreachable' } };
    const outcome = await rollbackApp(deps(automatedPolicy()), request());
    expect(outcome).toEqual({
      started: false,
      problems: [
        expect.objectContaining({
          code: 'rollback.commit-gone',
          message:
            'Commit aaaaaaa (#1) no longer exists in repository deploy: its history was rewritten (force-push?). Nothing was synced.',
        }),
      ],
    });
    expect(sync.calls).toEqual([]);
    expect(events).toEqual([]);
    expect(cluster.log.every((l) => l.startsWith('GET '))).toBe(true);
  });

  it('stops when the repository cannot be polled, with Git’s own words', async () => {
    polled = { ...polled, errors: [{ code: 'git.network', message: 'connection refused' }] };
    const outcome = await rollbackApp(deps(), request());
    expect(outcome.started ? [] : outcome.problems.map((p) => p.message)).toEqual([
      'Could not check that commit #1 (aaaaaaa) is still in repository deploy, so nothing was synced.',
      'connection refused',
    ]);
    expect(sync.calls).toEqual([]);
  });

  it('leaves read-only mode to the sync, which refuses before reading or writing anything', async () => {
    await rollbackApp(deps(automatedPolicy(), { readOnly: 'global' }), request());
    expect(sync.calls).toEqual([
      { request: expect.not.objectContaining({ revision: expect.anything() }), guarded: false },
    ]);
    expect(cluster.log).toEqual([]);
  });

  it('passes the choice’s refusal on (an unknown id)', async () => {
    const outcome = await rollbackApp(deps(), request({ id: 7 }));
    expect(outcome.started ? [] : outcome.problems.map((p) => p.code)).toEqual(['rollback.no-such-entry']);
    expect(sync.calls).toEqual([]);
  });
});
