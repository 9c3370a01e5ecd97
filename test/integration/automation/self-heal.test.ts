/** Self-heal on the test bed: a drifted object is put back, and a self-heal that fails keeps being
 * retried until the cause is gone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMark, auditSince, byFlotilla, describeWrites, writesIn } from '../../support/audit-log.js';
import { Runner, inSyncAt } from '../../support/autosync.js';
import { configMap } from '../../support/manifests.js';
import { Scenario, eventually, getObject } from '../../support/scenario.js';
import { kubectl } from '../../support/testbed.js';

const s = new Scenario('selfheal');
const app = { name: s.name('sh'), ns: s.name('sh'), path: 'apps/heal' };
const files = { 'apps/heal/a.yaml': configMap('a'), 'apps/heal/b.yaml': configMap('b') };
let r: Runner | undefined;

const dataOf = async (name: string) =>
  (await getObject(1, { kind: 'ConfigMap', namespace: app.ns, name }))?.data as
    Record<string, string> | undefined;

beforeAll(() =>
  s.setUp(
    files,
    [{ name: app.name, path: app.path, namespace: app.ns, syncPolicy: 'automated: { selfHeal: true }' }],
    { pollInterval: '2s' },
  ),
);
afterAll(async () => {
  await r?.stop();
  await s.tearDown();
});

describe('self-heal', () => {
  it('reverts an edit of a tracked object, and keeps retrying a self-heal that fails until it succeeds', async () => {
    r = new Runner(s, [app.name]);
    await r.waitFor('the first sync', inSyncAt(app.name, s.head()));
    const mark = auditMark(1);

    await kubectl(1, [
      'patch',
      'configmap',
      'a',
      '-n',
      app.ns,
      '--type',
      'merge',
      '-p',
      '{"data":{"key":"edited"}}',
    ]);
    await r.until('the edit reverted', async () => ((await dataOf('a'))?.key === 'a' ? true : undefined));
    await r.waitFor('the self-heal reported', (l) => l.event === 'attempt-ended' && l.kind === 'self-heal');
    expect(
      r
        .ended(app.name)
        .filter((l) => l.kind === 'self-heal')
        .map((l) => l.result),
    ).toEqual(['Succeeded']);

    // A quota that leaves no room for one more ConfigMap: putting back a deleted one fails.
    await kubectl(1, ['create', 'quota', 'no-more-configmaps', '-n', app.ns, '--hard=count/configmaps=2']);
    await eventually('the quota counted', async () => {
      const out = await kubectl(1, [
        'get',
        'quota',
        'no-more-configmaps',
        '-n',
        app.ns,
        '-o',
        'jsonpath={.status.used}',
      ]);
      return out.includes('count/configmaps') ? true : undefined;
    });
    await kubectl(1, ['delete', 'configmap', 'a', '-n', app.ns]);
    await r.waitFor(
      'a failed self-heal',
      (l) =>
        l.app === app.name &&
        l.event === 'attempt-ended' &&
        l.kind === 'self-heal' &&
        l.result !== 'Succeeded',
    );
    await kubectl(1, ['delete', 'quota', 'no-more-configmaps', '-n', app.ns]);
    await r.until('the deleted object back', async () =>
      (await dataOf('a'))?.key === 'a' ? true : undefined,
    );

    const stopped = await r.stop();
    expect(stopped.code, stopped.stderr).toBe(0);
    const results = r
      .ended(app.name)
      .filter((l) => l.kind === 'self-heal')
      .map((l) => l.result);
    expect(results[0]).toBe('Succeeded');
    expect(results.slice(1, -1).every((x) => x !== 'Succeeded')).toBe(true);
    expect(results.at(-1)).toBe('Succeeded');
    expect(results.length).toBeGreaterThanOrEqual(3);
    // Self-heal applies only the drifted objects: b was never written after the first sync.
    const writes = describeWrites(writesIn(auditSince(1, mark), app.ns).filter(byFlotilla));
    expect(writes.filter((w) => w.endsWith('configmaps/b'))).toEqual([]);
    expect(writes.filter((w) => w === 'patch configmaps/a').length).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
