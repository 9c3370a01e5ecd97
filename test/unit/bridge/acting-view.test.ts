import { describe, expect, it } from 'vitest';
import {
  actionLogView,
  failedActingPatch,
  historyDiffView,
  historyView,
  loadingPlan,
  operationView,
  planView,
  redactOperation,
  rolloutView,
} from '../../../src/bridge/acting-view.js';
import { toPatch } from '../../../src/bridge/bridge.js';
import type { OperationWire, PlanWire } from '../../../src/engine/workers/wire.js';
import type { SyncOptionsView } from '../../../src/state/index.js';

const options: SyncOptionsView = {
  prune: true,
  dryRun: false,
  force: false,
  replace: false,
  onlyOutOfSync: false,
};
const cm = (name: string) => ({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name });
const ns = { group: '', version: 'v1', kind: 'Namespace', namespace: '', name: 'old' };

const plan: PlanWire = {
  revision: 'abc123',
  partial: false,
  tasks: [
    { identity: cm('settings'), action: 'update', phase: 'Sync', wave: 0 },
    { identity: ns, action: 'skipped', phase: 'Sync', wave: 0, note: 'needs a confirmation' },
  ],
  counts: { create: 0, update: 1, unchanged: 0, hook: 0, prune: 0, skipped: 1 },
  needsConfirmation: ['Namespace/old'],
  problems: [],
};

const op: OperationWire = {
  app: 'web',
  id: 'web-1',
  kind: 'sync',
  phase: 'Running',
  revision: 'abc123',
  initiator: 'alice@ops-1',
  startedAt: 1_000,
  step: { phase: 'Sync', wave: 1 },
  waitingOn: ['Deployment/api'],
  dryRun: false,
  partial: false,
  tasks: [{ identity: cm('settings'), action: 'update', phase: 'Sync', wave: 0, status: 'succeeded' }],
  mine: true,
};

describe('planView', () => {
  it('keys tasks as the app rows do, keeps only counts that happen, and the options it answers', () => {
    const v = planView('web', options, plan, undefined);
    expect(v).toMatchObject({ appId: 'web', status: 'ready', revision: 'abc123', options });
    expect(v.tasks.map((t) => t.key)).toEqual(['/ConfigMap/web/settings', '/Namespace//old']);
    expect(v.tasks[1]).toEqual({
      key: '/Namespace//old',
      kind: 'Namespace',
      name: 'old',
      action: 'skipped',
      phase: 'Sync',
      wave: 0,
      note: 'needs a confirmation',
    });
    expect(v.counts).toEqual({ update: 1, skipped: 1 });
    expect(v.needsConfirmation).toEqual(['Namespace/old']);
  });

  it('is an error with the reason when no plan came back', () => {
    expect(planView('web', options, undefined, 'Cluster one cannot be reached')).toMatchObject({
      status: 'error',
      error: 'Cluster one cannot be reached',
      tasks: [],
      options,
    });
    expect(loadingPlan('web', options).status).toBe('loading');
  });
});

describe('operationView', () => {
  it('carries phase, step, what it waits on and each task by key', () => {
    const v = operationView(op);
    expect(v).toMatchObject({
      appId: 'web',
      id: 'web-1',
      phase: 'Running',
      step: { phase: 'Sync', wave: 1 },
      waitingOn: ['Deployment/api'],
      initiator: 'alice@ops-1',
      mine: true,
    });
    expect(v.tasks).toEqual([
      {
        key: '/ConfigMap/web/settings',
        kind: 'ConfigMap',
        namespace: 'web',
        name: 'settings',
        action: 'update',
        phase: 'Sync',
        wave: 0,
        status: 'succeeded',
      },
    ]);
  });

  it('a refusal has no id and says why', () => {
    const refused = operationView({
      ...op,
      id: undefined,
      phase: 'Refused',
      message: 'read-only',
      tasks: [],
    });
    expect(refused.id).toBeUndefined();
    expect(refused).toMatchObject({ phase: 'Refused', message: 'read-only' });
  });

  it('masks credentials in its messages and makes them terminal-safe on the way to the store', () => {
    const leaky = { ...op, message: 'GET https://bob:hunter2@git.example failed', tasks: [] };
    expect(redactOperation(leaky).message).not.toContain('hunter2');
    const patch = toPatch({ type: 'operation', operation: { ...op, message: 'bad\u001b[2Jtext' } });
    expect(patch?.kind).toBe('operation');
    expect(JSON.stringify(patch)).not.toContain('\u001b');
  });
});

describe('historyView', () => {
  const entry = {
    id: 4,
    operationId: 'op-4',
    kind: 'rollback' as const,
    revision: 'abc123',
    commit: { subject: 'fix', author: 'Dana <d@x>', date: '2026-12-01T00:00:00Z' },
    startedAt: '2026-12-03T10:00:00Z',
    finishedAt: '2026-12-03T10:01:00Z',
    initiator: { user: 'alice', host: 'ops-1' },
    result: 'Succeeded' as const,
    partial: false,
    prune: false,
    manifestDigest: 'sha256:0',
    applied: 1,
    pruned: 0,
    attempts: 1,
    rollbackOf: 2,
  };

  it('turns entries and the pause into rows with epoch times', () => {
    const v = historyView(
      'web',
      {
        history: [entry],
        pause: {
          by: 'alice',
          host: 'ops-1',
          at: '2026-12-03T10:00:00Z',
          reason: 'rollback to #2',
          source: 'rollback',
          revision: 'abc123',
        },
      },
      undefined,
    );
    expect(v.entries).toEqual([
      {
        id: 4,
        sha: 'abc123',
        subject: 'fix',
        author: 'Dana <d@x>',
        deployedAt: Date.parse('2026-12-03T10:01:00Z'),
        initiator: 'alice@ops-1',
        kind: 'rollback',
        result: 'Succeeded',
        partial: false,
        attempts: 1,
        rollbackOf: 2,
      },
    ]);
    expect(v.pause).toEqual({
      by: 'alice@ops-1',
      at: Date.parse('2026-12-03T10:00:00Z'),
      reason: 'rollback to #2',
      revision: 'abc123',
    });
  });

  it('is an error when the record could not be read', () => {
    expect(historyView('web', undefined, 'forbidden')).toEqual({
      appId: 'web',
      status: 'error',
      error: 'forbidden',
      entries: [],
    });
  });
});

describe('historyDiffView', () => {
  it('splits each change into lines and says what is worth knowing', () => {
    const v = historyDiffView(
      3,
      {
        changes: [{ identity: cm('settings'), change: 'changed', diff: '--- a\n+++ b\n-x\n+y\n' }],
        warnings: ['the re-render no longer matches the recorded digest'],
      },
      undefined,
    );
    expect(v.resources).toEqual([
      {
        key: '/ConfigMap/web/settings',
        kind: 'ConfigMap',
        namespace: 'web',
        name: 'settings',
        lines: ['--- a', '+++ b', '-x', '+y'],
      },
    ]);
    expect(v).toMatchObject({
      id: 3,
      status: 'ready',
      error: 'the re-render no longer matches the recorded digest',
    });
    expect(historyDiffView(3, undefined, 'no entry 3')).toMatchObject({
      status: 'error',
      error: 'no entry 3',
    });
  });
});

describe('actionLogView', () => {
  it('keeps the order and the fields the pane shows', () => {
    const v = actionLogView(
      [
        {
          time: 2,
          user: 'u',
          cluster: 'one',
          app: 'web',
          verb: 'patch',
          object: 'configmaps web/settings',
          result: 'ok',
        },
        {
          time: 1,
          user: 'u',
          cluster: 'one',
          verb: 'delete',
          object: 'pods web/x',
          result: 'failed 409',
          message: 'conflict',
        },
      ],
      undefined,
    );
    expect(v.status).toBe('ready');
    expect(v.entries.map((e) => e.time)).toEqual([2, 1]);
    expect(v.entries[1]).toEqual({
      time: 1,
      cluster: 'one',
      verb: 'delete',
      object: 'pods web/x',
      result: 'failed 409',
      message: 'conflict',
    });
    expect(actionLogView(undefined, 'EACCES')).toEqual({ status: 'error', error: 'EACCES', entries: [] });
  });
});

describe('rolloutView', () => {
  it('maps app states and shows an interrupted rollout as stopped', () => {
    const v = rolloutView({
      appSet: 'web',
      order: 'env=staging,prod',
      phase: 'Interrupted',
      groups: [
        {
          value: 'staging',
          phase: 'Failed',
          apps: [
            { app: 'web-a', cluster: 'a', state: 'Succeeded' },
            { app: 'web-b', cluster: 'b', state: 'Refused', message: 'read-only' },
          ],
        },
        { value: 'prod', phase: 'NotStarted', apps: [{ app: 'web-c', cluster: 'c', state: 'NotStarted' }] },
      ],
    });
    expect(v.phase).toBe('Stopped');
    expect(v.message).toMatch(/stopped answering/);
    expect(v.groups.map((g) => g.apps.map((a) => a.state))).toEqual([['succeeded', 'failed'], ['skipped']]);
    expect(v.groups[0]!.apps[1]).toEqual({ appId: 'web-b', state: 'failed', message: 'read-only' });
  });
});

describe('failedActingPatch', () => {
  const state = {
    plans: { web: loadingPlan('web', options) },
    history: {
      appId: 'web',
      status: 'ready' as const,
      entries: [],
      diff: { id: 2, status: 'loading' as const, resources: [] },
    },
    actionLog: undefined,
  };

  it('turns what a pane waits for into an error, and a sync into a refusal saying why', () => {
    const why = 'the monitor is not running (restarting in 2 s)';
    expect(failedActingPatch('plan', 'web', why, state)).toMatchObject({
      kind: 'plan',
      plan: { appId: 'web', status: 'error', error: why, options },
    });
    expect(failedActingPatch('sync', 'web', why, state)).toMatchObject({
      kind: 'operation',
      operation: { appId: 'web', kind: 'sync', phase: 'Refused', message: why, mine: true },
    });
    expect(failedActingPatch('historyDiff', 'web', why, state)).toMatchObject({
      kind: 'historyDiff',
      diff: { id: 2, status: 'error', error: why },
    });
    expect(failedActingPatch('actionLog', undefined, why, state)).toMatchObject({
      kind: 'actionLog',
      log: { status: 'error', error: why },
    });
  });

  it('leaves the rest to an alert (and a plan nobody waits for alone)', () => {
    expect(failedActingPatch('terminate', 'web', 'x', state)).toBeUndefined();
    expect(failedActingPatch('plan', 'other', 'x', state)).toBeUndefined();
    expect(failedActingPatch('detail', 'web', 'x', state)).toBeUndefined();
  });
});
