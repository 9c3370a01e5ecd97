import { describe, expect, it } from 'vitest';
import { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import type { ApplyCluster, WriteTask } from '../../../../src/engine/sync/apply.js';
import { writeObject, writeVerb } from '../../../../src/engine/sync/apply.js';
import { planSync } from '../../../../src/engine/sync/index.js';
import { appWith, inputFor, obj } from './support.js';

/** Records each write the way it would be sent; `refuse` makes a verb fail once with the given error. */
function recorder(refuse: Partial<Record<string, ClusterRequestError>> = {}) {
  const calls: string[] = [];
  const answer = (verb: string, o: KubeObject, opts: object) => {
    calls.push(`${verb} ${o.kind}/${o.metadata.name} ${JSON.stringify(opts)}`);
    const error = refuse[verb];
    if (error) {
      delete refuse[verb];
      return Promise.reject(error);
    }
    return Promise.resolve(o);
  };
  const cluster: ApplyCluster = {
    applyServerSide: (o, { signal: _s, ...opts }) => answer('apply', o, opts),
    create: (o, { signal: _s, ...opts }) => answer('create', o, opts),
    replace: (o, { signal: _s, ...opts }) => answer('replace', o, opts),
    delete: (id) => {
      calls.push(`delete ${id.kind}/${id.name}`);
      return Promise.resolve(true);
    },
  };
  return { calls, cluster };
}

const taskFor = (o: KubeObject, syncOptions: string[] = []): WriteTask => {
  const plan = planSync(inputFor({ app: appWith(syncOptions), desired: [o] }));
  const task = plan.phases.flatMap((p) => p.waves.flatMap((w) => w.tasks))[0];
  if (!task || task.action === 'prune' || task.action === 'skipped') throw new Error('no write task');
  return task;
};
const mode = { app: 'shop', dryRun: false, force: false, replace: false };
const noWait = () => Promise.resolve();
const invalid = new ClusterRequestError({ code: 'cluster.invalid', message: 'field is immutable' }, 422);
const notFound = new ClusterRequestError(
  { code: 'cluster.not-found', message: 'not found' },
  404,
  'NotFound',
  'a',
);

describe('writeObject', () => {
  it('applies server-side by default, taking fields over only with --force', async () => {
    const { calls, cluster } = recorder();
    await writeObject(cluster, taskFor(obj('ConfigMap', 'a')), mode, noWait);
    await writeObject(cluster, taskFor(obj('ConfigMap', 'a')), { ...mode, force: true }, noWait);
    expect(calls).toEqual([
      'apply ConfigMap/a {"dryRun":false,"app":"shop","force":false}',
      'apply ConfigMap/a {"dryRun":false,"app":"shop","force":true}',
    ]);
  });

  it('replaces with Replace=true, creating when the object is missing; never replaces a Namespace', async () => {
    const { calls, cluster } = recorder({ replace: notFound });
    await writeObject(cluster, taskFor(obj('ConfigMap', 'a'), ['Replace=true']), mode, noWait);
    await writeObject(cluster, taskFor(obj('Namespace', 'web'), ['Replace=true']), mode, noWait);
    expect(calls.map((c) => c.split(' {')[0])).toEqual([
      'replace ConfigMap/a',
      'create ConfigMap/a',
      'apply Namespace/web',
    ]);
  });

  it('replaces an object marked ServerSideApply=false (there is no client-side apply) and passes Validate=false on', async () => {
    const { calls, cluster } = recorder();
    const marked = obj('ConfigMap', 'a', {
      'argocd.argoproj.io/sync-options': 'ServerSideApply=false,Validate=false',
    });
    await writeObject(cluster, taskFor(marked), mode, noWait);
    expect(calls).toEqual(['replace ConfigMap/a {"dryRun":false,"app":"shop","validate":false}']);
    expect(writeVerb(taskFor(marked), mode)).toBe('replace');
  });

  it('with Force=true deletes and re-creates an object the server will not change in place', async () => {
    const { calls, cluster } = recorder({ apply: invalid });
    const forced = obj('ConfigMap', 'a', { 'argocd.argoproj.io/sync-options': 'Force=true' });
    const gone: string[] = [];
    await writeObject(cluster, taskFor(forced), mode, (id) => {
      gone.push(id.name);
      return Promise.resolve();
    });
    expect(calls.map((c) => c.split(' {')[0])).toEqual([
      'apply ConfigMap/a',
      'delete ConfigMap/a',
      'create ConfigMap/a',
    ]);
    expect(gone).toEqual(['a']);
  });

  it('without Force=true, or in a dry run, a refusal fails the write', async () => {
    const forced = obj('ConfigMap', 'a', { 'argocd.argoproj.io/sync-options': 'Force=true' });
    await expect(
      writeObject(recorder({ apply: invalid }).cluster, taskFor(obj('ConfigMap', 'a')), mode, noWait),
    ).rejects.toThrow('immutable');
    await expect(
      writeObject(recorder({ apply: invalid }).cluster, taskFor(forced), { ...mode, dryRun: true }, noWait),
    ).rejects.toThrow('immutable');
  });
});
