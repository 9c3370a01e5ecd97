/** The app lock on the test bed: one operation per app, a killed holder's lease expires, the viewer
 * identity is refused, and `flotilla terminate` stops a running sync. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditMark, auditSince, byFlotilla, writesBy, writesIn } from '../../support/audit-log.js';
import { configMap, deployment } from '../../support/manifests.js';
import { Scenario, eventually, getObject } from '../../support/scenario.js';
import { explain, spawnFlotilla, syncApp, type ChildRun } from '../../support/sync.js';

const s = new Scenario('locks');
const apps = {
  concurrent: { name: s.name('lk-concurrent'), ns: s.name('sync-lk-concurrent'), path: 'apps/stuck' },
  killed: { name: s.name('lk-killed'), ns: s.name('sync-lk-killed'), path: 'apps/killed' },
  viewer: { name: s.name('lk-viewer'), ns: s.name('sync-lk-viewer'), path: 'apps/plain' },
  terminated: { name: s.name('lk-terminated'), ns: s.name('sync-lk-terminated'), path: 'apps/stuck' },
};

/** A wave that never becomes healthy, so a sync holds its lock until stopped. */
const stuckFiles = (dir: string) => ({
  [`${dir}/stuck.yaml`]: deployment('stuck', { wave: 0 }, { outcome: 'never-ready' }),
  [`${dir}/after.yaml`]: configMap('after', { wave: 1 }),
});

const files: Record<string, string> = {
  ...stuckFiles('apps/stuck'),
  ...stuckFiles('apps/killed'),
  'apps/plain/config.yaml': configMap('plain'),
};

interface Lease {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string };
}

const leaseOf = async (app: string) =>
  (await getObject(1, { kind: 'Lease', namespace: 'flotilla-system', name: `flotilla-op-${app}` })) as
    Lease | undefined;

/** Waits until a sync of `app` holds the lock and has written its first wave. */
async function heldAndStuck(app: string, ns: string, child: ChildRun): Promise<Lease> {
  const lease = await eventually(`the lock of ${app}`, async () => {
    if (child.child.exitCode !== null) throw new Error(`the sync ended early: ${explain(await child.done)}`);
    const l = await leaseOf(app);
    return l?.spec?.holderIdentity ? l : undefined;
  });
  await eventually(`Deployment ${ns}/stuck`, () =>
    getObject(1, { kind: 'Deployment', namespace: ns, name: 'stuck' }),
  );
  return lease;
}

const running: ChildRun[] = [];
const start = (args: string[]) => {
  const c = spawnFlotilla(s, args);
  running.push(c);
  return c;
};

beforeAll(() =>
  s.setUp(
    files,
    Object.values(apps).map((a) => ({
      name: a.name,
      path: a.path,
      namespace: a.ns,
      ...(a === apps.viewer ? { cluster: 'one-viewer' as const } : {}),
    })),
  ),
);
afterEach(() => {
  // A child a failed test left running must not outlive it.
  for (const c of running.splice(0))
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
});
afterAll(() => s.tearDown());

describe('the app lock', () => {
  it('lets exactly one of two concurrent syncs run; the other exits 1 naming the holder', async () => {
    const { name, ns } = apps.concurrent;
    // No timeout: it holds the lock however slow the machine is, until the test terminates it.
    const first = start(['sync', name]);
    const lease = await heldAndStuck(name, ns, first);
    const mark = auditMark(1);
    const second = await syncApp(s, name, ['--timeout', '40s']);
    // The refused sync wrote nothing (the running one only waits on its Deployment meanwhile).
    expect(writesIn(auditSince(1, mark), ns).filter(byFlotilla)).toEqual([]);
    expect(second.code, explain(second)).toBe(1);
    expect(second.result?.outcome).toBe('Refused');
    const refusal = second.result?.problems.join('\n') ?? '';
    expect(refusal).toContain(`is being synced by ${lease.spec?.holderIdentity}`);
    expect(lease.spec?.holderIdentity).toMatch(new RegExp(`/${first.child.pid}$`));
    expect((await leaseOf(name))?.spec?.holderIdentity).toBe(lease.spec?.holderIdentity);
    // The refusal did not disturb the running sync: it is still there to be stopped.
    expect(first.child.exitCode).toBeNull();
    const t = await s.flotilla('terminate', name);
    expect(t.code, explain(t)).toBe(0);
    expect((await first.done).code).toBe(1);
  }, 300_000);

  it('a killed holder leaves a lease that expires; the next sync runs and shows the interrupted operation', async () => {
    const { name, ns } = apps.killed;
    const victim = start(['sync', name]);
    await heldAndStuck(name, ns, victim);
    victim.child.kill('SIGKILL');
    expect((await victim.done).signal).toBe('SIGKILL');
    // Let the next sync succeed: the stuck Deployment is made an ordinary one.
    s.commit({ 'apps/killed/stuck.yaml': deployment('stuck', { wave: 0 }) }, 'unstick');
    const lease = (await leaseOf(name))!;
    const durationMs = (lease.spec?.leaseDurationSeconds ?? 60) * 1000;
    await eventually(
      'the killed holder lease to expire',
      async () => {
        const l = await leaseOf(name);
        const renewed = Date.parse(l?.spec?.renewTime ?? l?.spec?.acquireTime ?? '');
        return !l?.spec?.holderIdentity || Date.now() > renewed + durationMs ? true : undefined;
      },
      durationMs + 120_000,
    );
    const next = await syncApp(s, name, ['--wait', '--timeout', '180s']);
    expect(next.code, explain(next)).toBe(0);
    expect(next.result?.interrupted).toMatchObject({
      phase: 'Interrupted',
      initiator: { pid: victim.child.pid },
      step: { phase: 'Sync', wave: 0 },
    });
  }, 600_000);

  it('refuses the viewer identity, which sends no write to the cluster', async () => {
    const { name } = apps.viewer;
    const mark = auditMark(1);
    const run = await syncApp(s, name, ['--timeout', '60s']);
    expect(run.code, explain(run)).toBe(1);
    expect(run.result?.outcome).toBe('Refused');
    expect(run.result?.problems.join('\n')).toMatch(/forbidden|not allowed|may not|permission/i);
    // Asking the server who it is and what it may do are reviews, not writes.
    const writes = writesBy(auditSince(1, mark), 'testbed-viewer').filter(
      (e) => !/^self(subject)?(access|rules)?reviews$/.test(e.objectRef?.resource ?? ''),
    );
    expect(writes.map((e) => `${e.verb} ${e.requestURI}`)).toEqual([]);
  }, 300_000);

  it('flotilla terminate ends a sync stuck on a never-ready wave', async () => {
    const { name, ns } = apps.terminated;
    const stuck = start(['sync', name]);
    await heldAndStuck(name, ns, stuck);
    const t = await s.flotilla('terminate', name);
    expect(t.code, explain(t)).toBe(0);
    const ended = await stuck.done;
    expect(ended.code, explain(ended)).toBe(1);
    expect(`${ended.stdout}${ended.stderr}`).toMatch(/terminated by testbed-admin/);
    expect(await getObject(1, { kind: 'ConfigMap', namespace: ns, name: 'after' })).toBeUndefined();
  }, 300_000);
});
