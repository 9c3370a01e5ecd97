import { describe, expect, it } from 'vitest';
import type { AppDiff } from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import type { SyncPlan, SyncTask } from '../../../../src/engine/sync/index.js';
import { blockingProblems, planSync } from '../../../../src/engine/sync/index.js';
import { APP, REVISION, appWith, describePlan, inputFor, obj } from './support.js';

const tasksOf = (plan: SyncPlan): SyncTask[] =>
  [...plan.phases, ...(plan.onFailure ? [plan.onFailure] : [])].flatMap((p) =>
    p.waves.flatMap((w) => w.tasks),
  );
const taskNamed = (plan: SyncPlan, name: string): SyncTask => {
  const task = tasksOf(plan).find((t) => t.identity.name === name);
  if (!task) throw new Error(`no task for ${name}`);
  return task;
};
const codes = (plan: SyncPlan) => plan.problems.map((p) => `${p.code} ${p.effect}`);

describe('planSync: objects to apply', () => {
  it('sets the tracking label, the tracking id and the revision, without touching the input', () => {
    const desired = obj('ConfigMap', 'a', { note: 'kept' });
    const plan = planSync(inputFor({ desired: [desired] }));
    const task = taskNamed(plan, 'a');
    expect(task.action).toBe('create');
    if (task.action !== 'create') return;
    expect(task.object.metadata.labels).toEqual({ 'flotilla.dev/app': APP });
    expect(task.object.metadata.annotations).toEqual({
      note: 'kept',
      'flotilla.dev/tracking-id': `${APP}:/ConfigMap:web/a`,
      'flotilla.dev/revision': REVISION,
    });
    expect(desired.metadata.labels).toBeUndefined();
    expect(desired.metadata.annotations).toEqual({ note: 'kept' });
  });

  it('names an unnamed hook per phase and tracks it under that name', () => {
    const hook = {
      ...obj('Pod', ''),
      metadata: {
        generateName: 'job-',
        namespace: 'web',
        annotations: { 'argocd.argoproj.io/hook': 'PreSync' },
      },
    };
    const plan = planSync(inputFor({ desired: [hook, obj('ConfigMap', 'a')] }));
    const task = tasksOf(plan).find((t) => t.action === 'hook');
    expect(task?.action).toBe('hook');
    if (task?.action !== 'hook') return;
    expect(task.generatedName).toBe(true);
    expect(task.identity.name).toBe('job-0123456-presync-1780000000');
    expect(task.object.metadata.name).toBe('job-0123456-presync-1780000000');
    expect(task.object.metadata.generateName).toBeUndefined();
    expect(task.object.metadata.annotations?.['flotilla.dev/tracking-id']).toBe(
      `${APP}:/Pod:web/job-0123456-presync-1780000000`,
    );
  });

  it('carries the diff and the changed fields of an update', () => {
    const plan = planSync(
      inputFor({
        desired: [obj('ConfigMap', 'a', {}, { data: { k: 'new' } })],
        live: [obj('ConfigMap', 'a', {}, { data: { k: 'old' } })],
      }),
    );
    const task = taskNamed(plan, 'a');
    expect(task.action).toBe('update');
    if (task.action !== 'update') return;
    expect(task.code).toBe('out-of-sync');
    expect(task.changedPaths).toEqual(['/data/k']);
    expect(task.diff).toContain('-  k: old');
    expect(task.diff).toContain('+  k: new');
    expect(task.reason).toBe('differs from Git in 1 field');
  });

  it('applies an object that could not be compared, saying why', () => {
    const input = inputFor({ desired: [obj('ConfigMap', 'a')] });
    const unknown: AppDiff = {
      ...input.comparison,
      resources: [
        {
          identity: input.desired[0]!.identity,
          status: 'Unknown',
          changedPaths: [],
          problems: [{ code: 'diff.live-unreadable', message: 'forbidden' }],
        },
      ],
    };
    const task = taskNamed(planSync({ ...input, comparison: unknown }), 'a');
    expect(task).toMatchObject({ action: 'update', code: 'not-compared' });
    expect(task.reason).toContain('forbidden');
  });

  it("resolves each object's sync options", () => {
    const plan = planSync(
      inputFor({
        desired: [
          obj('ConfigMap', 'a', { 'argocd.argoproj.io/sync-options': 'Replace=true,Validate=false' }),
          obj('ConfigMap', 'b'),
        ],
        app: appWith(['ServerSideApply=false']),
      }),
    );
    expect(taskNamed(plan, 'a').options).toMatchObject({
      replace: true,
      validate: false,
      serverSideApply: false,
    });
    expect(taskNamed(plan, 'b').options).toMatchObject({
      replace: false,
      validate: true,
      serverSideApply: false,
    });
  });

  it('skips an object with only generateName that is not a hook, with a warning', () => {
    const unnamed = { ...obj('ConfigMap', ''), metadata: { generateName: 'cm-', namespace: 'web' } };
    const plan = planSync(inputFor({ desired: [unnamed, obj('ConfigMap', 'a')] }));
    expect(describePlan(plan)).toContain('Sync 0: skipped ConfigMap/cm- (unnamed-object, would create)');
    expect(codes(plan)).toEqual(['sync.unnamed-object warning']);
  });

  it('stops the sync on a misspelt hook type and says so on the object', () => {
    const plan = planSync(
      inputFor({ desired: [obj('Pod', 'h', { 'argocd.argoproj.io/hook': 'Postsync' })] }),
    );
    expect(codes(plan)).toEqual(['sync.bad-hook stops-sync']);
    expect(taskNamed(plan, 'h')).toMatchObject({ action: 'skipped', code: 'hook-not-for-sync' });
    expect(taskNamed(plan, 'h').reason).toContain('"Postsync"');
  });

  it('blocks a plan only on problems that stop the sync', () => {
    const bad = obj('ConfigMap', 'a', { 'argocd.argoproj.io/sync-wave': 'x' });
    const refused = planSync(
      inputFor({ desired: [bad], live: [obj('ConfigMap', 'old')], options: { renderOk: false } }),
    );
    expect(refused.problems.map((p) => p.effect).sort()).toEqual(['stops-prune', 'stops-sync']);
    expect(blockingProblems(refused).map((p) => p.code)).toEqual(['sync.bad-wave']);
    const pruneOnly = planSync(
      inputFor({
        desired: [obj('ConfigMap', 'a')],
        live: [obj('ConfigMap', 'old')],
        options: { renderOk: false },
      }),
    );
    expect(blockingProblems(pruneOnly)).toEqual([]);
  });

  it('runs no hooks with skipHooks (the apply strategy)', () => {
    const hook = obj('Pod', 'h', { 'argocd.argoproj.io/hook': 'PreSync,PostSync' });
    const plan = planSync(inputFor({ desired: [hook, obj('ConfigMap', 'a')], options: { skipHooks: true } }));
    expect(describePlan(plan)).toEqual([
      'PreSync 0: skipped Pod/h (hooks-off, would hook)',
      'Sync 0: create ConfigMap/a',
      'PostSync 0: skipped Pod/h (hooks-off, would hook)',
    ]);
    expect(plan.partial).toBe(false);
  });

  it('counts the actions', () => {
    const plan = planSync(
      inputFor({
        desired: [
          obj('ConfigMap', 'new'),
          obj('ConfigMap', 'same'),
          obj('Pod', 'h', { 'argocd.argoproj.io/hook': 'Skip' }),
        ],
        live: [obj('ConfigMap', 'same'), obj('ConfigMap', 'gone')],
      }),
    );
    expect(plan.counts).toEqual({ create: 1, update: 0, unchanged: 1, hook: 0, prune: 1, skipped: 1 });
  });

  it('is the same plan for the same input, and plain data', () => {
    const args = {
      desired: [obj('ConfigMap', 'a'), obj('Pod', 'h', { 'argocd.argoproj.io/hook': 'PostSync' })],
      live: [obj('Secret', 's')],
    };
    const plan = planSync(inputFor(args));
    expect(planSync(inputFor(args))).toEqual(plan);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('planSync: CreateNamespace', () => {
  it.each<[string, string[], KubeObject[], string | undefined]>([
    ['on', ['CreateNamespace=true'], [obj('ConfigMap', 'a')], 'web'],
    ['off', [], [obj('ConfigMap', 'a')], undefined],
    [
      'on, but the app renders the Namespace',
      ['CreateNamespace=true'],
      [obj('Namespace', 'web'), obj('ConfigMap', 'a')],
      undefined,
    ],
  ])('%s', (_case, syncOptions, desired, ns) => {
    expect(planSync(inputFor({ desired, app: appWith(syncOptions) })).createNamespace).toBe(ns);
  });
});

describe('planSync: prune', () => {
  const keep = obj('ConfigMap', 'keep');

  it.each([
    ['render failed', { renderOk: false }, 'failed to render'],
    ['repository unreachable', { repoReachable: false }, 'could not be reached'],
  ])('refuses every prune when the %s, still applying the rest', (_case, options, fragment) => {
    const plan = planSync(inputFor({ desired: [keep], live: [keep, obj('ConfigMap', 'old')], options }));
    expect(describePlan(plan)).toEqual([
      'Sync 0: skipped ConfigMap/old (prune-refused, would prune)',
      'Sync 0: unchanged ConfigMap/keep',
    ]);
    expect(codes(plan)).toEqual(['sync.prune-refused stops-prune']);
    expect(plan.problems[0]!.message).toContain(fragment);
    expect(taskNamed(plan, 'old').reason).toContain(fragment);
  });

  it('says nothing about refusing to prune when there is nothing to prune or no prune was asked for', () => {
    expect(
      planSync(inputFor({ desired: [keep], live: [keep], options: { renderOk: false } })).problems,
    ).toEqual([]);
    const plan = planSync(inputFor({ desired: [], live: [keep], options: { prune: false } }));
    expect(plan.problems).toEqual([]);
    expect(describePlan(plan)).toEqual(['Sync 0: skipped ConfigMap/keep (prune-not-requested, would prune)']);
  });

  it('lets the sync allow an empty render when the app does not', () => {
    const plan = planSync(inputFor({ desired: [], live: [keep], options: { allowEmpty: true } }));
    expect(describePlan(plan)).toEqual(['Sync 0: prune ConfigMap/keep (foreground)']);
  });

  it('reads owners and deletion from the live object as listed, not the normalised one', () => {
    const terminating = obj('ConfigMap', 'old');
    terminating.metadata.deletionTimestamp = '2026-12-03T08:00:00Z';
    const plan = planSync(inputFor({ desired: [keep], live: [keep, terminating] }));
    expect(taskNamed(plan, 'old')).toMatchObject({ action: 'skipped', code: 'terminating' });
  });

  it('moves only prunes marked PruneLast after the last wave', () => {
    const plan = planSync(
      inputFor({
        desired: [obj('ConfigMap', 'keep', { 'argocd.argoproj.io/sync-wave': '2' })],
        live: [
          obj('ConfigMap', 'keep', { 'argocd.argoproj.io/sync-wave': '2' }),
          obj('ConfigMap', 'last', { 'argocd.argoproj.io/sync-options': 'PruneLast=true' }),
          obj('ConfigMap', 'now'),
        ],
      }),
    );
    expect(describePlan(plan)).toEqual([
      'Sync 0: prune ConfigMap/now (foreground)',
      'Sync 2: unchanged ConfigMap/keep',
      'Sync 3: prune ConfigMap/last (foreground)',
    ]);
  });

  it('uses the propagation policy of the app', () => {
    const plan = planSync(
      inputFor({
        desired: [keep],
        live: [keep, obj('ConfigMap', 'old')],
        app: appWith(['PrunePropagationPolicy=orphan']),
      }),
    );
    expect(taskNamed(plan, 'old')).toMatchObject({ action: 'prune', propagation: 'orphan' });
  });

  it('only warns about a bad wave on an object being pruned', () => {
    const plan = planSync(
      inputFor({
        desired: [keep],
        live: [keep, obj('ConfigMap', 'old', { 'argocd.argoproj.io/sync-wave': 'x' })],
      }),
    );
    expect(codes(plan)).toEqual(['sync.bad-wave warning']);
  });
});

describe('planSync: selective and out-of-sync-only syncs', () => {
  const sel = (kind: string, name: string) => ({ group: '', kind, namespace: 'web', name });

  it('prunes a selected extraneous object and leaves the others', () => {
    const plan = planSync(
      inputFor({
        desired: [obj('ConfigMap', 'keep')],
        live: [obj('ConfigMap', 'keep'), obj('ConfigMap', 'a'), obj('ConfigMap', 'b')],
        options: { resources: [sel('ConfigMap', 'a')] },
      }),
    );
    expect(describePlan(plan)).toEqual([
      'Sync 0: prune ConfigMap/a (foreground)',
      'Sync 0: skipped ConfigMap/b (not-selected, would prune)',
      'Sync 0: skipped ConfigMap/keep (not-selected, would unchanged)',
    ]);
    expect(plan.partial).toBe(true);
  });

  it('mirrors the waves of selected prunes only', () => {
    const live = [
      obj('ConfigMap', 'w0', { 'argocd.argoproj.io/sync-wave': '0' }),
      obj('ConfigMap', 'w1', { 'argocd.argoproj.io/sync-wave': '1' }),
      obj('ConfigMap', 'w5', { 'argocd.argoproj.io/sync-wave': '5' }),
    ];
    const plan = planSync(
      inputFor({
        desired: [obj('Secret', 'x')],
        live,
        options: { resources: [sel('ConfigMap', 'w0'), sel('ConfigMap', 'w1')] },
      }),
    );
    expect(taskNamed(plan, 'w0').wave).toBe(1);
    expect(taskNamed(plan, 'w1').wave).toBe(0);
  });

  it('stops the sync when a selected resource is not in the app', () => {
    const plan = planSync(
      inputFor({ desired: [obj('ConfigMap', 'a')], options: { resources: [sel('ConfigMap', 'typo')] } }),
    );
    expect(codes(plan)).toEqual(['sync.resource-not-in-app stops-sync']);
    expect(plan.problems[0]!.message).toContain('/ConfigMap/web/typo');
  });

  it("lets the sync's onlyOutOfSync override the app's", () => {
    const args = { desired: [obj('ConfigMap', 'same')], live: [obj('ConfigMap', 'same')] };
    expect(describePlan(planSync(inputFor({ ...args, options: { onlyOutOfSync: true } })))).toEqual([
      'Sync 0: skipped ConfigMap/same (in-sync, would unchanged)',
    ]);
    const plan = planSync(
      inputFor({ ...args, app: appWith(['ApplyOutOfSyncOnly=true']), options: { onlyOutOfSync: false } }),
    );
    expect(describePlan(plan)).toEqual(['Sync 0: unchanged ConfigMap/same']);
    expect(plan.onlyOutOfSync).toBe(false);
  });
});

describe('planSync: objects of another app', () => {
  const foreign = (): KubeObject => {
    const o = obj('ConfigMap', 'shared');
    o.metadata.labels = { 'flotilla.dev/app': 'other' };
    o.metadata.annotations = { 'flotilla.dev/tracking-id': 'other:/ConfigMap:web/shared' };
    return o;
  };

  it.each([
    ['warns', [], 'warning'],
    ['stops with FailOnSharedResource', ['FailOnSharedResource=true'], 'stops-sync'],
  ])('%s when a desired object is tracked by another app', (_case, syncOptions, effect) => {
    const plan = planSync(
      inputFor({ desired: [obj('ConfigMap', 'shared')], live: [foreign()], app: appWith(syncOptions) }),
    );
    expect(codes(plan)).toEqual([`sync.shared-resource ${effect}`]);
    expect(plan.problems[0]!.message).toContain('the app other');
  });
});
