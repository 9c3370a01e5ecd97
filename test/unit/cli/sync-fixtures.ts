/** Realistic plans, events and operation records for the sync command's output tests. */
import type { OperationState, SyncPlan, TaskResult } from '../../../src/engine/sync/index.js';
import { planSync } from '../../../src/engine/sync/index.js';
import { inputFor, obj } from '../engine/sync/support.js';

/** A plan with a PreSync hook, a create, an update with a diff, an unchanged object, a prune and a
 * PersistentVolumeClaim whose prune waits for a confirmation. */
export function shopPlan(options: Parameters<typeof inputFor>[0]['options'] = {}): SyncPlan {
  return planSync(
    inputFor({
      desired: [
        obj('ConfigMap', 'settings', {}, { data: { mode: 'new' } }),
        obj('ConfigMap', 'kept', {}, { data: { k: 'v' } }),
        obj('Deployment', 'api', { 'argocd.argoproj.io/sync-wave': '1' }, { spec: { replicas: 3 } }),
        obj('Job', 'migrate', { 'argocd.argoproj.io/hook': 'PreSync' }),
      ],
      live: [
        obj('ConfigMap', 'kept', {}, { data: { k: 'v' } }),
        obj('Deployment', 'api', { 'argocd.argoproj.io/sync-wave': '1' }, { spec: { replicas: 2 } }),
        obj('ConfigMap', 'old'),
        obj('PersistentVolumeClaim', 'data'),
      ],
      options,
    }),
  );
}

const identity = (kind: string, name: string, group = '', version = 'v1') => ({
  group,
  version,
  kind,
  namespace: 'web',
  name,
});

/** Task results of a sync of shopPlan that failed on the Deployment in Sync wave 1. */
export const FAILED_TASKS: TaskResult[] = [
  {
    identity: identity('Job', 'migrate', 'batch'),
    action: 'hook',
    phase: 'PreSync',
    wave: 0,
    status: 'succeeded',
  },
  { identity: identity('ConfigMap', 'old'), action: 'prune', phase: 'Sync', wave: 0, status: 'succeeded' },
  {
    identity: identity('ConfigMap', 'settings'),
    action: 'create',
    phase: 'Sync',
    wave: 0,
    status: 'succeeded',
  },
  {
    identity: identity('Deployment', 'api', 'apps'),
    action: 'update',
    phase: 'Sync',
    wave: 1,
    status: 'failed',
    message: 'admission webhook "policy.example.com" denied the request: replicas above 2',
  },
];

/** An operation record: Succeeded unless `over` says otherwise. */
export function operation(over: Partial<OperationState> = {}): OperationState {
  return {
    id: 'shop-20261203T120000Z-k3f9',
    app: 'shop',
    cluster: 'dev',
    revision: '0123456789abcdef0123456789abcdef01234567',
    initiator: { user: 'alice', host: 'ops-1', pid: 4242 },
    startedAt: '2026-12-03T12:00:00Z',
    finishedAt: '2026-12-03T12:01:05Z',
    phase: 'Succeeded',
    dryRun: false,
    prune: true,
    partial: false,
    tasks: FAILED_TASKS.map((t) => ({ ...withoutMessage(t), status: 'succeeded' })),
    ...over,
  };
}

/** A task result without its message. */
export function withoutMessage(t: TaskResult): TaskResult {
  const { message: _message, ...rest } = t;
  return rest;
}
