/**
 * A repository written for Argo CD (plain manifests, a Kustomize overlay, a Helm chart with Helm and Argo CD
 * hooks and waves -1 to 2) syncs to Synced and Healthy, writing its objects in the order Argo CD would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMark, auditSince, describeWrites, byFlotilla, writesIn } from '../../support/audit-log.js';
import { Scenario, getObject, unsettled } from '../../support/scenario.js';
import { explain, syncApp } from '../../support/sync.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'argo-repo');

function filesUnder(root: string, dir = root): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, filesUnder(root, path));
    else out[relative(root, path)] = readFileSync(path, 'utf8');
  }
  return out;
}

const s = new Scenario('argo');
const apps = {
  plain: { name: s.name('argo-plain'), ns: s.name('sync-argo-plain'), path: 'apps/plain', extra: '' },
  kustomize: {
    name: s.name('argo-kustomize'),
    ns: s.name('sync-argo-kustomize'),
    path: 'apps/kustomize/overlays/prod',
    extra: '',
  },
  chart: {
    name: s.name('argo-chart'),
    ns: s.name('sync-argo-chart'),
    path: 'apps/chart',
    extra: '    helm: { releaseName: shop }\n',
  },
};

/**
 * Argo CD's order, worked out by hand: phase (PreSync, Sync, PostSync), then wave (sync-wave, else Helm's
 * hook-weight, else 0), then kind (Secret < ConfigMap < ServiceAccount < Service < Deployment < Job),
 * then name. A HookSucceeded hook is deleted once the whole sync has succeeded. Every write is a
 * server-side apply (`patch`).
 */
const expectedOrder = {
  plain: [
    'patch secrets/creds', // Sync, wave -1, Secret before ConfigMap
    'patch configmaps/settings', // Sync, wave -1
    'patch serviceaccounts/api', // Sync, wave 0 (no annotation), ServiceAccount before Service
    'patch services/api', // Sync, wave 0
    'patch deployments/api', // Sync, wave 1, after wave 0 is healthy
    'patch configmaps/tuning', // Sync, wave 2, after the Deployment is available
    'patch jobs/smoke', // PostSync hook
    'delete jobs/smoke', // HookSucceeded, once the sync succeeded
  ],
  kustomize: [
    'patch configmaps/prod-flags', // wave -1 (added by the overlay, name prefixed)
    'patch services/prod-web', // wave 0
    'patch deployments/prod-web', // wave 1 (from the base; replicas patched by the overlay)
  ],
  chart: [
    'patch jobs/shop-migrate', // helm.sh/hook pre-install,pre-upgrade → PreSync, wave 0
    'patch configmaps/shop-config', // Sync, wave -1
    'patch services/shop', // Sync, wave 0
    'patch deployments/shop', // Sync, wave 1
    'patch configmaps/shop-ready', // Sync, wave 2
    'patch jobs/shop-notify', // argocd.argoproj.io/hook PostSync
    'delete jobs/shop-notify', // HookSucceeded
  ],
};

beforeAll(() =>
  s.setUp(
    filesUnder(fixture),
    Object.values(apps).map((a) => ({ name: a.name, path: a.path, namespace: a.ns, extra: a.extra })),
  ),
);
afterAll(() => s.tearDown());

describe('a repository written for Argo CD', () => {
  it('renders each app with the renderer Argo CD would pick', async () => {
    const names = async (app: string) => {
      const r = await s.flotilla('render', app, '-o', 'json');
      expect(r.code, explain(r)).toBe(0);
      return (JSON.parse(r.stdout) as { object: { kind: string; metadata: { name: string } } }[])
        .map((o) => `${o.object.kind}/${o.object.metadata.name}`)
        .sort();
    };
    expect(await names(apps.kustomize.name)).toEqual([
      'ConfigMap/prod-flags',
      'Deployment/prod-web',
      'Service/prod-web',
    ]);
    expect(await names(apps.chart.name)).toEqual([
      'ConfigMap/shop-config',
      'ConfigMap/shop-ready',
      'Deployment/shop',
      'Job/shop-migrate',
      'Job/shop-notify',
      'Service/shop',
    ]);
    expect(await names(apps.plain.name)).toHaveLength(7);
  });

  for (const key of ['plain', 'kustomize', 'chart'] as const) {
    it(`syncs ${key} to Synced and Healthy, writing in Argo CD's order`, async () => {
      const { name, ns } = apps[key];
      const mark = auditMark(1);
      const run = await syncApp(s, name, ['--wait', '--timeout', '240s']);
      expect(run.code, explain(run)).toBe(0);
      expect(run.result?.phase).toBe('Succeeded');
      const writes = writesIn(auditSince(1, mark), ns)
        .filter(byFlotilla)
        .filter((w) => w.resource !== 'namespaces' && w.resource !== 'pods');
      expect(describeWrites(writes)).toEqual(expectedOrder[key]);
      const status = await s.status(name);
      expect(status, unsettled(status)).toMatchObject({ sync: 'Synced', health: 'Healthy' });
    }, 360_000);
  }

  it('ran the Helm pre-install hook to completion and kept it (before-hook-creation only)', async () => {
    const migrate = await getObject(1, { kind: 'Job', namespace: apps.chart.ns, name: 'shop-migrate' });
    expect((migrate?.status as { succeeded?: number } | undefined)?.succeeded).toBe(1);
  });
});
