/** `flotilla diff` on a change too large to diff by default, against a test bed cluster. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlotilla } from '../../support/cli.js';
import { seedRepo, type SeededRepo } from '../../support/seed-repo.js';
import { syncWithFlotilla } from '../../support/sync-app.js';
import { kubectl, testbed } from '../../support/testbed.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-difflarge-'));
const repoName = `int-difflarge-${id}`;
const ns = `dl-${id}`;
const app = `big-${id}`;
const KEYS = 800;
let seeded: SeededRepo | undefined;

/** `data` with KEYS entries whose values all carry `tag`, so two tags differ on every line. */
function data(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < KEYS; i++) out[`key-${String(i).padStart(4, '0')}`] = `${tag}-${i}`;
  return out;
}

const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
const flotilla = (...args: string[]) => runFlotilla(args, { env, cwd: work });

beforeAll(async () => {
  const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: data('git') };
  seeded = seedRepo(repoName, { 'apps/big/config.json': JSON.stringify(manifest) });
  writeFileSync(
    join(work, 'flotilla.yaml'),
    `clusters:\n  - { name: one, context: ${tb.context(1)} }\n` +
      `repos:\n  - { name: deploy, url: ${tb.gitUrl}/${repoName}.git }\n` +
      `apps:\n  - { name: ${app}, repo: deploy, path: apps/big, destination: { cluster: one, namespace: ${ns} }, syncPolicy: { syncOptions: [CreateNamespace=true] } }\n`,
  );
  await syncWithFlotilla(app, env, work);
  // Every value rewritten on the cluster: 1,600 changed lines, past the default bound of 1,000.
  await kubectl(1, [
    'patch',
    'configmap',
    'big',
    '-n',
    ns,
    '--type=merge',
    '-p',
    JSON.stringify({ data: data('live') }),
  ]);
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  await kubectl(1, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('flotilla diff of a large change', () => {
  it('shows the size of the change and how to see it whole, and --full shows it whole', async () => {
    const bounded = await flotilla('diff', app, '--exit-code', '--color', 'never');
    expect(bounded.code).toBe(1);
    expect(bounded.stdout).toMatch(
      /^# Too large to diff here \(more than 1,000 changed lines.*\): live \d+ lines/m,
    );
    expect(bounded.stdout).toContain(`# See it whole with: flotilla diff --full ${app}`);
    expect(bounded.stdout).not.toMatch(/^\+\s+key-/m);

    const full = await flotilla('diff', app, '--full', '--color', 'never');
    expect(full.code).toBe(0);
    expect(full.stdout).not.toContain('Too large');
    expect(full.stdout.split('\n').filter((l) => /^\+\s+key-\d{4}: git-\d+$/.test(l))).toHaveLength(KEYS);
    expect(full.stdout.split('\n').filter((l) => /^-\s+key-\d{4}: live-\d+$/.test(l))).toHaveLength(KEYS);
  });
});
