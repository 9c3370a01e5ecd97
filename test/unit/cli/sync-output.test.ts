/** What `flotilla sync` prints for plans, events and outcomes (the format the README and docs/sync.md show). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SyncProgress,
  WAITING_REPEAT_MS,
  formatElapsed,
  formatHeader,
  formatPlan,
  formatRefusal,
  formatResult,
  formatTaskResult,
  formatTerminate,
  syncJson,
  type OutputStyle,
} from '../../../src/cli/sync-output.js';
import type { LockHolder, SyncEvent, TaskResult } from '../../../src/engine/sync/index.js';
import { planSync } from '../../../src/engine/sync/index.js';
import { CLEAR, OSC52, OSC8, RLO, UNSAFE_CHAR, hostileString } from '../../support/hostile-text.js';
import { inputFor, obj } from '../engine/sync/support.js';
import { FAILED_TASKS, operation, shopPlan, withoutMessage } from './sync-fixtures.js';

const GLYPHS: OutputStyle = { glyphs: true, diff: false };
const PLAIN: OutputStyle = { glyphs: false, diff: false };

const holder: LockHolder = {
  holder: 'bob@ops-2 (pid 77)',
  since: '2026-12-03T11:58:00Z',
  operation: operation({ id: 'shop-op-bob', phase: 'Running', step: { phase: 'Sync', wave: 1 } }),
};

describe('formatHeader', () => {
  it('names the app, where it goes and how', () => {
    expect(
      formatHeader(
        'shop',
        { cluster: 'dev', namespace: 'web' },
        { dryRun: true, prune: true, force: false, replace: false },
      ),
    ).toBe('shop → dev/web (dry run, prune)');
    expect(
      formatHeader(
        'shop',
        { cluster: 'dev', namespace: 'web' },
        { dryRun: false, prune: false, force: false, replace: false },
      ),
    ).toBe('shop → dev/web');
  });
});

describe('formatPlan', () => {
  it('lists each phase and wave with action, object and reason, then the prunes waiting for a token', () => {
    expect(formatPlan(shopPlan(), GLYPHS)).toEqual([
      'plan at 0123456: 1 create, 1 update, 1 prune, 1 hook, 1 unchanged, 1 skipped',
      '  PreSync wave 0',
      '    hook      Job/web/migrate                 PreSync hook',
      '  Sync wave 0',
      '    prune     ConfigMap/web/old               no longer in Git',
      '    skipped   PersistentVolumeClaim/web/data  deleting a PersistentVolumeClaim needs confirmation (PersistentVolumeClaim/web/data)',
      '    create    ConfigMap/web/settings          not on the cluster yet',
      '  Sync wave 1',
      '    update    Deployment/web/api              differs from Git in 1 field',
      '  not listed: 1 unchanged',
      'not pruned until confirmed (sync again with --prune and the option shown):',
      '  PersistentVolumeClaim/web/data  --confirm-prune PersistentVolumeClaim/web/data',
    ]);
  });

  it("shows an update's diff under it when asked", () => {
    const lines = formatPlan(shopPlan(), { glyphs: true, diff: true });
    const at = lines.indexOf('    update    Deployment/web/api              differs from Git in 1 field');
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '      --- live/apps/Deployment/web/api',
      '      +++ desired/apps/Deployment/web/api',
    ]);
    expect(lines).toContain('      -  replicas: 2');
    expect(lines).toContain('      +  replicas: 3');
  });

  it('says what each plan problem stops, with its hint', () => {
    const lines = formatPlan(shopPlan({ renderOk: false }), GLYPHS);
    expect(lines.slice(lines.indexOf('plan problems:'))).toEqual([
      'plan problems:',
      "  stops pruning: Nothing is pruned: the app's manifests failed to render.",
      '    Fix the render error (see `flotilla render`) and sync again.',
    ]);
  });

  it('says a selective sync is partial and counts what it leaves out', () => {
    const plan = shopPlan({
      resources: [{ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' }],
    });
    expect(formatPlan(plan, GLYPHS)).toEqual([
      'plan at 0123456: 1 create, 5 skipped',
      '  partial: only the selected resources, and no hooks',
      '  PreSync wave 0',
      '    skipped   Job/web/migrate         hooks do not run when only some resources are synced',
      '  Sync wave 0',
      '    create    ConfigMap/web/settings  not on the cluster yet',
      '  not listed: 4 not selected',
    ]);
  });

  it('says when there is nothing to do', () => {
    const plan = planSync(inputFor({ desired: [], options: { prune: false } }));
    expect(formatPlan(plan, GLYPHS)[0]).toBe('plan at 0123456: nothing to do');
  });
});

describe('SyncProgress', () => {
  const task = (status: TaskResult['status'], message?: string): SyncEvent => ({
    type: 'task',
    result: { ...withoutMessage(FAILED_TASKS[3]!), status, ...(message ? { message } : {}) },
  });

  it('prints steps and finished tasks with marks on a terminal, plain words elsewhere', () => {
    const glyphs = new SyncProgress(GLYPHS, () => 0);
    const plain = new SyncProgress(PLAIN, () => 0);
    const events: SyncEvent[] = [
      { type: 'step', phase: 'Sync', wave: 1 },
      task('running'),
      task('succeeded'),
      task('failed', 'quota exceeded'),
    ];
    expect(events.flatMap((e) => glyphs.linesFor(e))).toEqual([
      'Sync wave 1',
      '  ✓ update    Deployment/web/api',
      '  ✗ update    Deployment/web/api: quota exceeded',
    ]);
    expect(events.flatMap((e) => plain.linesFor(e))).toEqual([
      'Sync wave 1',
      '  ok     update    Deployment/web/api',
      '  FAILED update    Deployment/web/api: quota exceeded',
    ]);
  });

  it('prints nothing for the plan, the lock being taken and the end (they are printed apart)', () => {
    const p = new SyncProgress(GLYPHS, () => 0);
    expect(p.linesFor({ type: 'plan', plan: shopPlan() })).toEqual([]);
    expect(p.linesFor({ type: 'locked', holder: 'alice' })).toEqual([]);
    expect(p.linesFor({ type: 'done', state: operation() })).toEqual([]);
  });

  it('holds back a repeated waiting line until what it waits on changes or the repeat time passes', () => {
    let now = 1_000;
    const p = new SyncProgress(PLAIN, () => now);
    const wait = (on: string[]): string[] => p.linesFor({ type: 'waiting', phase: 'Sync', wave: 1, on });
    expect(wait(['Deployment/web/api'])).toEqual(['  waiting waiting for Deployment/web/api']);
    now += WAITING_REPEAT_MS - 1;
    expect(wait(['Deployment/web/api'])).toEqual([]);
    expect(wait(['Deployment/web/api', 'Job/web/seed'])).toEqual([
      '  waiting waiting for Deployment/web/api, Job/web/seed',
    ]);
    now += WAITING_REPEAT_MS;
    expect(wait(['Deployment/web/api', 'Job/web/seed'])).toHaveLength(1);
    // A new step starts afresh: the same wait in the next wave is news.
    p.linesFor({ type: 'step', phase: 'Sync', wave: 2 });
    expect(wait(['Deployment/web/api', 'Job/web/seed'])).toHaveLength(1);
  });

  it('names only the first five awaited objects', () => {
    const p = new SyncProgress(GLYPHS, () => 0);
    const on = Array.from({ length: 8 }, (_, i) => `Pod/web/p${i}`);
    expect(p.linesFor({ type: 'waiting', phase: 'Sync', wave: 0, on })).toEqual([
      '  … waiting for Pod/web/p0, Pod/web/p1, Pod/web/p2, Pod/web/p3, Pod/web/p4 and 3 more',
    ]);
  });

  it('says who holds the lock it waits for', () => {
    const p = new SyncProgress(GLYPHS, () => 0);
    expect(p.linesFor({ type: 'lock-wait', holder })).toEqual([
      'waiting for the lock: held by bob@ops-2 (pid 77) since 2026-12-03T11:58:00Z (operation shop-op-bob, at Sync wave 1)',
    ]);
    expect(p.linesFor({ type: 'lock-wait', holder })).toEqual([]);
  });

  it("reports the server's dry run: every object accepted, or each refusal", () => {
    const p = new SyncProgress(GLYPHS, () => 0);
    expect(p.linesFor({ type: 'dry-run', failures: [] })).toEqual([
      'server-side dry run: every object accepted',
    ]);
    expect(
      p.linesFor({
        type: 'dry-run',
        failures: [{ identity: FAILED_TASKS[3]!.identity, message: 'spec.replicas: Invalid value: -1' }],
      }),
    ).toEqual([
      'server-side dry run: 1 object refused',
      '  ✗ Deployment/web/api: spec.replicas: Invalid value: -1',
    ]);
  });

  it('shows an interrupted previous operation with the steps it had done', () => {
    const previous = operation({
      id: 'shop-op-old',
      phase: 'Interrupted',
      step: { phase: 'Sync', wave: 0 },
      tasks: FAILED_TASKS.map((t, i) => ({ ...t, status: i < 2 ? 'succeeded' : 'pending' })),
    });
    expect(new SyncProgress(GLYPHS, () => 0).linesFor({ type: 'interrupted', previous })).toEqual([
      'the previous operation shop-op-old (started by alice@ops-1 at 2026-12-03T12:00:00Z) was interrupted at Sync wave 0; its steps:',
      '  ✓ hook      Job/web/migrate',
      '  ✓ prune     ConfigMap/web/old',
      '  2 tasks not done',
    ]);
  });
});

describe('formatResult', () => {
  it('says Succeeded, how long it took and what was done', () => {
    expect(formatResult(operation(), GLYPHS)).toEqual([
      'shop: Succeeded (in 1m05s, operation shop-20261203T120000Z-k3f9, 2 applied, 1 hook, 1 pruned)',
    ]);
  });

  it('names the step and the object that failed, with its message', () => {
    const state = operation({
      phase: 'Failed',
      step: { phase: 'Sync', wave: 1 },
      message: 'one or more objects failed to apply',
      tasks: FAILED_TASKS,
    });
    expect(formatResult(state, PLAIN)).toEqual([
      'shop: Failed at Sync wave 1 (in 1m05s, operation shop-20261203T120000Z-k3f9, 1 applied, 1 hook, 1 pruned)',
      '  FAILED update    Deployment/web/api: admission webhook "policy.example.com" denied the request: replicas above 2',
      '  one or more objects failed to apply',
    ]);
  });

  it('says a dry run changed nothing and a partial sync was partial', () => {
    expect(formatResult(operation({ dryRun: true, partial: true }), GLYPHS)[0]).toBe(
      'shop: Succeeded (in 1m05s, operation shop-20261203T120000Z-k3f9, dry run: nothing was changed, partial: only the selected resources)',
    );
  });

  it('says who stopped a terminated operation', () => {
    const lines = formatResult(
      operation({
        phase: 'Failed',
        step: { phase: 'PreSync', wave: 0 },
        terminate: { by: 'carol@ops-3', at: '2026-12-03T12:00:30Z' },
      }),
      GLYPHS,
    );
    expect(lines).toContain('  stopped at the request of carol@ops-3 at 2026-12-03T12:00:30Z');
  });

  it('writes elapsed times in seconds, minutes or hours', () => {
    const at = (finishedAt: string) => formatElapsed({ startedAt: '2026-12-03T12:00:00Z', finishedAt });
    expect(at('2026-12-03T12:00:09Z')).toBe('9s');
    expect(at('2026-12-03T13:02:00Z')).toBe('1h02m');
    expect(formatElapsed({ startedAt: '2026-12-03T12:00:00Z' })).toBe('');
  });
});

describe('formatRefusal', () => {
  it('names the lock holder and since when', () => {
    expect(
      formatRefusal('shop', {
        started: false,
        problems: [
          {
            code: 'sync.locked',
            message: 'Another operation is running on shop.',
            hint: 'Wait for it (--wait-lock) or stop it (flotilla terminate shop).',
          },
        ],
        holder,
      }),
    ).toEqual([
      'shop: not started',
      '  Another operation is running on shop.',
      '    Wait for it (--wait-lock) or stop it (flotilla terminate shop).',
      '  the lock is held by bob@ops-2 (pid 77) since 2026-12-03T11:58:00Z (operation shop-op-bob, at Sync wave 1)',
    ]);
  });

  it('masks credentials in problems', () => {
    const lines = formatRefusal('shop', {
      started: false,
      problems: [
        { code: 'sync.forbidden', message: 'https://bob:hunter2@k8s.example.com refused the identity' },
      ],
    });
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});

describe('formatTerminate', () => {
  it('names the operation that will stop, who started it and who asked', () => {
    const state = operation({
      phase: 'Running',
      step: { phase: 'Sync', wave: 1 },
      terminate: { by: 'carol@ops-3', at: '2026-12-03T12:00:30Z' },
    });
    expect(formatTerminate(state)).toEqual([
      'shop: operation shop-20261203T120000Z-k3f9 will stop at the request of carol@ops-3',
      '  started by alice@ops-1 (pid 4242) at 2026-12-03T12:00:00Z, now at Sync wave 1',
      '  running hooks are deleted and the operation ends Failed',
    ]);
  });
});

describe('syncJson', () => {
  it('carries the plan without any object, so no Secret value is printed', () => {
    const plan = planSync(
      inputFor({ desired: [obj('Secret', 'creds', {}, { data: { password: 'aHVudGVyMg==' } })] }),
    );
    const doc = syncJson('shop', plan, { started: true, state: operation() });
    const text = JSON.stringify(doc);
    expect(text).not.toContain('aHVudGVyMg==');
    expect(text).not.toContain('"object"');
    expect(doc).toMatchObject({ app: 'shop', result: 'Succeeded', problems: [], holder: null });
    expect(JSON.parse(text).plan.phases[0].waves[0].tasks[0]).toMatchObject({
      action: 'create',
      identity: { kind: 'Secret', name: 'creds' },
    });
  });

  it('says Refused with the problems and the holder, and NotAttempted for apps never reached', () => {
    const problems = [{ code: 'sync.read-only', message: 'Read-only mode: nothing is synced.' }];
    expect(syncJson('shop', undefined, { started: false, problems, holder })).toMatchObject({
      result: 'Refused',
      plan: null,
      state: null,
      problems,
      holder: { holder: 'bob@ops-2 (pid 77)' },
    });
    expect(syncJson('web', undefined, undefined)).toEqual({
      app: 'web',
      result: 'NotAttempted',
      plan: null,
      state: null,
      problems: [],
      holder: null,
      interrupted: null,
      warnings: [],
    });
  });

  it('names the previous operation when it was interrupted, so a pipeline learns it was cut off', () => {
    const previous = { ...operation(), phase: 'Interrupted' as const, id: 'shop-before' };
    const doc = syncJson('shop', undefined, { started: true, state: operation(), interrupted: previous });
    expect(doc.interrupted).toMatchObject({ id: 'shop-before', phase: 'Interrupted' });
    expect(syncJson('shop', undefined, { started: true, state: operation() }).interrupted).toBeNull();
  });
});

describe('hostile text from Git and clusters', () => {
  const style = fc.constantFrom(GLYPHS, PLAIN, { glyphs: true, diff: true });

  it('never reaches the terminal raw in task results, results, refusals and terminations', () => {
    fc.assert(
      fc.property(hostileString(), hostileString(), style, (name, message, s) => {
        const tasks: TaskResult[] = FAILED_TASKS.map((t) => ({
          ...t,
          identity: { ...t.identity, name },
          message,
        }));
        const state = operation({
          app: name,
          id: message,
          phase: 'Failed',
          message,
          tasks,
          initiator: { user: name, host: message, pid: 1 },
          terminate: { by: name, at: message },
        });
        const lines = [
          ...tasks.map((t) => formatTaskResult(t, s)),
          ...formatResult(state, s),
          ...formatTerminate(state),
          ...formatRefusal(name, {
            started: false,
            problems: [{ code: 'x', message, hint: name }],
            holder: { holder: name, since: message, operation: state },
          }),
          ...new SyncProgress(s, () => 0).linesFor({ type: 'interrupted', previous: state }),
          ...new SyncProgress(s, () => 0).linesFor({
            type: 'waiting',
            phase: 'Sync',
            wave: 0,
            on: [name, message],
          }),
          ...new SyncProgress(s, () => 0).linesFor({
            type: 'dry-run',
            failures: [{ identity: tasks[0]!.identity, message }],
          }),
        ];
        for (const line of lines) expect(line).not.toMatch(UNSAFE_CHAR);
      }),
    );
  });

  it('never reaches the terminal raw from a plan: names, reasons, diffs and tokens', () => {
    const evil = `x${OSC52}${CLEAR}`;
    const plan = shopPlan();
    const wave = plan.phases[1]!.waves[0]!;
    wave.tasks = wave.tasks.map((t) => ({
      ...t,
      identity: { ...t.identity, name: `${t.identity.name}${OSC8}` },
      reason: `${t.reason}${RLO}${evil}`,
    }));
    const update = plan.phases[1]!.waves[1]!.tasks[0]!;
    if (update.action === 'update') update.diff = `${update.diff}\n+  note: ${evil}\n`;
    plan.needsConfirmation = plan.needsConfirmation.map((c) => ({ ...c, token: `${c.token}${evil}` }));
    plan.problems = [{ code: 'x', effect: 'warning', message: evil, hint: evil }];
    const lines = formatPlan(plan, { glyphs: true, diff: true });
    for (const line of lines) expect(line).not.toMatch(UNSAFE_CHAR);
    expect(lines.join('\n')).toContain('\\x1b]52;');
  });
});
