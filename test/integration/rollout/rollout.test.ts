/** A rollout over the test bed's three clusters (groups wave=a, b, c, one cluster each): group b's app has a
 * Deployment that never becomes ready, so the rollout stops there and group c's cluster is never written. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutJson } from '../../../src/cli/rollout-output.js';
import type { RolloutRecord } from '../../../src/engine/rollout/index.js';
import { auditMark, auditSince, byFlotilla, describeWrites, writesIn } from '../../support/audit-log.js';
import { configMap, deployment } from '../../support/manifests.js';
import { Scenario, getObject, unsettled } from '../../support/scenario.js';
import { explain } from '../../support/sync.js';
import { kubectl } from '../../support/testbed.js';

const s = new Scenario('rollout');
const set = s.name('ro');
const ns = s.name('rollout');
const recordName = `flotilla-rollout-${set}`;
const app = (cluster: 'one' | 'two' | 'three') => `${set}-${cluster}`;

// The app set's path reads the cluster's wave label, so each cluster gets its own manifests.
const files: Record<string, string> = {
  'apps/ro/a/settings.yaml': configMap('settings'),
  'apps/ro/a/web.yaml': deployment('web'),
  'apps/ro/b/settings.yaml': configMap('settings'),
  'apps/ro/b/web.yaml': deployment('web', {}, { outcome: 'never-ready' }),
  'apps/ro/c/settings.yaml': configMap('settings'),
  'apps/ro/c/web.yaml': deployment('web'),
};

/** The rollout record kept on test bed cluster N, or undefined when there is none. */
async function recordOn(cluster: number): Promise<RolloutRecord | undefined> {
  const out = await kubectl(cluster, [
    'get',
    'configmap',
    recordName,
    '-n',
    'flotilla-system',
    '-o',
    'json',
    '--ignore-not-found',
  ]);
  if (!out.trim()) return undefined;
  const map = JSON.parse(out) as { data?: Record<string, string> };
  return JSON.parse(map.data?.['rollout.json'] ?? 'null') as RolloutRecord;
}

/** Flotilla's requests (reads too) about this test's namespace or record on cluster N since `mark`. */
function flotillaRequests(cluster: number, mark: number): string[] {
  return auditSince(cluster, mark)
    .filter((e) => (e.userAgent ?? '').startsWith('flotilla'))
    .filter(
      (e) => e.objectRef?.namespace === ns || e.objectRef?.name === ns || e.objectRef?.name === recordName,
    )
    .map((e) => `${e.verb} ${e.requestURI}`);
}

beforeAll(() =>
  s.setUp(files, [], { appSets: [{ name: set, path: 'apps/ro/{{cluster.labels.wave}}', namespace: ns }] }),
);
afterAll(async () => {
  for (const n of [1, 2, 3])
    await kubectl(n, [
      'delete',
      'configmap',
      recordName,
      '-n',
      'flotilla-system',
      '--ignore-not-found',
    ]).catch(() => '');
  await s.tearDown();
});

describe('flotilla rollout over three clusters', () => {
  it('--dry-run prints the three groups and sends nothing', async () => {
    const marks = [1, 2, 3].map(auditMark);
    const r = await s.flotilla('rollout', set, '--order', 'wave=a,b,c', '--dry-run');
    expect(r.code, explain(r)).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      `rollout of ${set} by wave: 3 groups, 3 apps (dry run: nothing is sent)`,
      'group 1 wave=a',
      `  ${app('one')} → one`,
      'group 2 wave=b',
      `  ${app('two')} → two`,
      'group 3 wave=c',
      `  ${app('three')} → three`,
      '',
    ]);
    for (const [i, mark] of marks.entries())
      expect(flotillaRequests(i + 1, mark!), `cluster ${i + 1}`).toEqual([]);
  });

  it('stops at group b, whose Deployment never becomes ready, and leaves group c untouched', async () => {
    const mark3 = auditMark(3);
    const r = await s.flotilla('rollout', set, '--order', 'wave=a,b,c', '--timeout', '45s', '-o', 'json');
    expect(r.code, explain(r)).toBe(1);
    const doc = JSON.parse(r.stdout) as RolloutJson;
    expect(doc.result, explain(r)).toBe('Failed');
    const record = doc.record!;
    expect(record.stoppedAt).toEqual({ group: 'b', app: app('two'), cluster: 'two' });
    expect(record.groups.map((g) => [g.value, g.phase, g.apps.map((a) => a.state)])).toEqual([
      ['a', 'Succeeded', ['Succeeded']],
      ['b', 'Failed', ['Failed']],
      ['c', 'NotStarted', ['NotStarted']],
    ]);
    expect(record.groups[1]?.apps[0]?.message).toMatch(/timed out/);
    expect(record.groups[1]?.apps[0]?.message).toContain(`Deployment ${ns}/web`);
    expect(record.message).toContain(`stopped at group wave=b: app ${app('two')} on cluster two failed`);

    // Group a's app is synced and healthy: the rollout waited for it before going on.
    const first = await s.status(app('one'));
    expect([first.sync, first.health], unsettled(first)).toEqual(['Synced', 'Healthy']);

    // Group c's cluster got nothing: no namespace, no write in it.
    expect(await getObject(3, { kind: 'Namespace', name: ns })).toBeUndefined();
    expect(describeWrites(writesIn(auditSince(3, mark3), ns).filter(byFlotilla))).toEqual([]);

    // Every cluster of the rollout keeps the record, which says where it stopped.
    for (const n of [1, 2, 3]) {
      const stored = await recordOn(n);
      expect(stored?.id, `cluster ${n}`).toBe(record.id);
      expect(stored?.phase, `cluster ${n}`).toBe('Failed');
      expect(stored?.stoppedAt?.group, `cluster ${n}`).toBe('b');
    }
  }, 300_000);

  it('--status prints the stored rollout, failed at group b', async () => {
    const r = await s.flotilla('rollout', set, '--status');
    expect(r.code, explain(r)).toBe(0);
    expect(r.stdout).toContain(`of ${set} (--order wave=a,b,c): Failed at group wave=b`);
    expect(r.stdout).toContain(`${app('one')} → one: Succeeded`);
    expect(r.stdout).toMatch(new RegExp(`${app('two')} → two: Failed: timed out.*Deployment ${ns}/web`));
    expect(r.stdout).toContain(`${app('three')} → three: NotStarted`);
  });
});
