import { describe, expect, it } from 'vitest';
import { decideAutomation, type DecisionInput } from '../../../../src/engine/automation/index.js';
import type { AutoSyncPause } from '../../../../src/engine/history/types.js';
import { automatedApp, entry, input, outOfSync, res, SHA_A, SHA_B, T0 } from './support.js';

const action = (i: DecisionInput) => decideAutomation(i).action;

describe('auto-sync of a new revision', () => {
  it('syncs once when Git moved and the app is out of sync, with the policy’s prune', () => {
    expect(action(input({ observed: outOfSync(SHA_B, SHA_A) }))).toMatchObject({
      action: 'auto-sync',
      revision: SHA_B,
      prune: false,
    });
    expect(
      action(input({ app: automatedApp({ prune: true }), observed: outOfSync(SHA_B, SHA_A) })),
    ).toMatchObject({ action: 'auto-sync', prune: true });
  });

  it('does not sync a revision again after it succeeded (self-heal off), even when still out of sync', () => {
    const history = [entry('auto-sync', SHA_B, 'Succeeded', T0 - 1000)];
    const decided = action(input({ observed: outOfSync(SHA_B, SHA_B), history }));
    expect(decided.action).toBe('none');
    expect(decided).toMatchObject({ reason: expect.stringContaining('self-heal is off') });
  });

  it('does nothing when in sync, not compared, paused or read-only', () => {
    const synced = { sha: SHA_B, sync: 'Synced' as const, resources: [res('a', 'Synced')] };
    expect(action(input({ observed: synced })).action).toBe('none');
    expect(action(input({ observed: { ...synced, sync: 'Unknown' } })).action).toBe('none');
    const pause: AutoSyncPause = {
      by: 'bob',
      host: 'h',
      at: 'now',
      reason: 'rollback to #3',
      source: 'rollback',
    };
    const paused = action(input({ observed: outOfSync(SHA_B, SHA_A), record: { history: [], pause } }));
    expect(paused).toMatchObject({ action: 'none', pause });
    expect(action(input({ observed: outOfSync(SHA_B, SHA_A), readOnly: 'global' })).action).toBe('none');
    expect(action(input({ observed: outOfSync(SHA_B, SHA_A), readOnly: 'cluster' })).action).toBe('none');
    expect(action(input({ observed: outOfSync(SHA_B, SHA_A), record: undefined })).action).toBe('none');
  });

  it('does nothing for an app without syncPolicy.automated', () => {
    const app = { name: 'web', syncPolicy: { syncOptions: automatedApp().syncPolicy.syncOptions } };
    expect(action(input({ app, observed: outOfSync(SHA_B, SHA_A) })).action).toBe('none');
  });
});

describe('retries of a failing revision', () => {
  /** `n` failed attempts at SHA_B, folded into one entry, the last one ending at `at`. */
  const failed = (n: number, at: number) => [entry('auto-sync', SHA_B, 'Failed', at, { attempts: n })];

  it('waits 5 s × 2ⁿ after the n-th failure, capped at 3 minutes', () => {
    const app = automatedApp({}, { limit: 10, backoffMs: 5_000, factor: 2, maxBackoffMs: 180_000 });
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const a = action(input({ app, observed: outOfSync(SHA_B, SHA_A), history: failed(n, T0), now: T0 }));
      return a.action === 'wait' ? a.until - T0 : undefined;
    });
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 180_000]);
  });

  it('retries once the back-off has passed, and says why it waits before that', () => {
    const before = action(
      input({ observed: outOfSync(SHA_B, SHA_A), history: failed(1, T0), now: T0 + 4_999 }),
    );
    expect(before).toMatchObject({
      action: 'wait',
      kind: 'auto-sync',
      error: expect.stringContaining('hook failed'),
    });
    const after = action(
      input({ observed: outOfSync(SHA_B, SHA_A), history: failed(1, T0), now: T0 + 5_000 }),
    );
    expect(after).toMatchObject({ action: 'auto-sync', revision: SHA_B });
  });

  it('gives up after the first attempt and `limit` retries, keeping the error', () => {
    const late = T0 + 3_600_000;
    expect(
      action(input({ observed: outOfSync(SHA_B, SHA_A), history: failed(5, T0), now: late })).action,
    ).toBe('auto-sync');
    const given = action(input({ observed: outOfSync(SHA_B, SHA_A), history: failed(6, T0), now: late }));
    expect(given).toMatchObject({ action: 'none', error: expect.stringContaining('hook failed') });
  });

  it('never gives up with limit -1', () => {
    const app = automatedApp({}, { limit: -1, backoffMs: 5_000, factor: 2, maxBackoffMs: 180_000 });
    const late = T0 + 3_600_000;
    expect(
      action(input({ app, observed: outOfSync(SHA_B, SHA_A), history: failed(50, T0), now: late })),
    ).toMatchObject({
      action: 'auto-sync',
    });
  });

  it('a new commit starts over at once', () => {
    const next = action(input({ observed: outOfSync('c'.repeat(40), SHA_A), history: failed(6, T0) }));
    expect(next).toMatchObject({ action: 'auto-sync', revision: 'c'.repeat(40) });
  });

  it('a change of the live state after giving up starts a fresh round of attempts', () => {
    const late = T0 + 3_600_000;
    const observed = outOfSync(SHA_B, SHA_A);
    const first = decideAutomation(input({ observed, history: failed(6, T0), now: late }));
    expect(first.action.action).toBe('none');
    const same = decideAutomation(
      input({ observed, history: failed(6, T0), now: late, memory: first.memory }),
    );
    expect(same.action.action).toBe('none');
    const changed = outOfSync(SHA_B, SHA_A, [res('a', 'Missing'), res('b', 'Synced')]);
    const fresh = decideAutomation(
      input({ observed: changed, history: failed(6, T0), now: late, memory: same.memory }),
    );
    expect(fresh.action).toMatchObject({ action: 'auto-sync', revision: SHA_B });
    // The new round's first failure waits the first back-off again.
    const next = decideAutomation(
      input({ observed: changed, history: failed(7, late), now: late, memory: fresh.memory }),
    );
    expect(next.action).toMatchObject({ action: 'wait', until: late + 5_000 });
  });
});

describe('allowEmpty and prune', () => {
  const empty = outOfSync(SHA_B, SHA_A, [res('a', 'Extraneous'), res('b', 'Extraneous')]);

  it('refuses to prune every object of the app unless allowEmpty', () => {
    expect(action(input({ app: automatedApp({ prune: true }), observed: empty }))).toMatchObject({
      action: 'none',
      error: expect.stringContaining('allowEmpty'),
    });
    expect(
      action(input({ app: automatedApp({ prune: true, allowEmpty: true }), observed: empty })),
    ).toMatchObject({
      action: 'auto-sync',
      prune: true,
    });
  });

  it('syncs an empty render without prune (nothing is deleted)', () => {
    expect(action(input({ observed: empty }))).toMatchObject({ action: 'auto-sync', prune: false });
  });
});

describe('self-heal', () => {
  const healApp = automatedApp({ selfHeal: true });
  const drifted = outOfSync(SHA_B, SHA_B, [
    res('a', 'OutOfSync'),
    res('b', 'Synced'),
    res('c', 'Missing'),
    res('d', 'Extraneous'),
  ]);

  it('re-applies only the drifted objects of the deployed revision', () => {
    const decided = action(input({ app: healApp, observed: drifted }));
    expect(decided).toMatchObject({ action: 'self-heal', revision: SHA_B, prune: false });
    expect(decided.action === 'self-heal' && decided.resources.map((r) => r.name)).toEqual(['a', 'c']);
    const pruning = action(input({ app: automatedApp({ selfHeal: true, prune: true }), observed: drifted }));
    expect(pruning.action === 'self-heal' && pruning.resources.map((r) => r.name)).toEqual(['a', 'c', 'd']);
  });

  it('leaves a revision that is not deployed to auto-sync', () => {
    expect(action(input({ app: healApp, observed: { ...drifted, deployedSha: SHA_A } }))).toMatchObject({
      action: 'auto-sync',
    });
  });

  it('heals a fresh drift at once, then backs off 2 s × 3ⁿ per self-heal since in sync, capped at 5 minutes, without end', () => {
    expect(action(input({ app: healApp, observed: drifted, history: [], now: T0 })).action).toBe('self-heal');
    const waits = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => {
      const history = [entry('self-heal', SHA_B, 'Failed', T0, { attempts: n })];
      const a = action(input({ app: healApp, observed: drifted, history, now: T0 }));
      return a.action === 'wait' ? a.until - T0 : a.action;
    });
    expect(waits).toEqual([2_000, 6_000, 18_000, 54_000, 162_000, 300_000, 300_000, 300_000]);
    const history = [entry('self-heal', SHA_B, 'Failed', T0, { attempts: 20 })];
    expect(action(input({ app: healApp, observed: drifted, history, now: T0 + 300_000 })).action).toBe(
      'self-heal',
    );
  });

  it('counts a self-heal that left the drift like a failed one', () => {
    const history = [
      entry('self-heal', SHA_B, 'Succeeded', T0),
      entry('self-heal', SHA_B, 'Failed', T0 - 10_000, { attempts: 1 }),
    ];
    expect(action(input({ app: healApp, observed: drifted, history, now: T0 }))).toMatchObject({
      action: 'wait',
      until: T0 + 6_000,
    });
  });

  it('resets the back-off once the app was seen in sync', () => {
    const history = [entry('self-heal', SHA_B, 'Failed', T0, { attempts: 4 })];
    const synced = decideAutomation(
      input({ app: healApp, observed: { ...drifted, sync: 'Synced' }, history, now: T0 + 1_000 }),
    );
    const decided = action(
      input({ app: healApp, observed: drifted, history, now: T0 + 2_000, memory: synced.memory }),
    );
    expect(decided.action).toBe('self-heal');
  });

  it('does not heal after a failed full sync of the revision (retries are auto-sync’s)', () => {
    const history = [entry('auto-sync', SHA_B, 'Failed', T0)];
    expect(action(input({ app: healApp, observed: drifted, history, now: T0 + 60_000 }))).toMatchObject({
      action: 'auto-sync',
    });
  });

  it('does nothing when only objects Git no longer has differ and prune is off', () => {
    const extra = outOfSync(SHA_B, SHA_B, [res('a', 'Synced'), res('d', 'Extraneous')]);
    expect(action(input({ app: healApp, observed: extra })).action).toBe('none');
  });
});
