/** Hooks on the test bed: a failing PreSync hook stops the sync, SyncFail hooks run on failure, delete
 * policies, Skip, and generated names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMark, auditSince, byFlotilla, writesIn } from '../../support/audit-log.js';
import { configMap, job, pod } from '../../support/manifests.js';
import { Scenario, eventually, getObject, namesOf } from '../../support/scenario.js';
import { explain, syncApp, tasksNamed } from '../../support/sync.js';

const s = new Scenario('hooks');
const apps = {
  preFail: { name: s.name('hooks-prefail'), ns: s.name('sync-hooks-prefail'), path: 'apps/prefail' },
  syncFail: { name: s.name('hooks-syncfail'), ns: s.name('sync-hooks-syncfail'), path: 'apps/syncfail' },
  ok: { name: s.name('hooks-ok'), ns: s.name('sync-hooks-ok'), path: 'apps/ok' },
  failing: { name: s.name('hooks-failing'), ns: s.name('sync-hooks-failing'), path: 'apps/failing' },
};

const files: Record<string, string> = {
  // A PreSync hook that fails: nothing of the Sync phase may be applied.
  'apps/prefail/hook.yaml': pod('hook', 'fail', { hook: 'PreSync' }),
  'apps/prefail/config.yaml': configMap('app-config'),
  'apps/prefail/later.yaml': configMap('later-config', { wave: 3 }),
  // A PostSync Job that fails, and a SyncFail Job that then runs and succeeds.
  'apps/syncfail/config.yaml': configMap('app-config'),
  'apps/syncfail/post.yaml': job('post-check', 'fail', { hook: 'PostSync' }),
  'apps/syncfail/on-fail.yaml': job('on-fail', 'succeed', { hook: 'SyncFail' }),
  // Every delete policy on hooks that succeed, a Skip, and a generateName hook for two phases.
  'apps/ok/hs.yaml': pod('hs-ok', 'succeed', { hook: 'PreSync', deletePolicy: 'HookSucceeded' }),
  'apps/ok/hf.yaml': pod('hf-ok', 'succeed', { hook: 'PreSync', deletePolicy: 'HookFailed' }),
  'apps/ok/default.yaml': job('default-hook', 'succeed', { hook: 'PreSync' }),
  'apps/ok/gen.yaml': pod('gen-', 'succeed', { hook: 'PreSync,PostSync' }),
  'apps/ok/skip.yaml': configMap('skipped', { hook: 'Skip' }),
  'apps/ok/config.yaml': configMap('app-config'),
  // The same policies on hooks that fail.
  'apps/failing/hs.yaml': pod('hs-fail', 'fail', { hook: 'PreSync', deletePolicy: 'HookSucceeded' }),
  'apps/failing/hf.yaml': pod('hf-fail', 'fail', { hook: 'PreSync', deletePolicy: 'HookFailed' }),
  'apps/failing/config.yaml': configMap('app-config'),
};

const get = (ns: string, kind: string, name: string) => getObject(1, { kind, namespace: ns, name });
const gone = (ns: string, kind: string, name: string) =>
  eventually(`${kind} ${ns}/${name} to be deleted`, async () =>
    (await get(ns, kind, name)) === undefined ? true : undefined,
  );

beforeAll(() =>
  s.setUp(
    files,
    Object.values(apps).map((a) => ({ name: a.name, path: a.path, namespace: a.ns })),
  ),
);
afterAll(() => s.tearDown());

describe('hooks', () => {
  it('a failing PreSync hook stops the sync before any Sync-phase object is written, naming the hook', async () => {
    const { name, ns } = apps.preFail;
    const mark = auditMark(1);
    const run = await syncApp(s, name, ['--timeout', '180s']);
    expect(run.code, explain(run)).toBe(1);
    expect(run.result?.phase).toBe('Failed');
    expect(run.result?.message).toContain(`Pod ${ns}/hook`);
    const written = writesIn(auditSince(1, mark), ns)
      .filter(byFlotilla)
      .map((w) => `${w.resource}/${w.name}`);
    expect(written).toContain('pods/hook');
    expect(written).not.toContain('configmaps/app-config');
    expect(written).not.toContain('configmaps/later-config');
    expect(await get(ns, 'ConfigMap', 'app-config')).toBeUndefined();
  }, 300_000);

  it('runs the SyncFail hook when a PostSync hook fails, and the operation still ends Failed', async () => {
    const { name, ns } = apps.syncFail;
    const run = await syncApp(s, name, ['--timeout', '180s']);
    expect(run.code, explain(run)).toBe(1);
    expect(run.result?.phase).toBe('Failed');
    expect(run.result?.message).toContain(`Job ${ns}/post-check`);
    expect(tasksNamed(run.result, 'on-fail')).toEqual([
      expect.objectContaining({ phase: 'SyncFail', status: 'succeeded' }),
    ]);
    const onFail = await get(ns, 'Job', 'on-fail');
    expect((onFail?.status as { succeeded?: number } | undefined)?.succeeded).toBe(1);
  }, 300_000);

  describe('on a sync that succeeds', () => {
    const { name, ns } = apps.ok;
    let firstDefault: { uid: unknown; created: unknown } | undefined;

    it('deletes the HookSucceeded hook, keeps the HookFailed and default ones, never creates a Skip object', async () => {
      const mark = auditMark(1);
      const run = await syncApp(s, name, ['--timeout', '180s']);
      expect(run.code, explain(run)).toBe(0);
      expect(run.result?.phase).toBe('Succeeded');
      await gone(ns, 'Pod', 'hs-ok');
      expect(await get(ns, 'Pod', 'hf-ok')).toBeDefined();
      const defaultHook = await get(ns, 'Job', 'default-hook');
      expect(defaultHook).toBeDefined();
      firstDefault = { uid: defaultHook?.metadata.uid, created: defaultHook?.metadata.creationTimestamp };
      expect(await get(ns, 'ConfigMap', 'skipped')).toBeUndefined();
      const written = writesIn(auditSince(1, mark), ns).filter(byFlotilla);
      expect(written.filter((w) => w.name === 'skipped')).toEqual([]);
    }, 300_000);

    it('runs a generateName hook once per phase it names, with names saying the phase', async () => {
      const generated = (await namesOf(1, 'pods', ns)).filter((n) => n.startsWith('gen-'));
      expect(generated).toHaveLength(2);
      expect(generated.some((n) => n.includes('presync'))).toBe(true);
      expect(generated.some((n) => n.includes('postsync'))).toBe(true);
    });

    it('re-creates the default (BeforeHookCreation) hook on the next sync: a new object', async () => {
      expect(firstDefault, 'the first sync ran').toBeDefined();
      const run = await syncApp(s, name, ['--timeout', '180s']);
      expect(run.code, explain(run)).toBe(0);
      const again = await get(ns, 'Job', 'default-hook');
      expect(again?.metadata.uid).not.toBe(firstDefault?.uid);
      expect(Date.parse(String(again?.metadata.creationTimestamp))).toBeGreaterThanOrEqual(
        Date.parse(String(firstDefault?.created)),
      );
    }, 300_000);
  });

  it('on a sync that fails, keeps the HookSucceeded hook and deletes the HookFailed one', async () => {
    const { name, ns } = apps.failing;
    const run = await syncApp(s, name, ['--timeout', '180s']);
    expect(run.code, explain(run)).toBe(1);
    expect(run.result?.phase).toBe('Failed');
    await gone(ns, 'Pod', 'hf-fail');
    // Kept: it stays, and ends Failed as its outcome says.
    await eventually('Pod hs-fail to end Failed', async () => {
      const kept = await get(ns, 'Pod', 'hs-fail');
      expect(kept, 'hs-fail was deleted').toBeDefined();
      return (kept?.status as { phase?: string } | undefined)?.phase === 'Failed' ? true : undefined;
    });
  }, 300_000);
});
