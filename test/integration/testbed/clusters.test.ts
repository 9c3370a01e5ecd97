/** The test bed's clusters are real: nodes Ready, Deployments Available, audit logs, RBAC. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runningClusters } from '../../testbed/testbed.js';
import { kubectl, testbed } from '../../support/testbed.js';

const tb = testbed();
const clusters = Array.from({ length: runningClusters() }, (_, i) => i + 1);
const ns = `tb-test-${process.pid}`;

interface AuditEvent {
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  requestURI: string;
}

function auditEvents(n: number): AuditEvent[] {
  return readFileSync(tb.auditLog(n), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent);
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('condition not met in time');
}

afterAll(async () => {
  await Promise.all(
    clusters.map((n) => kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found'])),
  );
});

describe('test bed clusters', () => {
  it('runs at least three clusters', () => {
    expect(clusters.length).toBeGreaterThanOrEqual(3);
  });

  it.each(clusters)('cluster %i has a Ready node and makes a 2-replica Deployment available', async (n) => {
    const nodes = await kubectl(n, ['get', 'nodes', '--no-headers']);
    expect(nodes).toMatch(/^kwok-node-0\s+Ready\b/m);
    await kubectl(n, ['create', 'namespace', ns]);
    await kubectl(n, ['create', 'deployment', 'web', '--image=fake', '--replicas=2', '-n', ns]);
    await waitUntil(
      async () =>
        (
          await kubectl(n, ['get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.status.availableReplicas}'])
        ).trim() === '2',
    );
    const conditions = await kubectl(n, [
      'get',
      'deploy',
      'web',
      '-n',
      ns,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Available")].status}',
    ]);
    expect(conditions.trim()).toBe('True');
  });

  it('reports the Kubernetes version it was built as', async () => {
    const version = JSON.parse(await kubectl(1, ['version', '-o', 'json'])) as {
      serverVersion: { gitVersion: string };
    };
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
  });

  it('writes every admin write to the audit log', async () => {
    const name = `audited-${Date.now()}`;
    await kubectl(2, ['create', 'namespace', ns]).catch(() => '');
    await kubectl(2, ['create', 'configmap', name, '-n', ns, '--from-literal=a=b']);
    await waitUntil(
      async () => auditEvents(2).some((e) => e.objectRef?.name === name && e.verb === 'create'),
      10_000,
    );
    const event = auditEvents(2).find((e) => e.objectRef?.name === name && e.verb === 'create');
    expect(event?.user.username).toBe('testbed-admin');
    expect(event?.objectRef?.namespace).toBe(ns);
  });

  it('gives the viewer identity read access and refuses it a write, visibly in the audit log', async () => {
    await expect(kubectl(1, ['get', 'pods', '-A'], { viewer: true })).resolves.toBeTypeOf('string');
    const name = `viewer-write-${Date.now()}`;
    await expect(
      kubectl(1, ['create', 'configmap', name, '-n', 'default'], { viewer: true }),
    ).rejects.toThrow(/forbidden/i);
    // A refused create names no object (the name is only in the body), so match the resource.
    const isTheWrite = (e: AuditEvent) =>
      e.user.username === 'testbed-viewer' && e.verb === 'create' && e.objectRef?.resource === 'configmaps';
    await waitUntil(async () => auditEvents(1).some(isTheWrite), 10_000);
    const refused = auditEvents(1).filter(isTheWrite);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.responseStatus?.code === 403)).toBe(true);
    await expect(kubectl(1, ['get', 'configmap', name, '-n', 'default'])).rejects.toThrow(/not found/i);
  });

  it("keeps the components' own requests out of the audit log", () => {
    const users = new Set(auditEvents(1).map((e) => e.user.username));
    expect(users.has('testbed-system')).toBe(false);
  });
});
