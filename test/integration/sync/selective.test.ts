/** Selective syncs and field conflicts on the test bed: --resource, --only-out-of-sync, --force. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { auditMark, auditSince, describeWrites, byFlotilla, writesIn } from '../../support/audit-log.js';
import { configMap, pod } from '../../support/manifests.js';
import { Scenario, getObject } from '../../support/scenario.js';
import { explain, syncApp } from '../../support/sync.js';
import { kubectl } from '../../support/testbed.js';

const s = new Scenario('selective');
const app = s.name('selective');
const ns = s.name('sync-selective');

const files: Record<string, string> = {
  'apps/sel/one.yaml': configMap('cm-one', {}, { key: 'from-git' }),
  'apps/sel/two.yaml': configMap('cm-two', {}, { key: 'from-git' }),
  'apps/sel/three.yaml': configMap('cm-three', {}, { key: 'from-git' }),
  'apps/sel/pre.yaml': pod('pre', 'succeed', { hook: 'PreSync' }),
};

/** The writes flotilla sent to the app's objects (the namespace and the hook's own writes aside). */
const objectWrites = (mark: number) =>
  describeWrites(
    writesIn(auditSince(1, mark), ns)
      .filter(byFlotilla)
      .filter((w) => w.resource === 'configmaps' || w.resource === 'pods'),
  );
const valueOf = async (name: string) =>
  (
    (await getObject(1, { kind: 'ConfigMap', namespace: ns, name }))?.data as
      Record<string, string> | undefined
  )?.key;

beforeAll(() => s.setUp(files, [{ name: app, path: 'apps/sel', namespace: ns }]));
afterAll(() => s.tearDown());

describe('selective sync', () => {
  it('--resource applies only that resource, runs no hook, and says the sync was partial', async () => {
    const mark = auditMark(1);
    const run = await syncApp(s, app, ['--resource', `/ConfigMap/${ns}/cm-one`, '--timeout', '180s']);
    expect(run.code, explain(run)).toBe(0);
    expect(run.result?.phase).toBe('Succeeded');
    expect(run.result?.partial).toBe(true);
    expect(run.result?.message).toMatch(/partial/i);
    expect(objectWrites(mark)).toEqual(['patch configmaps/cm-one']);
    expect(await valueOf('cm-two')).toBeUndefined();
  }, 300_000);

  it('--only-out-of-sync applies only the object whose Git version changed', async () => {
    const full = await syncApp(s, app, ['--wait', '--timeout', '180s']);
    expect(full.code, explain(full)).toBe(0);
    s.commit({ 'apps/sel/two.yaml': configMap('cm-two', {}, { key: 'changed-in-git' }) }, 'change cm-two');
    const mark = auditMark(1);
    const run = await syncApp(s, app, ['--only-out-of-sync', '--timeout', '180s']);
    expect(run.code, explain(run)).toBe(0);
    // Hooks still run with only-out-of-sync; of the plain objects only cm-two is written.
    expect(objectWrites(mark).filter((w) => w.startsWith('patch configmaps/'))).toEqual([
      'patch configmaps/cm-two',
    ]);
    expect(await valueOf('cm-two')).toBe('changed-in-git');
  }, 300_000);
});

describe('a field another manager owns', () => {
  beforeAll(async () => {
    const theirs = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm-three', namespace: ns },
      data: { key: 'from-other' },
    };
    await kubectl(1, ['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], {
      input: stringify(theirs),
    });
  });

  it('fails the sync without --force, naming the other manager, and leaves its value', async () => {
    const run = await syncApp(s, app, ['--timeout', '180s']);
    expect(run.code, explain(run)).toBe(1);
    expect(run.result?.phase).toBe('Failed');
    expect(run.result?.message).toContain('cm-three');
    expect(run.result?.message).toContain('other');
    expect(await valueOf('cm-three')).toBe('from-other');
  }, 300_000);

  it('takes the field over with --force', async () => {
    const run = await syncApp(s, app, ['--force', '--timeout', '180s']);
    expect(run.code, explain(run)).toBe(0);
    expect(await valueOf('cm-three')).toBe('from-git');
    const live = await getObject(1, { kind: 'ConfigMap', namespace: ns, name: 'cm-three' });
    const owners = (live?.metadata.managedFields ?? []) as { manager?: string; fieldsV1?: unknown }[];
    const ownsKey = (m: { fieldsV1?: unknown }) => JSON.stringify(m.fieldsV1 ?? {}).includes('"f:key"');
    expect(owners.filter(ownsKey).map((m) => m.manager)).toEqual(['flotilla']);
  }, 300_000);
});
