/** The monitor behind its worker protocol (in-process), on the test bed: live statuses pushed by
 * watches without a refresh, on-demand detail, children, diff and commits. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSummary } from '../../../src/engine/monitor/index.js';
import type { WorkerMessage, WorkerRequest } from '../../../src/engine/workers/index.js';
import { startMonitor, until, type MonitorHarness } from '../../support/monitor-harness.js';
import { syncWithFlotilla } from '../../support/sync-app.js';
import { seedRepo, type SeededRepo } from '../../support/seed-repo.js';
import { kubectl, testbed } from '../../support/testbed.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-monitor-'));
const repoName = `monitor-${id}`;
const ns = `mon-${id}`;
const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
let seeded: SeededRepo | undefined;
let monitor: MonitorHarness | undefined;
const messages = (): WorkerMessage[] => monitor?.messages ?? [];
const send = (req: WorkerRequest): void => monitor?.send(req);

const files: Record<string, string> = {
  'apps/shop/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec: {containers: [{name: shop, image: registry.example/shop:1}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: shop-config}
data: {MODE: normal}
`,
};

function lastApp(name: string, accept: (a: AppSummary) => boolean): AppSummary | undefined {
  for (let i = messages().length - 1; i >= 0; i--) {
    const m = messages()[i]!;
    if (m.type === 'monitor' && m.event.type === 'app' && m.event.app.name === name)
      return accept(m.event.app) ? m.event.app : undefined;
  }
  return undefined;
}

beforeAll(async () => {
  seeded = seedRepo(repoName, files, { message: 'shop: first version', author: 'Dana' });
  const fleetFile = join(work, 'flotilla.yaml');
  writeFileSync(
    fleetFile,
    `clusters: [{ name: one, context: ${tb.context(1)}, labels: { env: staging } }]
repos: [{ name: deploy, url: ${tb.gitUrl}/${repoName}.git, pollInterval: 1h }]
apps: [{ name: shop, repo: deploy, revision: main, path: apps/shop, destination: { cluster: one, namespace: ${ns} }, syncPolicy: { syncOptions: [CreateNamespace=true] } }]
`,
  );
  await syncWithFlotilla('shop', { ...env, FLOTILLA_CONFIG: fleetFile }, work);
  await kubectl(1, ['rollout', 'status', 'deployment/shop', '-n', ns, '--timeout=60s']);
  monitor = startMonitor(fleetFile, { kubeContexts: [tb.context(1)], env, readOnly: false });
});

afterAll(async () => {
  await monitor?.stop();
  rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  await kubectl(1, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('the fleet monitor on the test bed', () => {
  it('announces the cluster and reports the synced app Synced and Healthy', async () => {
    // Write access is checked after the first contact, so it arrives in a later cluster message.
    const cluster = await until('a reachable, writable cluster', () =>
      messages().find(
        (m) =>
          m.type === 'monitor' &&
          m.event.type === 'cluster' &&
          m.event.cluster.reachable &&
          m.event.cluster.canWrite,
      ),
    );
    expect(cluster).toMatchObject({
      event: { cluster: { name: 'one', labels: { env: 'staging' }, canWrite: true } },
    });
    const app = await until('shop Synced', () =>
      lastApp('shop', (a) => a.sync === 'Synced' && a.health === 'Healthy'),
    );
    expect(app.resources.map((r) => r.kind).sort()).toEqual(['ConfigMap', 'Deployment']);
    expect(app.commitTime).toBeGreaterThan(0);
  });

  it('reports the repo it polled: its tip, the time of the poll, no failures, no credentials', async () => {
    const repo = await until('a polled repo', () => {
      for (const m of messages())
        if (m.type === 'monitor' && m.event.type === 'repo' && m.event.repo.lastPolled !== undefined)
          return m.event.repo;
      return undefined;
    });
    expect(repo).toMatchObject({ name: 'deploy', url: `${tb.gitUrl}/${repoName}.git`, failures: 0 });
    expect(repo.tips.main).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.lastError).toBeUndefined();
  });

  it('sees a live edit through its watches and reports the drift without being asked to refresh', async () => {
    await until('watches to start', () => lastApp('shop', (a) => a.sync === 'Synced'));
    await new Promise((r) => setTimeout(r, 2000));
    await kubectl(1, [
      'patch',
      'configmap',
      'shop-config',
      '-n',
      ns,
      '--type=merge',
      '-p',
      '{"data":{"MODE":"panic"}}',
    ]);
    const drifted = await until(
      'shop OutOfSync',
      () => lastApp('shop', (a) => a.sync === 'OutOfSync'),
      20_000,
    );
    expect(drifted.driftCount).toBe(1);
    send({ type: 'diff', app: 'shop' });
    const diff = await until('the diff', () =>
      messages().find((m): m is Extract<WorkerMessage, { type: 'diff' }> => m.type === 'diff'),
    );
    expect(diff.resources.map((r) => r.identity.name)).toEqual(['shop-config']);
    expect(diff.resources[0]?.diff?.split('\n')).toContain('-  MODE: panic');
  });

  it('answers detail, children and commits on demand', async () => {
    send({ type: 'detail', app: 'shop' });
    const detail = await until('the detail', () =>
      messages().find((m): m is Extract<WorkerMessage, { type: 'detail' }> => m.type === 'detail'),
    );
    const deployment = detail.resources.find((r) => r.identity.kind === 'Deployment');
    expect(deployment?.expandable).toBe(true);
    expect(
      detail.events.some(
        (e) => e.object.startsWith('Deployment/shop') || e.object.startsWith('ReplicaSet/shop'),
      ),
    ).toBe(true);

    send({ type: 'children', app: 'shop', resource: deployment!.identity });
    const children = await until('the children', () =>
      messages().find((m): m is Extract<WorkerMessage, { type: 'children' }> => m.type === 'children'),
    );
    expect(children.children.map((c) => c.identity.kind)).toEqual(['ReplicaSet']);
    expect(children.children[0]?.expandable).toBe(true);

    send({ type: 'commits', app: 'shop' });
    const commits = await until('the commits', () =>
      messages().find((m): m is Extract<WorkerMessage, { type: 'commits' }> => m.type === 'commits'),
    );
    expect(commits.pending?.commits.map((c) => c.subject)).toEqual(['shop: first version']);
    expect(commits.pending?.commits[0]?.author.name).toBe('Dana');
  });
});
