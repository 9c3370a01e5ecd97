/** Two flotillas automating the same fleet: each pushed change is applied once, and both end idle. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMark, auditSince, byFlotilla, describeWrites, writesIn } from '../../support/audit-log.js';
import { Runner, inSyncAt } from '../../support/autosync.js';
import { configMap } from '../../support/manifests.js';
import { Scenario } from '../../support/scenario.js';

const s = new Scenario('tworunners');
const app = { name: s.name('two'), ns: s.name('two'), path: 'apps/two' };
const runners: Runner[] = [];

beforeAll(() =>
  s.setUp(
    { 'apps/two/a.yaml': configMap('a'), 'apps/two/b.yaml': configMap('b') },
    [{ name: app.name, path: app.path, namespace: app.ns, syncPolicy: 'automated: {}' }],
    { pollInterval: '2s' },
  ),
);
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await s.tearDown();
});

describe('two flotillas on one fleet', () => {
  it('apply a pushed change once and both end idle', async () => {
    const first = s.head();
    const firstMark = auditMark(1);
    runners.push(new Runner(s, [app.name]), new Runner(s, [app.name]));
    await Promise.all(runners.map((r) => r.waitFor('the first commit in sync', inSyncAt(app.name, first))));
    const firstWrites = describeWrites(writesIn(auditSince(1, firstMark), app.ns).filter(byFlotilla));
    expect(firstWrites.filter((w) => w === 'patch configmaps/a')).toHaveLength(1);

    const mark = auditMark(1);
    const second = s.commit({ 'apps/two/a.yaml': configMap('a', {}, { key: 'changed' }) }, 'change a');
    await Promise.all(runners.map((r) => r.waitFor('the pushed commit in sync', inSyncAt(app.name, second))));
    const stops = await Promise.all(runners.map((r) => r.stop()));
    for (const st of stops) expect(st.code, st.stderr).toBe(0);

    const writes = describeWrites(writesIn(auditSince(1, mark), app.ns).filter(byFlotilla));
    expect(writes.filter((w) => w === 'patch configmaps/a')).toHaveLength(1);
    expect(writes.filter((w) => w === 'patch configmaps/b').length).toBeLessThanOrEqual(1);
    const succeeded = runners.flatMap((r) =>
      r.ended(app.name).filter((l) => l.revision === second && l.result === 'Succeeded'),
    );
    expect(succeeded).toHaveLength(1);
    // The other flotilla found the lock held or its plan stale: deferred, never a failure of its own.
    const others = runners.flatMap((r) => r.ended(app.name)).filter((l) => l.result !== 'Succeeded');
    expect(others.map((l) => l.result)).toEqual(others.map(() => 'Deferred'));
  }, 300_000);
});
