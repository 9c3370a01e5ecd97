/** Sync waves on the test bed: applied in order, each one only after the previous one is healthy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMark, auditSince, describeWrites, byFlotilla, writesIn } from '../../support/audit-log.js';
import { configMap, deployment } from '../../support/manifests.js';
import { Scenario, getObject } from '../../support/scenario.js';
import { explain, syncApp, tasksNamed } from '../../support/sync.js';

const s = new Scenario('waves');
const gated = s.name('waves-gated');
const gatedNs = s.name('sync-waves-gated');
const stuck = s.name('waves-stuck');
const stuckNs = s.name('sync-waves-stuck');
/** The Deployment counts as available only this long after its pod is Ready: a gap no racing sync can hide. */
const minReadySeconds = 8;

const files: Record<string, string> = {
  'apps/gated/first.yaml': configMap('first', { wave: 0 }),
  'apps/gated/slow.yaml': deployment('slow', { wave: 1 }, { minReadySeconds }),
  'apps/gated/after.yaml': configMap('after', { wave: 2 }),
  'apps/stuck/stuck.yaml': deployment('stuck', { wave: 1 }, { outcome: 'never-ready' }),
  'apps/stuck/never-applied.yaml': configMap('never-applied', { wave: 2 }),
};

beforeAll(() =>
  s.setUp(files, [
    { name: gated, path: 'apps/gated', namespace: gatedNs },
    { name: stuck, path: 'apps/stuck', namespace: stuckNs },
  ]),
);
afterAll(() => s.tearDown());

describe('sync waves', () => {
  it('applies wave 0, 1, 2 in order, and wave 2 only once wave 1 Deployment is available', async () => {
    const mark = auditMark(1);
    const run = await syncApp(s, gated, ['--wait', '--timeout', '240s']);
    expect(run.code, explain(run)).toBe(0);
    expect(run.result?.phase).toBe('Succeeded');

    const writes = writesIn(auditSince(1, mark), gatedNs)
      .filter(byFlotilla)
      .filter((w) => w.resource === 'configmaps' || w.resource === 'deployments');
    expect(describeWrites(writes)).toEqual([
      'patch configmaps/first',
      'patch deployments/slow',
      'patch configmaps/after',
    ]);

    const slow = await getObject(1, { kind: 'Deployment', namespace: gatedNs, name: 'slow' });
    const available = (
      slow?.status as { conditions?: { type: string; status: string; lastTransitionTime: string }[] }
    )?.conditions?.find((c) => c.type === 'Available' && c.status === 'True');
    expect(available, 'the Deployment became available').toBeDefined();
    const [, slowApply, afterApply] = writes.map((w) => Date.parse(w.at));
    // Wave 2 came after the Deployment's availability (stamped in whole seconds, so compared to the second)...
    expect(afterApply!).toBeGreaterThanOrEqual(Date.parse(available!.lastTransitionTime));
    // ...which cannot come sooner than minReadySeconds after the Deployment was applied (less the second
    // the pod's Ready time loses to truncation).
    expect(afterApply! - slowApply!).toBeGreaterThanOrEqual((minReadySeconds - 1) * 1000);
  }, 300_000);

  it('never applies wave 2 behind a Deployment that never becomes ready, and fails at the timeout naming it', async () => {
    const mark = auditMark(1);
    const run = await syncApp(s, stuck, ['--timeout', '30s']);
    expect(run.code, explain(run)).toBe(1);
    expect(run.result?.phase).toBe('Failed');
    expect(run.result?.message).toMatch(/timed out/i);
    expect(run.result?.message).toContain(`Deployment ${stuckNs}/stuck`);
    expect(tasksNamed(run.result, 'never-applied').map((t) => t.status)).not.toContain('succeeded');

    const writes = writesIn(auditSince(1, mark), stuckNs).filter(byFlotilla);
    expect(describeWrites(writes)).toContain('patch deployments/stuck');
    expect(writes.filter((w) => w.name === 'never-applied')).toEqual([]);
    expect(
      await getObject(1, { kind: 'ConfigMap', namespace: stuckNs, name: 'never-applied' }),
    ).toBeUndefined();
  }, 300_000);
});
