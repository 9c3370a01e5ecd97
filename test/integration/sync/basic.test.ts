/** A first sync on the test bed creates the app's objects, tracked and owned by flotilla; a second one harms nothing. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/engine/objects.js';
import { auditMark, auditSince, byFlotilla, writesIn } from '../../support/audit-log.js';
import { Scenario, getObject, unsettled } from '../../support/scenario.js';
import { explain, syncApp } from '../../support/sync.js';

const s = new Scenario('basic');
const app = s.name('basic');
const ns = s.name('sync-basic');

const files: Record<string, string> = {
  'apps/web/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: registry.example/web:1.0}]
`,
  'apps/web/service.yaml': `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
  'apps/web/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {MODE: normal}
`,
};

const objects = [
  { kind: 'Deployment', group: 'apps', name: 'web' },
  { kind: 'Service', group: '', name: 'web' },
  { kind: 'ConfigMap', group: '', name: 'web-config' },
];

const live = (kind: string, name: string) => getObject(1, { kind, namespace: ns, name });

beforeAll(() => s.setUp(files, [{ name: app, path: 'apps/web', namespace: ns }]));
afterAll(() => s.tearDown());

describe('a first sync and a second one', () => {
  let firstDeployment: KubeObject | undefined;

  it('creates every object, ends Succeeded, and leaves the app Synced and Healthy with no diff', async () => {
    const run = await syncApp(s, app, ['--wait', '--timeout', '180s']);
    expect(run.code, explain(run)).toBe(0);
    expect(run.result?.phase).toBe('Succeeded');
    for (const o of objects) expect(await live(o.kind, o.name), `${o.kind} ${o.name}`).toBeDefined();
    firstDeployment = await live('Deployment', 'web');
    const status = await s.status(app);
    expect(status, unsettled(status)).toMatchObject({ sync: 'Synced', health: 'Healthy' });
    const diff = await s.flotilla('diff', app, '--exit-code');
    expect(diff.code, explain(diff)).toBe(0);
  });

  it('marks every object with the app label, its tracking id and the synced commit, owned by field manager flotilla', async () => {
    const revision = s.head();
    for (const o of objects) {
      const obj = (await live(o.kind, o.name))!;
      expect(obj.metadata.labels?.['flotilla.dev/app']).toBe(app);
      expect(obj.metadata.annotations?.['flotilla.dev/tracking-id']).toBe(
        `${app}:${o.group}/${o.kind}:${ns}/${o.name}`,
      );
      expect(obj.metadata.annotations?.['flotilla.dev/revision']).toBe(revision);
      const managers = (obj.metadata.managedFields ?? []) as { manager?: string; operation?: string }[];
      expect(managers).toContainEqual(expect.objectContaining({ manager: 'flotilla', operation: 'Apply' }));
    }
  });

  it("appends every write it sent to flotilla's own audit log (owner-only), naming user, cluster, app and object", () => {
    const file = join(s.env.XDG_STATE_HOME!, 'flotilla', 'audit.jsonl');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const entries = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const ofApp = entries.filter((e) => e.app === app);
    for (const object of ['deployments.apps', 'services', 'configmaps'])
      expect(ofApp, object).toContainEqual(
        expect.objectContaining({
          user: 'testbed-admin',
          cluster: 'one',
          verb: 'PATCH',
          object: expect.stringMatching(new RegExp(`^${object.replace('.', '\\.')} ${ns}/`)),
          result: 'ok',
        }),
      );
    // The lock's writes are recorded too (its Lease and record in flotilla-system).
    expect(
      entries.some((e) => String(e.object).startsWith('leases.coordination.k8s.io flotilla-system/')),
    ).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toMatch(/token|Bearer/i);
  });

  it('a second sync of the same commit deletes nothing, re-creates nothing and leaves the Deployment as it was', async () => {
    const mark = auditMark(1);
    const run = await syncApp(s, app, ['--wait', '--timeout', '180s']);
    expect(run.code, explain(run)).toBe(0);
    expect(run.result?.phase).toBe('Succeeded');
    const writes = writesIn(auditSince(1, mark), ns).filter(byFlotilla);
    expect(writes.filter((w) => w.verb !== 'patch')).toEqual([]);
    const again = (await live('Deployment', 'web'))!;
    expect(again.metadata.uid).toBe(firstDeployment?.metadata.uid);
    expect(again.metadata.generation).toBe(firstDeployment?.metadata.generation);
    expect((await s.status(app)).sync).toBe('Synced');
  });
});
