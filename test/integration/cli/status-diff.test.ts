/** `flotilla status` and `flotilla diff` against the test bed's real clusters. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComponent, stopComponent } from '../../testbed/testbed.js';
import { runFlotilla } from '../../support/cli.js';
import { syncWithFlotilla } from '../../support/sync-app.js';
import { seedRepo, type SeededRepo } from '../../support/seed-repo.js';
import { kubectl, testbed } from '../../support/testbed.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-status-'));
const repoName = `int-status-${id}`;
const ns = `st-${id}`;
let seeded: SeededRepo | undefined;
const secretValue = 's3cr3t-value-9d7a';
const changedSecretValue = 'changed-value-11b2';

const files: Record<string, string> = {
  'apps/api/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: registry.example/api:1.0}]
`,
  'apps/api/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: api-config}
data: {MODE: normal}
---
apiVersion: v1
kind: Secret
metadata: {name: api-secret}
stringData: {PASSWORD: ${secretValue}}
`,
};

function fleet(): string {
  const app = (name: string, cluster: string, extra = '') =>
    `  - name: ${name}\n    repo: deploy\n    revision: main\n    path: apps/api\n    destination: { cluster: ${cluster}, namespace: ${ns} }\n    syncPolicy: { syncOptions: [CreateNamespace=true] }\n${extra}`;
  return `clusters:
  - { name: one, context: ${tb.context(1)} }
  - { name: two, context: ${tb.context(2)} }
  - { name: three, context: ${tb.context(3)} }
  - { name: one-viewer, context: ${tb.viewerContext(1)} }
repos:
  - { name: deploy, url: ${tb.gitUrl}/${repoName}.git }
apps:
${app('api-one', 'one', '    ignoreDifferences: [{ group: apps, kind: Deployment, jsonPointers: [/spec/replicas] }]\n')}${app('api-two', 'two')}${app('api-three', 'three')}${app('api-viewer', 'one-viewer')}`;
}

const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
const flotilla = (...args: string[]) => runFlotilla(args, { env, cwd: work });

interface StatusJson {
  name: string;
  sync: string;
  health: string;
  compareMode: string | null;
  resources: { kind: string; name: string; sync: string; health: string | null }[];
  problems: { code: string; message: string }[];
}

async function statusOf(app: string): Promise<StatusJson> {
  const r = await flotilla('status', app, '-o', 'json');
  return (JSON.parse(r.stdout) as StatusJson[])[0]!;
}

const syncOf = (s: StatusJson, kind: string) => s.resources.find((r) => r.kind === kind)?.sync;

beforeAll(async () => {
  seeded = seedRepo(repoName, files, { message: 'api' });
  writeFileSync(join(work, 'flotilla.yaml'), fleet());
  await syncWithFlotilla('api-one', env, work);
  await syncWithFlotilla('api-two', env, work);
  // Let the controllers make the Deployments available before health is judged.
  for (const n of [1, 2])
    await kubectl(n, ['rollout', 'status', 'deployment/api', '-n', ns, '--timeout=60s']);
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  for (const n of [1, 2]) await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('flotilla status and diff on the test bed', () => {
  it('reports an app applied once and left alone as Synced and Healthy (no false drift from defaults)', async () => {
    const s = await statusOf('api-two');
    expect(s.compareMode).toBe('server-side');
    expect(s.resources.map((r) => `${r.kind}:${r.sync}`).sort()).toEqual([
      'ConfigMap:Synced',
      'Deployment:Synced',
      'Secret:Synced',
    ]);
    expect(s.sync).toBe('Synced');
    expect(s.health).toBe('Healthy');
    const d = await flotilla('diff', 'api-two', '--exit-code');
    expect(d.code).toBe(0);
    expect(d.stdout.trim()).toBe('');
  });

  it('shows drift made with kubectl on exactly the edited resource, with the changed field in the diff', async () => {
    await kubectl(2, ['set', 'image', 'deployment/api', '-n', ns, 'api=registry.example/api:6.6-hotfix']);
    const s = await statusOf('api-two');
    expect(s.sync).toBe('OutOfSync');
    expect(syncOf(s, 'Deployment')).toBe('OutOfSync');
    expect(syncOf(s, 'ConfigMap')).toBe('Synced');
    expect(syncOf(s, 'Secret')).toBe('Synced');
    const d = await flotilla('diff', 'api-two', '--exit-code', '--color', 'never');
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('-        - image: registry.example/api:6.6-hotfix');
    expect(d.stdout).toContain('+        - image: registry.example/api:1.0');
    expect(d.stdout).not.toContain('ConfigMap');
  });

  it('masks Secret values in the diff and the JSON status, keeping the change visible', async () => {
    const patch = JSON.stringify({ data: { PASSWORD: Buffer.from(changedSecretValue).toString('base64') } });
    await kubectl(2, ['patch', 'secret', 'api-secret', '-n', ns, '--type=merge', '-p', patch]);
    const d = await flotilla('diff', 'api-two', '--color', 'never');
    expect(d.stdout).toMatch(/Secret .*api-secret/);
    expect(d.stdout).toMatch(/^-\s+PASSWORD: \++$/m);
    expect(d.stdout).toMatch(/^\+\s+PASSWORD: \++$/m);
    const s = await flotilla('status', 'api-two', '-o', 'json');
    for (const text of [d.stdout, d.stderr, s.stdout, s.stderr]) {
      for (const value of [secretValue, changedSecretValue]) {
        expect(text).not.toContain(value);
        expect(text).not.toContain(Buffer.from(value).toString('base64'));
      }
    }
  });

  it('ignores a field named in ignoreDifferences', async () => {
    await kubectl(1, ['scale', 'deployment/api', '-n', ns, '--replicas=5']);
    const s = await statusOf('api-one');
    expect(syncOf(s, 'Deployment')).toBe('Synced');
    expect(s.sync).toBe('Synced');
  });

  it('reports a deleted object as Missing and a leftover tracked object as Extraneous', async () => {
    await kubectl(1, ['delete', 'configmap', 'api-config', '-n', ns]);
    await kubectl(1, ['create', 'configmap', 'leftover', '-n', ns, '--from-literal=a=b']);
    await kubectl(1, ['label', 'configmap', 'leftover', '-n', ns, 'flotilla.dev/app=api-one']);
    await kubectl(1, [
      'annotate',
      'configmap',
      'leftover',
      '-n',
      ns,
      `flotilla.dev/tracking-id=api-one:/ConfigMap:${ns}/leftover`,
    ]);
    // A copied label without the matching tracking id must never count as ours.
    await kubectl(1, ['create', 'configmap', 'copied-label', '-n', ns, '--from-literal=a=b']);
    await kubectl(1, ['label', 'configmap', 'copied-label', '-n', ns, 'flotilla.dev/app=api-one']);
    const s = await statusOf('api-one');
    const byName = Object.fromEntries(s.resources.map((r) => [r.name, r.sync]));
    expect(byName['api-config']).toBe('Missing');
    expect(byName.leftover).toBe('Extraneous');
    expect(byName['copied-label']).toBeUndefined();
    expect(s.sync).toBe('OutOfSync');
  });

  it('compares client-side for the viewer identity and sends it no write request', async () => {
    const auditBefore = readFileSync(tb.auditLog(1), 'utf8').length;
    const s = await statusOf('api-viewer');
    expect(s.compareMode).toBe('client-side');
    // The built-in view role may not read Secrets: that resource is Unknown, with the reason.
    expect(syncOf(s, 'Secret')).toBe('Unknown');
    expect(s.problems.map((p) => p.message).join('\n')).toMatch(/may not list secrets/);
    expect(['Synced', 'OutOfSync']).toContain(syncOf(s, 'Deployment'));
    const viewerWrites = readFileSync(tb.auditLog(1), 'utf8')
      .slice(auditBefore)
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as { verb: string; user: { username: string }; objectRef?: { resource?: string } },
      )
      .filter(
        (e) =>
          e.user.username === 'testbed-viewer' &&
          ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(e.verb),
      )
      .filter((e) => !/^self(subject)?(access|rules)reviews$/.test(e.objectRef?.resource ?? ''));
    expect(viewerWrites).toEqual([]);
  });

  it('marks the apps of an unreachable cluster Unknown in plain words, and recovers when it is back', async () => {
    await stopComponent('c3/kube-apiserver', () => {});
    try {
      const r = await flotilla('status', 'api-three', '-o', 'json');
      expect(r.code).toBe(1);
      const s = (JSON.parse(r.stdout) as StatusJson[])[0]!;
      expect(s.sync).toBe('Unknown');
      expect(s.problems[0]?.message).toMatch(/127\.0\.0\.1:20343/);
      expect(s.problems[0]?.message).toMatch(/cannot be reached|refused|unreachable/i);
    } finally {
      await startComponent('c3/kube-apiserver', () => {});
    }
    const again = await statusOf('api-three');
    expect(again.sync).toBe('OutOfSync');
    expect(again.health).toBe('Missing');
  });
});
