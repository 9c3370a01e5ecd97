// The executor's order and gates, against an in-memory cluster that answers writes and watches the way
// the API server does (uids, generations, deletion events). It stands in for the API server only to
// make the order of steps visible and fast; test/integration/sync proves the same on real clusters.
import { describe, expect, it } from 'vitest';
import type { AppKindWatch, ObjectChange } from '../../../../src/engine/cluster/index.js';
import { systemClock } from '../../../../src/engine/cluster/index.js';
import { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import type { KubeObject, ObjectIdentity } from '../../../../src/engine/objects.js';
import { identityKey } from '../../../../src/engine/objects.js';
import { initialResults, OperationBook } from '../../../../src/engine/sync/book.js';
import type { ExecuteCluster } from '../../../../src/engine/sync/execute.js';
import type { StopReason } from '../../../../src/engine/sync/stop.js';
import { executePlan } from '../../../../src/engine/sync/execute.js';
import type { OperationState, SyncEvent } from '../../../../src/engine/sync/operation.js';
import type { SyncPlan } from '../../../../src/engine/sync/index.js';
import { planSync } from '../../../../src/engine/sync/index.js';
import { identityOf } from '../../../../src/engine/sync/tracking.js';
import { PRUNE, inputFor, obj, tracked } from './support.js';

type Writer = (o: KubeObject) => KubeObject | void;

/** An in-memory API server: stores objects, numbers uids and generations, tells watches of changes. */
class MemoryCluster implements ExecuteCluster {
  readonly name = 'memory';
  readonly discovery = { invalidate: () => {} };
  readonly log: string[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<(c?: ObjectChange) => void>();
  private uid = 0;
  /** Called on every stored write: may set the status a controller would. */
  onWrite: Writer = () => {};
  /** Refuses a write (dry run or not) by throwing what it returns. */
  refuse: (o: KubeObject, dryRun: boolean) => Error | undefined = () => undefined;

  seed(o: KubeObject): void {
    this.objects.set(keyOf(o), { ...o, metadata: { ...o.metadata, uid: `u${++this.uid}`, generation: 1 } });
  }

  has(name: string): KubeObject | undefined {
    return [...this.objects.values()].find((o) => o.metadata.name === name);
  }

  /** Changes an object's status as a controller would, and tells the watches. */
  setStatus(name: string, status: Record<string, unknown>): void {
    const o = this.has(name);
    if (!o) throw new Error(`no ${name}`);
    const next = { ...o, status };
    this.objects.set(keyOf(o), next);
    this.notify({ type: 'modified', object: next });
  }

  applyServerSide(o: KubeObject, opts: { dryRun: boolean }): Promise<KubeObject> {
    return this.write('apply', o, opts.dryRun);
  }
  create(o: KubeObject, opts: { dryRun: boolean }): Promise<KubeObject> {
    return this.write('create', o, opts.dryRun);
  }
  replace(o: KubeObject, opts: { dryRun: boolean }): Promise<KubeObject> {
    return this.write('replace', o, opts.dryRun);
  }

  delete(id: ObjectIdentity): Promise<boolean> {
    const key = identityKey(id);
    const o = this.objects.get(key);
    if (!o) return Promise.resolve(false);
    this.log.push(`delete ${id.kind}/${id.name}`);
    this.objects.delete(key);
    queueMicrotask(() => this.notify({ type: 'deleted', object: o }));
    return Promise.resolve(true);
  }

  get(id: ObjectIdentity): Promise<KubeObject | undefined> {
    return Promise.resolve(this.objects.get(identityKey(id)));
  }

  watchApp(_app: string, _kind: unknown, onChange: (change?: ObjectChange) => void): AppKindWatch {
    this.listeners.add(onChange);
    queueMicrotask(() => onChange());
    return {
      get: (namespace, name) =>
        [...this.objects.values()].find(
          (o) => o.metadata.name === name && (o.metadata.namespace ?? '') === namespace,
        ),
      synced: () => true,
      stop: async () => void this.listeners.delete(onChange),
    };
  }

  private async write(verb: string, o: KubeObject, dryRun: boolean): Promise<KubeObject> {
    const refusal = this.refuse(o, dryRun);
    if (refusal) throw refusal;
    const existing = this.objects.get(keyOf(o));
    const stored: KubeObject = {
      ...o,
      metadata: {
        ...o.metadata,
        uid: existing?.metadata.uid ?? `u${++this.uid}`,
        generation: ((existing?.metadata.generation as number | undefined) ?? 0) + 1,
      },
      ...(existing?.status ? { status: existing.status } : {}),
      ...(o.kind === 'Pod' && !existing ? { status: { phase: 'Pending' } } : {}),
    };
    if (dryRun) return stored;
    this.log.push(`${verb} ${o.kind}/${o.metadata.name}`);
    const final = this.onWrite(stored) ?? stored;
    this.objects.set(keyOf(o), final);
    queueMicrotask(() => this.notify({ type: existing ? 'modified' : 'added', object: final }));
    return final;
  }

  private notify(c: { type: ObjectChange['type']; object: KubeObject }): void {
    const change: ObjectChange = { cluster: this.name, identity: identityOf(c.object), ...c };
    for (const l of [...this.listeners]) l(change);
  }
}

const keyOf = (o: KubeObject): string => identityKey(identityOf(o));

const wave = (n: number) => ({ 'argocd.argoproj.io/sync-wave': String(n) });
const hook = (type: string, policy?: string) => ({
  'argocd.argoproj.io/hook': type,
  ...(policy ? { 'argocd.argoproj.io/hook-delete-policy': policy } : {}),
});
/** A pod that runs to completion (a hook, or a resource whose health the test drives). */
const pod = (name: string, annotations: Record<string, string>, restartPolicy = 'Never') =>
  obj('Pod', name, annotations, { spec: { restartPolicy, containers: [{ name: 'main', image: 'x' }] } });

interface Run {
  state: OperationState;
  events: SyncEvent[];
}

async function execute(
  cluster: MemoryCluster,
  plan: SyncPlan,
  options: { wait?: boolean; dryRun?: boolean; signal?: AbortSignal } = {},
): Promise<Run> {
  const events: SyncEvent[] = [];
  const initial: OperationState = {
    id: 'op',
    app: plan.app,
    cluster: cluster.name,
    revision: plan.revision,
    initiator: { user: 'tester', host: 'here', pid: 1 },
    startedAt: new Date(0).toISOString(),
    phase: 'Running',
    dryRun: options.dryRun ?? false,
    prune: true,
    partial: plan.partial,
    tasks: initialResults(plan),
  };
  const book = new OperationBook(
    initial,
    (e) => events.push(e),
    () => {},
  );
  const state = await executePlan(
    { cluster, clock: systemClock, book },
    {
      plan,
      request: { dryRun: options.dryRun ?? false, force: false, replace: false, wait: options.wait ?? false },
      signal: options.signal ?? new AbortController().signal,
    },
  );
  return { state, events };
}

/** Pods complete as soon as they are written: phase Succeeded, or Failed for names starting `fail`. */
function completePods(cluster: MemoryCluster): void {
  cluster.onWrite = (o) => {
    if (o.kind !== 'Pod') return;
    const failed = o.metadata.name?.startsWith('fail');
    setTimeout(() =>
      cluster.setStatus(o.metadata.name!, {
        phase: failed ? 'Failed' : 'Succeeded',
        ...(failed
          ? {
              containerStatuses: [
                { name: 'main', state: { terminated: { exitCode: 1, reason: 'Error', message: 'boom' } } },
              ],
            }
          : {}),
      }),
    );
  };
}

describe('executePlan', () => {
  it('applies waves in order and starts a wave only once the previous one is healthy', async () => {
    const cluster = new MemoryCluster();
    let wave2Written = false;
    cluster.onWrite = (o) => {
      if (o.metadata.name === 'b') wave2Written = true;
      if (o.metadata.name === 'slow')
        setTimeout(() => {
          expect(wave2Written).toBe(false);
          cluster.setStatus('slow', { phase: 'Succeeded' });
        }, 20);
    };
    const plan = planSync(
      inputFor({ desired: [obj('ConfigMap', 'b', wave(2)), pod('slow', wave(1)), obj('ConfigMap', 'a')] }),
    );
    const { state } = await execute(cluster, plan);
    expect(state.phase).toBe('Succeeded');
    expect(cluster.log).toEqual(['apply ConfigMap/a', 'apply Pod/slow', 'apply ConfigMap/b']);
    expect(state.tasks.every((t) => t.status === 'succeeded')).toBe(true);
  });

  it('stops before the Sync phase when a PreSync hook fails, runs SyncFail hooks, and names the hook', async () => {
    const cluster = new MemoryCluster();
    completePods(cluster);
    const plan = planSync(
      inputFor({
        desired: [
          pod('fail-migrate', hook('PreSync')),
          pod('cleanup', hook('SyncFail')),
          obj('ConfigMap', 'app-config'),
        ],
      }),
    );
    const { state } = await execute(cluster, plan);
    expect(state.phase).toBe('Failed');
    expect(state.message).toContain('PreSync wave 0: hook Pod web/fail-migrate failed');
    expect(state.message).toContain('boom');
    expect(cluster.log).toEqual(['apply Pod/fail-migrate', 'apply Pod/cleanup']);
    expect(state.tasks.find((t) => t.identity.name === 'app-config')?.status).toBe('skipped');
    expect(state.tasks.find((t) => t.identity.name === 'cleanup')?.status).toBe('succeeded');
  });

  it('deletes hooks as their policies say: HookSucceeded after success, a previous run before re-creation', async () => {
    const cluster = new MemoryCluster();
    completePods(cluster);
    cluster.seed(pod('again', hook('PostSync')));
    const plan = planSync(
      inputFor({
        desired: [
          pod('gone-after', hook('PostSync', 'HookSucceeded')),
          pod('again', hook('PostSync')),
          obj('ConfigMap', 'a'),
        ],
      }),
    );
    const { state } = await execute(cluster, plan);
    expect(state.phase).toBe('Succeeded');
    expect(cluster.log).toEqual([
      'apply ConfigMap/a',
      'delete Pod/again',
      'apply Pod/again',
      'apply Pod/gone-after',
      'delete Pod/gone-after',
    ]);
    expect(cluster.has('again')).toBeDefined();
  });

  it('keeps a HookSucceeded hook and deletes a HookFailed one when the operation fails', async () => {
    const cluster = new MemoryCluster();
    completePods(cluster);
    const plan = planSync(
      inputFor({
        desired: [
          pod('kept', hook('PreSync', 'HookSucceeded')),
          pod('fail-x', { ...hook('PreSync', 'HookFailed'), ...wave(1) }),
        ],
      }),
    );
    const { state } = await execute(cluster, plan);
    expect(state.phase).toBe('Failed');
    expect(cluster.has('kept')).toBeDefined();
    expect(cluster.has('fail-x')).toBeUndefined();
  });

  it('prunes in reverse wave order and waits for each deletion', async () => {
    const cluster = new MemoryCluster();
    const live = tracked([obj('ConfigMap', 'early', wave(1)), obj('ConfigMap', 'late', wave(3))]);
    for (const o of live) cluster.seed(o);
    const plan = planSync(inputFor({ desired: [obj('ConfigMap', 'keep')], live, options: PRUNE }));
    const { state } = await execute(cluster, plan);
    expect(state.phase).toBe('Succeeded');
    // Prune waves are mirrored among the prunes (1 and 3 swap), after the wave-0 apply.
    expect(cluster.log).toEqual(['apply ConfigMap/keep', 'delete ConfigMap/late', 'delete ConfigMap/early']);
  });

  it('writes nothing when the dry run refuses one object, and names it with the server message', async () => {
    const cluster = new MemoryCluster();
    cluster.refuse = (o, dryRun) =>
      dryRun && o.metadata.name === 'bad'
        ? new ClusterRequestError(
            { code: 'cluster.invalid', message: 'ConfigMap "bad" is invalid: data' },
            422,
          )
        : undefined;
    const plan = planSync(
      inputFor({ desired: [obj('ConfigMap', 'good'), obj('ConfigMap', 'bad', wave(1))] }),
    );
    const { state, events } = await execute(cluster, plan);
    expect(state.phase).toBe('Failed');
    expect(state.message).toContain('ConfigMap web/bad: ConfigMap "bad" is invalid');
    expect(cluster.log).toEqual([]);
    expect(events.find((e) => e.type === 'dry-run')).toMatchObject({
      failures: [{ identity: { name: 'bad' } }],
    });
  });

  it('changes nothing in a dry run that passes', async () => {
    const cluster = new MemoryCluster();
    const plan = planSync(inputFor({ desired: [obj('ConfigMap', 'a'), pod('h', hook('PreSync'))] }));
    const { state } = await execute(cluster, plan, { dryRun: true });
    expect(state.phase).toBe('Succeeded');
    expect(cluster.log).toEqual([]);
    expect(state.message).toContain('nothing was changed');
  });

  it('fails a wave whose object turns Degraded, naming it', async () => {
    const cluster = new MemoryCluster();
    cluster.onWrite = (o) => {
      if (o.metadata.name === 'fail-web')
        setTimeout(() => cluster.setStatus('fail-web', { phase: 'Failed' }));
    };
    const plan = planSync(inputFor({ desired: [pod('fail-web', {}), obj('ConfigMap', 'next', wave(1))] }));
    const { state } = await execute(cluster, plan);
    expect(state.phase).toBe('Failed');
    expect(state.message).toContain('Sync wave 0: object Pod web/fail-web failed');
    expect(cluster.log).toEqual(['apply Pod/fail-web']);
  });

  it('on a stop, deletes running hooks and ends Failed with who stopped it and what it waited for', async () => {
    const cluster = new MemoryCluster();
    const controller = new AbortController();
    cluster.onWrite = (o) => {
      if (o.metadata.name === 'forever')
        setTimeout(() => controller.abort({ kind: 'terminated', by: 'alice' } satisfies StopReason), 10);
    };
    const plan = planSync(inputFor({ desired: [pod('forever', hook('PreSync')), obj('ConfigMap', 'a')] }));
    const { state } = await execute(cluster, plan, { signal: controller.signal });
    expect(state.phase).toBe('Failed');
    expect(state.message).toMatch(/^terminated by alice while waiting for Pod web\/forever/);
    expect(cluster.has('forever')).toBeUndefined();
    expect(state.tasks.find((t) => t.identity.name === 'forever')?.status).toBe('failed');
    expect(state.tasks.find((t) => t.identity.name === 'a')?.status).toBe('skipped');
  });

  it('fails a hook that someone else deletes while it runs', async () => {
    const cluster = new MemoryCluster();
    cluster.onWrite = (o) => {
      if (o.metadata.name === 'doomed') setTimeout(() => void cluster.delete(identityOf(o)), 10);
    };
    const plan = planSync(inputFor({ desired: [pod('doomed', hook('PreSync')), obj('ConfigMap', 'a')] }));
    const { state } = await execute(cluster, plan);
    expect(state.phase).toBe('Failed');
    expect(state.message).toContain('deleted by someone else');
  });

  it('with wait, waits for the last wave to be healthy too', async () => {
    const cluster = new MemoryCluster();
    let healthyAt = 0;
    cluster.onWrite = (o) => {
      if (o.metadata.name === 'web')
        setTimeout(() => {
          healthyAt = Date.now();
          cluster.setStatus('web', { phase: 'Succeeded' });
        }, 20);
    };
    const plan = planSync(inputFor({ desired: [pod('web', {})] }));
    const { state } = await execute(cluster, plan, { wait: true });
    expect(state.phase).toBe('Succeeded');
    expect(healthyAt).toBeGreaterThan(0);
    expect(state.tasks[0]?.status).toBe('succeeded');
  });
});
