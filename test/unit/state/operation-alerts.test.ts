import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { operationTransitionAlerts } from '../../../src/state/alerts.js';
import { applyPatch, createFlotillaStore, createPatchCoalescer } from '../../../src/state/index.js';
import type { OperationView } from '../../../src/state/index.js';
import { isProductionCluster } from '../../../src/state/selectors/fleet.js';
import { app, clusters } from '../../fixtures/ui/fleet.js';

const op = (over: Partial<OperationView> = {}): OperationView => ({
  appId: 'dev/a',
  id: 'op-1',
  kind: 'sync',
  phase: 'Running',
  dryRun: false,
  partial: false,
  tasks: [],
  mine: true,
  ...over,
});

describe('operationTransitionAlerts', () => {
  const apps = { 'dev/a': app('a', 'dev') };

  it('a failed operation needs attention, naming app, cluster and why', () => {
    const alerts = operationTransitionAlerts(
      { 'dev/a': op() },
      [op({ phase: 'Failed', message: 'Deployment api: image pull failed' })],
      apps,
    );
    expect(alerts).toEqual([
      {
        severity: 'danger',
        text: 'sync of a on dev failed: Deployment api: image pull failed',
        app: 'dev/a',
        cluster: 'dev',
      },
    ]);
  });

  it('raises it for one of ours first seen already failed (its Running state merged away), not for an old one of another', () => {
    expect(operationTransitionAlerts({}, [op({ phase: 'Failed' })], apps)).toHaveLength(1);
    expect(operationTransitionAlerts({}, [op({ phase: 'Failed', mine: false })], apps)).toEqual([]);
  });

  it("raises it for another operator's operation seen to fail while followed", () => {
    const alerts = operationTransitionAlerts(
      { 'dev/a': op({ mine: false }) },
      [op({ phase: 'Failed', mine: false, kind: 'rollback' })],
      apps,
    );
    expect(alerts.map((a) => [a.severity, a.text])).toEqual([['danger', 'rollback of a on dev failed']]);
  });

  it('does not repeat itself when the same ended operation is sent again', () => {
    const failed = op({ phase: 'Failed', message: 'x' });
    expect(operationTransitionAlerts({ 'dev/a': failed }, [{ ...failed, message: 'y' }], apps)).toEqual([]);
  });

  it('notes a success and a refusal quietly, and says nothing while running', () => {
    const prev = { 'dev/a': op() };
    expect(operationTransitionAlerts(prev, [op({ phase: 'Succeeded' })], apps)).toEqual([
      { severity: 'info', text: 'sync of a on dev succeeded', app: 'dev/a', cluster: 'dev' },
    ]);
    expect(
      operationTransitionAlerts(
        {},
        [op({ id: undefined, phase: 'Refused', message: 'read-only mode' })],
        apps,
      ),
    ).toEqual([
      {
        severity: 'info',
        text: 'sync of a on dev was refused: read-only mode',
        app: 'dev/a',
        cluster: 'dev',
      },
    ]);
    expect(operationTransitionAlerts({}, [op()], apps)).toEqual([]);
  });
});

describe('operation patches in the store', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('raise the attention line when the operation fails', () => {
    const store = createFlotillaStore();
    applyPatch(store, { kind: 'apps', upsert: [app('a', 'dev')] });
    applyPatch(store, { kind: 'operation', operation: op() });
    expect(store.getState().alerts).toEqual([]);
    applyPatch(store, { kind: 'operation', operation: op({ phase: 'Failed', message: 'boom' }) });
    expect(store.getState().alerts.map((a) => [a.severity, a.text])).toEqual([
      ['danger', 'sync of a on dev failed: boom'],
    ]);
    expect(store.getState().operations['dev/a']?.phase).toBe('Failed');
  });

  it('go through the coalescer (newest per app wins) with plans, history, action log and rollout', () => {
    const store = createFlotillaStore();
    const c = createPatchCoalescer(store, { intervalMs: 100 });
    c.push({ kind: 'operation', operation: op({ tasks: [] }) });
    c.push({ kind: 'operation', operation: op({ step: { phase: 'Sync', wave: 2 } }) });
    c.push({ kind: 'operation', operation: op({ appId: 'dev/b' }) });
    c.push({
      kind: 'plan',
      plan: {
        appId: 'dev/a',
        status: 'loading',
        partial: false,
        tasks: [],
        counts: {},
        needsConfirmation: [],
        problems: [],
        options: { prune: false, dryRun: false, force: false, replace: false, onlyOutOfSync: false },
      },
    });
    c.push({ kind: 'history', history: { appId: 'dev/a', status: 'ready', entries: [] } });
    c.push({ kind: 'historyDiff', app: 'dev/a', diff: { id: 1, status: 'ready', resources: [] } });
    c.push({ kind: 'actionLog', log: { status: 'ready', entries: [] } });
    c.push({ kind: 'rollout', rollout: { appSet: 'web', order: 'env=a', phase: 'Running', groups: [] } });
    expect(c.size).toBe(7);
    vi.advanceTimersByTime(100);
    const st = store.getState();
    expect(st.operations['dev/a']?.step).toEqual({ phase: 'Sync', wave: 2 });
    expect(Object.keys(st.operations).sort()).toEqual(['dev/a', 'dev/b']);
    expect(st.plans['dev/a']?.status).toBe('loading');
    expect(st.history?.diff?.id).toBe(1);
    expect(st.actionLog?.status).toBe('ready');
    expect(st.rollout?.appSet).toBe('web');
  });
});

describe('isProductionCluster', () => {
  it("follows the fleet file's word, else the env label", () => {
    const base = clusters[0]!;
    expect(isProductionCluster({ ...base, labels: { env: 'dev' }, production: true })).toBe(true);
    expect(isProductionCluster({ ...base, labels: { env: 'prod' }, production: false })).toBe(false);
    expect(isProductionCluster({ ...base, labels: { env: 'production' } })).toBe(true);
    expect(isProductionCluster({ ...base, labels: {} })).toBe(false);
  });
});
