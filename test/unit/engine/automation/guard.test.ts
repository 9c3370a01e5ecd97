import { describe, expect, it } from 'vitest';
import { automationGuard, withAttempts } from '../../../../src/engine/automation/index.js';
import type { AppRecord } from '../../../../src/engine/history/types.js';
import type { OperationState } from '../../../../src/engine/sync/operation.js';
import type { SyncPlan } from '../../../../src/engine/sync/types.js';
import { entry, SHA_B, T0 } from './support.js';

const plan = (update: number): SyncPlan =>
  ({
    counts: { create: 0, update, unchanged: 2, hook: 1, prune: 0, skipped: 0 },
  }) as unknown as SyncPlan; // only the counts are read

const previous = (finishedAt: number, id = 'other-op'): OperationState => ({
  id,
  app: 'web',
  cluster: 'one',
  revision: SHA_B,
  initiator: { user: 'bob', host: 'ops', pid: 7 },
  startedAt: new Date(finishedAt - 1000).toISOString(),
  finishedAt: new Date(finishedAt).toISOString(),
  phase: 'Succeeded',
  dryRun: false,
  prune: false,
  partial: false,
  kind: 'auto-sync',
  tasks: [],
});

function guard(record: AppRecord = { history: [] }, own: string[] = []) {
  return automationGuard({
    app: 'web',
    decidedAt: T0,
    ownOperations: new Set(own),
    readRecord: () => Promise.resolve(record),
  });
}

describe('automationGuard', () => {
  it('lets an attempt through when nothing happened since it was decided', async () => {
    expect(await guard()({ plan: plan(1), plannedAt: T0 + 10, previous: previous(T0 - 1) })).toEqual([]);
    expect(await guard()({ plan: plan(1), plannedAt: T0 + 10, previous: undefined })).toEqual([]);
  });

  it('refuses a plan another operation made stale (it ended after the decision)', async () => {
    const problems = await guard()({ plan: plan(1), plannedAt: T0 + 10, previous: previous(T0 + 5) });
    expect(problems.map((p) => p.code)).toEqual(['automation.stale']);
    // This process's own earlier operation is known to the decision.
    expect(
      await guard({ history: [] }, ['mine'])({
        plan: plan(1),
        plannedAt: T0 + 10,
        previous: previous(T0 + 5, 'mine'),
      }),
    ).toEqual([]);
  });

  it('refuses a plan with nothing out of sync', async () => {
    const problems = await guard()({ plan: plan(0), plannedAt: T0, previous: undefined });
    expect(problems.map((p) => p.code)).toEqual(['automation.nothing-to-do']);
  });

  it('refuses when the app was paused meanwhile', async () => {
    const pause = { by: 'bob', host: 'ops', at: 'x', reason: 'r', source: 'manual' as const };
    const problems = await guard({ history: [], pause })({
      plan: plan(1),
      plannedAt: T0,
      previous: undefined,
    });
    expect(problems.map((p) => p.code)).toEqual(['automation.paused']);
  });
});

describe('withAttempts', () => {
  const attempt = (id: string, at: number, result: 'Succeeded' | 'Failed' = 'Failed') => {
    const {
      id: _id,
      attempts: _attempts,
      ...rest
    } = entry('auto-sync', SHA_B, result, at, { operationId: id });
    return rest;
  };

  it('folds attempts the record does not know, as the history store would', () => {
    const folded = withAttempts({ history: [] }, [attempt('o2', T0 + 2), attempt('o1', T0 + 1)]);
    expect(folded.history).toHaveLength(1);
    expect(folded.history[0]).toMatchObject({ attempts: 2, operationId: 'o2' });
  });

  it('skips attempts the record already has, and those older than its newest entry', () => {
    const record: AppRecord = {
      history: [entry('auto-sync', SHA_B, 'Failed', T0 + 5, { operationId: 'o1', attempts: 1 })],
    };
    expect(withAttempts(record, [attempt('o1', T0 + 5), attempt('o0', T0)]).history).toEqual(record.history);
  });
});
