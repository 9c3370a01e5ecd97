import { describe, expect, it } from 'vitest';
import type { Health, HealthStatus, ResourceHealth } from '../../../../src/engine/health/index.js';
import {
  appHealth,
  assessHealth,
  clusterHealth,
  countStatuses,
  fleetHealth,
  formatCounts,
  hasKindHealthRule,
  healthOrder,
  isHealthIgnored,
  isWorse,
  resourceHealth,
  worstStatus,
} from '../../../../src/engine/health/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';

function res(
  name: string,
  status: HealthStatus | null,
  message = `${name} says ${status}`,
  kind = 'Deployment',
): ResourceHealth {
  const health: Health | null = status === null ? null : { status, message };
  return { id: { group: 'apps', version: 'v1', kind, namespace: 'shop', name }, health };
}

describe('status order', () => {
  it('goes Healthy < Suspended < Progressing < Missing < Degraded < Unknown', () => {
    expect(healthOrder).toEqual(['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown']);
    expect(isWorse('Progressing', 'Suspended')).toBe(true);
    expect(isWorse('Suspended', 'Healthy')).toBe(true);
    expect(isWorse('Unknown', 'Degraded')).toBe(true);
    expect(isWorse('Healthy', 'Healthy')).toBe(false);
  });

  it('picks the worst, or null for nothing', () => {
    expect(worstStatus(['Healthy', 'Degraded', 'Progressing'])).toBe('Degraded');
    expect(worstStatus([])).toBeNull();
  });
});

describe('appHealth', () => {
  it('is Healthy when every resource is', () => {
    const app = appHealth([res('a', 'Healthy'), res('b', 'Healthy')]);
    expect(app).toMatchObject({ status: 'Healthy', message: '2 of 2 resources healthy', causes: [] });
    expect(app.counts.Healthy).toBe(2);
  });

  it('takes the worst status and names the resources that have it', () => {
    const app = appHealth([
      res('a', 'Healthy'),
      res('b', 'Progressing'),
      res('c', 'Degraded', 'CrashLoopBackOff'),
      res('d', 'Suspended'),
    ]);
    expect(app.status).toBe('Degraded');
    expect(app.message).toBe('Deployment shop/c: CrashLoopBackOff');
    expect(app.causes.map((c) => c.id.name)).toEqual(['c']);
    expect(app.counts).toMatchObject({ Healthy: 1, Progressing: 1, Degraded: 1, Suspended: 1 });
  });

  it('ranks Progressing above Suspended and Unknown above Degraded', () => {
    expect(appHealth([res('a', 'Suspended'), res('b', 'Progressing')]).status).toBe('Progressing');
    expect(appHealth([res('a', 'Suspended'), res('b', 'Healthy')]).status).toBe('Suspended');
    expect(appHealth([res('a', 'Degraded'), res('b', 'Unknown')]).status).toBe('Unknown');
  });

  it('names at most three causes', () => {
    const app = appHealth(['a', 'b', 'c', 'd', 'e'].map((n) => res(n, 'Progressing', 'waiting')));
    expect(app.message).toBe(
      'Deployment shop/a: waiting; Deployment shop/b: waiting; Deployment shop/c: waiting and 2 more',
    );
    expect(app.causes).toHaveLength(5);
  });

  it('leaves resources without health out', () => {
    const app = appHealth([res('cfg', null, '', 'ConfigMap'), res('a', 'Healthy')]);
    expect(app.status).toBe('Healthy');
    expect(app.message).toBe('1 of 1 resources healthy');
  });

  it('does not let a Missing resource lower the app (Argo CD 3.4)', () => {
    const app = appHealth([res('a', 'Healthy'), res('b', 'Missing')]);
    expect(app.status).toBe('Healthy');
    expect(app.message).toBe('1 of 1 resources healthy; 1 missing');
    expect(app.counts.Missing).toBe(1);
    expect(appHealth([res('a', 'Progressing'), res('b', 'Missing')]).status).toBe('Progressing');
  });

  it('is Missing when none of its resources exist', () => {
    const app = appHealth([res('a', 'Missing'), res('b', 'Missing')]);
    expect(app).toMatchObject({ status: 'Missing', message: 'None of the 2 resources exist on the cluster' });
  });

  it('is not Missing when a live resource has no health', () => {
    const app = appHealth([res('cfg', null, '', 'ConfigMap'), res('a', 'Missing')]);
    expect(app).toMatchObject({ status: 'Healthy', message: 'No resources report health; 1 missing' });
  });

  it('is Healthy with no resources', () => {
    expect(appHealth([])).toMatchObject({ status: 'Healthy', message: 'No resources report health' });
  });
});

describe('resourceHealth and assessHealth', () => {
  const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };

  it('is Missing for an object that is not live, whatever its kind', () => {
    expect(resourceHealth(undefined)).toEqual({ status: 'Missing', message: 'Not found on the cluster' });
    expect(resourceHealth(null)?.status).toBe('Missing');
    expect(resourceHealth(configMap)).toBeNull();
  });

  it('turns a rule that throws into Unknown instead of throwing', () => {
    const broken: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } };
    Object.defineProperty(broken, 'spec', {
      get() {
        throw new Error('unreadable spec');
      },
    });
    expect(assessHealth(broken)).toEqual({
      status: 'Unknown',
      message: 'Health check failed: unreadable spec',
    });
  });

  it('knows which kinds have a rule of their own', () => {
    expect(hasKindHealthRule('apps/v1', 'Deployment')).toBe(true);
    expect(hasKindHealthRule('argoproj.io/v1alpha1', 'Rollout')).toBe(true);
    expect(hasKindHealthRule('v1', 'ConfigMap')).toBe(false);
    expect(hasKindHealthRule('cert-manager.io/v1', 'Certificate')).toBe(false);
  });

  it('honours argocd.argoproj.io/ignore-healthcheck', () => {
    expect(
      isHealthIgnored({
        ...configMap,
        metadata: { name: 'c', annotations: { 'argocd.argoproj.io/ignore-healthcheck': 'true' } },
      }),
    ).toBe(true);
    expect(isHealthIgnored(configMap)).toBe(false);
  });
});

describe('cluster and fleet roll-ups', () => {
  it('counts apps per status and keeps the worst', () => {
    const cluster = clusterHealth([
      { status: 'Healthy' },
      { status: 'Healthy' },
      { status: 'Missing' },
      { status: 'Progressing' },
    ]);
    expect(cluster.status).toBe('Missing');
    expect(cluster.total).toBe(4);
    expect(cluster.counts).toEqual({
      Healthy: 2,
      Suspended: 0,
      Progressing: 1,
      Missing: 1,
      Degraded: 0,
      Unknown: 0,
    });
  });

  it('has no status for an empty cluster or fleet', () => {
    expect(clusterHealth([])).toMatchObject({ status: null, total: 0 });
    expect(fleetHealth([])).toMatchObject({ status: null, total: 0 });
  });

  it('sums clusters into the fleet', () => {
    const a = clusterHealth([{ status: 'Healthy' }, { status: 'Degraded' }]);
    const b = clusterHealth([{ status: 'Unknown' }, { status: 'Healthy' }]);
    const empty = clusterHealth([]);
    const fleet = fleetHealth([a, empty, b]);
    expect(fleet.status).toBe('Unknown');
    expect(fleet.total).toBe(4);
    expect(fleet.counts).toMatchObject({ Healthy: 2, Degraded: 1, Unknown: 1 });
  });

  it('formats counts worst first, leaving out zeros', () => {
    expect(formatCounts(countStatuses(['Healthy', 'Degraded', 'Healthy', 'Suspended']))).toBe(
      '1 Degraded, 1 Suspended, 2 Healthy',
    );
    expect(formatCounts(countStatuses([]))).toBe('');
  });
});
