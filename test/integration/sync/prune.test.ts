/** Pruning on the test bed: only with --prune, in reverse wave order, and never past a guard. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMark, auditSince, describeWrites, byFlotilla, writesIn } from '../../support/audit-log.js';
import { configMap } from '../../support/manifests.js';
import { Scenario, getObject } from '../../support/scenario.js';
import { explain, syncApp, tasksNamed } from '../../support/sync.js';
import { kubectl } from '../../support/testbed.js';

const s = new Scenario('prune');
const main = { name: s.name('prune'), ns: s.name('sync-prune'), path: 'apps/main' };
const empty = { name: s.name('prune-empty'), ns: s.name('sync-prune-empty'), path: 'apps/empty' };
const confirm = { name: s.name('prune-confirm'), ns: s.name('sync-prune-confirm'), path: 'apps/confirm' };
/** A Namespace the confirm app renders itself: pruning it needs a confirmation. */
const extraNs = s.name('sync-prune-extra');

const files: Record<string, string> = {
  'apps/main/stays.yaml': configMap('stays'),
  'apps/main/a.yaml': configMap('cm-a', { wave: 0 }),
  'apps/main/b.yaml': configMap('cm-b', { wave: 1 }),
  'apps/main/c.yaml': configMap('cm-c', { wave: 2 }),
  'apps/main/keep.yaml': configMap('keep', { syncOptions: 'Prune=false' }),
  'apps/empty/README.md': 'The manifests of this app are removed by the test.\n',
  'apps/empty/only.yaml': configMap('only'),
  'apps/confirm/stays.yaml': configMap('stays'),
  'apps/confirm/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${extraNs}}\n`,
};

const cm = (ns: string, name: string) => getObject(1, { kind: 'ConfigMap', namespace: ns, name });
const deletesIn = (mark: number, ns: string) =>
  writesIn(auditSince(1, mark), ns)
    .filter(byFlotilla)
    .filter((w) => w.verb === 'delete');

beforeAll(async () => {
  s.setUp(
    files,
    [main, empty, confirm].map((a) => ({ name: a.name, path: a.path, namespace: a.ns })),
  );
  for (const a of [main, empty, confirm]) {
    const run = await syncApp(s, a.name, ['--wait', '--timeout', '180s']);
    if (run.code !== 0) throw new Error(`first sync of ${a.name} failed: ${explain(run)}`);
  }
  // A ConfigMap someone labelled as the app's, with another app's tracking id: never ours to delete.
  await kubectl(1, ['create', 'configmap', 'impostor', '-n', main.ns, '--from-literal=a=b']);
  await kubectl(1, ['label', 'configmap', 'impostor', '-n', main.ns, `flotilla.dev/app=${main.name}`]);
  await kubectl(1, [
    'annotate',
    'configmap',
    'impostor',
    '-n',
    main.ns,
    `flotilla.dev/tracking-id=other-app:/ConfigMap:${main.ns}/impostor`,
  ]);
  s.commit(
    {
      'apps/main/a.yaml': null,
      'apps/main/b.yaml': null,
      'apps/main/c.yaml': null,
      'apps/main/keep.yaml': null,
      'apps/empty/only.yaml': null,
      'apps/confirm/namespace.yaml': null,
    },
    'remove objects',
  );
}, 600_000);
afterAll(async () => {
  await kubectl(1, ['delete', 'namespace', extraNs, '--wait=false', '--ignore-not-found']).catch(() => '');
  await s.tearDown();
});

describe('prune', () => {
  it('deletes nothing without --prune', async () => {
    const mark = auditMark(1);
    const run = await syncApp(s, main.name, ['--timeout', '180s']);
    expect(run.code, explain(run)).toBe(0);
    expect(run.result?.phase).toBe('Succeeded');
    expect(deletesIn(mark, main.ns)).toEqual([]);
    for (const name of ['cm-a', 'cm-b', 'cm-c', 'keep']) expect(await cm(main.ns, name), name).toBeDefined();
  }, 300_000);

  it('with --prune deletes what left Git in reverse wave order, and keeps Prune=false and a copied label', async () => {
    const mark = auditMark(1);
    const run = await syncApp(s, main.name, ['--prune', '--timeout', '180s']);
    expect(run.code, explain(run)).toBe(0);
    expect(run.result?.phase).toBe('Succeeded');
    expect(describeWrites(deletesIn(mark, main.ns))).toEqual([
      'delete configmaps/cm-c',
      'delete configmaps/cm-b',
      'delete configmaps/cm-a',
    ]);
    for (const name of ['cm-a', 'cm-b', 'cm-c']) expect(await cm(main.ns, name), name).toBeUndefined();
    expect(await cm(main.ns, 'keep')).toBeDefined();
    expect(await cm(main.ns, 'impostor')).toBeDefined();
    expect(await cm(main.ns, 'stays')).toBeDefined();
    expect(tasksNamed(run.result, 'keep').map((t) => t.status)).not.toContain('succeeded');
  }, 300_000);

  it('prunes nothing when the app renders no objects at all', async () => {
    const mark = auditMark(1);
    const run = await syncApp(s, empty.name, ['--prune', '--timeout', '180s']);
    expect(deletesIn(mark, empty.ns), explain(run)).toEqual([]);
    expect(await cm(empty.ns, 'only')).toBeDefined();
    expect(`${run.stdout}${run.stderr}`).toMatch(/no objects|empty/i);
  }, 300_000);

  it('prunes a Namespace only with --confirm-prune naming it', async () => {
    const namespaceDeletes = (mark: number) =>
      auditSince(1, mark).filter(
        (e) => e.verb === 'delete' && e.objectRef?.resource === 'namespaces' && e.objectRef.name === extraNs,
      );
    let mark = auditMark(1);
    const unconfirmed = await syncApp(s, confirm.name, ['--prune', '--timeout', '180s']);
    expect(namespaceDeletes(mark), explain(unconfirmed)).toEqual([]);
    expect(await getObject(1, { kind: 'Namespace', name: extraNs })).toBeDefined();
    expect(`${unconfirmed.stdout}${unconfirmed.stderr}`).toContain(`Namespace/${extraNs}`);

    mark = auditMark(1);
    const run = await syncApp(s, confirm.name, [
      '--prune',
      '--confirm-prune',
      `Namespace/${extraNs}`,
      '--timeout',
      '180s',
    ]);
    expect(run.code, explain(run)).toBe(0);
    expect(namespaceDeletes(mark)).toHaveLength(1);
    expect(await getObject(1, { kind: 'Namespace', name: extraNs })).toBeUndefined();
  }, 300_000);
});
