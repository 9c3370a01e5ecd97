/** Auto-sync on the test bed: a pushed commit is applied once, a failing revision is retried on the
 * back-off and then left with its error, and a paused app is left alone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/engine/cluster/client.js';
import { pauseAutoSync } from '../../../src/engine/history/index.js';
import { auditMark, auditSince, byFlotilla, describeWrites, writesIn } from '../../support/audit-log.js';
import { Runner, inSyncAt } from '../../support/autosync.js';
import { configMap, pod } from '../../support/manifests.js';
import { Scenario, getObject } from '../../support/scenario.js';
import { clientFor } from '../cluster/helpers.js';

const s = new Scenario('autosync');
const apps = {
  push: { name: s.name('as-push'), ns: s.name('as-push'), path: 'apps/push' },
  failing: { name: s.name('as-fail'), ns: s.name('as-fail'), path: 'apps/failing' },
  paused: { name: s.name('as-paused'), ns: s.name('as-paused'), path: 'apps/paused' },
  // Synced by the same runner as the paused app: once it has the pushed commit, so has the paused one.
  witness: { name: s.name('as-witness'), ns: s.name('as-witness'), path: 'apps/witness' },
};

const files: Record<string, string> = {
  'apps/push/a.yaml': configMap('a'),
  'apps/push/b.yaml': configMap('b'),
  // A PreSync hook that always fails: every attempt at this revision fails.
  'apps/failing/hook.yaml': pod('check', 'fail', { hook: 'PreSync' }),
  'apps/failing/config.yaml': configMap('app-config'),
  'apps/paused/a.yaml': configMap('a'),
  'apps/witness/a.yaml': configMap('a'),
};

let client: ClusterClient;
const runners: Runner[] = [];

function runner(names: string[]): Runner {
  const r = new Runner(s, names);
  runners.push(r);
  return r;
}

beforeAll(() => {
  s.setUp(
    files,
    [
      { name: apps.push.name, path: apps.push.path, namespace: apps.push.ns, syncPolicy: 'automated: {}' },
      {
        name: apps.failing.name,
        path: apps.failing.path,
        namespace: apps.failing.ns,
        syncPolicy: 'automated: {}, retry: { limit: 2, backoff: { duration: 1s, factor: 2 } }',
      },
      {
        name: apps.paused.name,
        path: apps.paused.path,
        namespace: apps.paused.ns,
        syncPolicy: 'automated: {}',
      },
      {
        name: apps.witness.name,
        path: apps.witness.path,
        namespace: apps.witness.ns,
        syncPolicy: 'automated: {}',
      },
    ],
    { pollInterval: '2s' },
  );
  client = clientFor(1);
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await client.stop();
  await s.tearDown();
});

describe('auto-sync', () => {
  it('picks up a pushed commit once: one apply of the changed object', async () => {
    const { name, ns } = apps.push;
    const r = runner([name]);
    const first = s.head();
    await r.waitFor('the first commit synced', inSyncAt(name, first));
    const mark = auditMark(1);
    const second = s.commit({ 'apps/push/a.yaml': configMap('a', {}, { key: 'changed' }) }, 'change a');
    await r.waitFor('the pushed commit synced', inSyncAt(name, second));
    const stopped = await r.stop();
    expect(stopped.code, stopped.stderr).toBe(0);

    const atSecond = r.started(name).filter((l) => l.revision === second);
    expect(atSecond.map((l) => l.kind)).toEqual(['auto-sync']);
    const writes = describeWrites(writesIn(auditSince(1, mark), ns).filter(byFlotilla));
    expect(writes.filter((w) => w === 'patch configmaps/a')).toHaveLength(1);
    // The unchanged object is applied at most once too (a full sync applies it, changing nothing).
    expect(writes.filter((w) => w === 'patch configmaps/b').length).toBeLessThanOrEqual(1);
    const live = await getObject(1, { kind: 'ConfigMap', namespace: ns, name: 'a' });
    expect(live?.data).toEqual({ key: 'changed' });
  }, 300_000);

  it('retries a failing revision on the back-off, limit + 1 times, then keeps the sync error', async () => {
    const { name } = apps.failing;
    const r = runner([name]);
    const error = await r.waitFor(
      'the sync error after the last retry',
      (l) => l.app === name && l.event === 'decision' && l.action?.action === 'none' && !!l.action.error,
      240_000,
    );
    expect(error.action?.error).toContain('check');
    const stopped = await r.stop();
    expect(stopped.code, stopped.stderr).toBe(0);

    const started = r.started(name);
    const ended = r.ended(name);
    expect(started.map((l) => l.kind)).toEqual(['auto-sync', 'auto-sync', 'auto-sync']);
    expect(ended.map((l) => l.result)).toEqual(['Failed', 'Failed', 'Failed']);
    // Each retry waited at least its back-off (1 s, then 2 s) after the operation before it ended (its own end
    // time: the runner reports the end a little later, after the history entry is written).
    const gap = (i: number) => Date.parse(started[i + 1]!.time) - ended[i]!.finishedAt!;
    expect(gap(0)).toBeGreaterThanOrEqual(1_000);
    expect(gap(1)).toBeGreaterThanOrEqual(2_000);
  }, 300_000);

  it('leaves a paused app alone, also after a push', async () => {
    const { name, ns } = apps.paused;
    const witness = apps.witness.name;
    await pauseAutoSync(client, name, {
      by: 'tester',
      host: 'testbed',
      at: new Date().toISOString(),
      reason: 'integration test pause',
      source: 'manual',
    });
    const mark = auditMark(1);
    const r = runner([name, witness]);
    const paused = await r.waitFor(
      'the paused decision',
      (l) =>
        l.app === name && l.event === 'decision' && (l.action?.reason ?? '').includes('paused by tester'),
    );
    expect(paused.action?.reason).toContain('integration test pause');
    const sha = s.commit(
      {
        'apps/paused/a.yaml': configMap('a', {}, { key: 'pushed' }),
        'apps/witness/a.yaml': configMap('a', {}, { key: 'pushed' }),
      },
      'change paused and witness',
    );
    await r.waitFor('the witness synced at the pushed commit', inSyncAt(witness, sha));
    const stopped = await r.stop();
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(r.started(name)).toEqual([]);
    expect(writesIn(auditSince(1, mark), ns).filter(byFlotilla)).toEqual([]);
    expect(await getObject(1, { kind: 'ConfigMap', namespace: ns, name: 'a' })).toBeUndefined();
  }, 300_000);
});
