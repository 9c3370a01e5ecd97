/** A repository of hostile manifests (test/fixtures/hostile-repo, plus generated files) through
 * `validate`, `status` and the monitor on the test bed: every hostile app gets a clear problem naming its
 * file, nothing crashes, and the ordinary app beside them is still compared. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSummary } from '../../../src/engine/monitor/index.js';
import { startMonitor, until } from '../../support/monitor-harness.js';
import { runFlotilla } from '../../support/cli.js';
import { seedRepo, type SeededRepo } from '../../support/seed-repo.js';
import { kubectl, testbed } from '../../support/testbed.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-hostile-'));
const repoName = `hostile-${id}`;
const ns = `hostile-${id}`;
const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
  FLOTILLA_TEST_SECRET: 'must-never-reach-a-tool',
};
let seeded: SeededRepo | undefined;

/** The committed fixture files, path → bytes. */
function fixtureFiles(): Record<string, Uint8Array> {
  const root = fileURLToPath(new URL('../../fixtures/hostile-repo', import.meta.url));
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(root, { recursive: true }) as string[]) {
    const path = join(root, entry);
    if (statSync(path).isFile()) files[relative(root, path)] = readFileSync(path);
  }
  return files;
}

/** Files too large or too odd to commit: 10 MB of YAML, binary bytes, invalid UTF-8. */
function generatedFiles(): Record<string, Uint8Array> {
  const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: ${'x'.repeat(10 * 1024 * 1024)}\n`;
  const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
  const badUtf8 = Buffer.concat([
    Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-utf8\ndata:\n  text: "'),
    Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
    Buffer.from('"\n'),
  ]);
  return {
    'apps/huge/huge.yaml': Buffer.from(big),
    'apps/binary/blob.yaml': binary,
    'apps/badutf8/configmap.yaml': badUtf8,
  };
}

/** Each hostile app and the file its problem must name. */
const hostile: Record<string, string> = {
  deep: 'apps/deep/deep.yaml',
  'deep-kustomize': 'apps/deep-kustomize/kustomization.yaml',
  aliases: 'apps/aliases/bomb.yaml',
  dupkeys: 'apps/dupkeys/configmap.yaml',
  remote: 'apps/remote/kustomization.yaml',
  'remote-chart': 'apps/remote-chart/Chart.yaml',
  binary: 'apps/binary/blob.yaml',
  badutf8: 'apps/badutf8/configmap.yaml',
  escapes: 'apps/escapes/configmap.yaml',
  huge: 'apps/huge/huge.yaml',
};
/** Apps that render but whose objects the cluster cannot take: their problems name the object. */
const refusedByServer: Record<string, RegExp> = { nocrd: /Widget/ };
const appNames = ['good', ...Object.keys(hostile), ...Object.keys(refusedByServer)];

function fleet(): string {
  const apps = appNames
    .map(
      (name) =>
        `  - { name: ${name}, repo: hostile, revision: main, path: apps/${name}, destination: { cluster: one, namespace: ${ns} } }`,
    )
    .join('\n');
  return `clusters: [{ name: one, context: ${tb.context(1)} }]
repos: [{ name: hostile, url: ${tb.gitUrl}/${repoName}.git, pollInterval: 1h }]
apps:
${apps}
`;
}

beforeAll(async () => {
  seeded = seedRepo(repoName, { ...fixtureFiles(), ...generatedFiles() }, { message: 'hostile' });
  writeFileSync(join(work, 'flotilla.yaml'), fleet());
  await kubectl(1, ['create', 'namespace', ns]);
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  await kubectl(1, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

interface ProblemJson {
  code: string;
  message: string;
  source?: { file?: string; line?: number };
}

describe('a repository of hostile manifests', () => {
  it('validate: each hostile app is invalid with a problem naming its file; good is valid', async () => {
    const r = await runFlotilla(['validate', '-o', 'json'], { env, cwd: work });
    expect(r.code).toBe(1);
    const { apps: list } = JSON.parse(r.stdout) as {
      apps: { name: string; valid: boolean; problems: ProblemJson[] }[];
    };
    const byName = new Map(list.map((a) => [a.name, a]));
    expect(byName.get('good')).toMatchObject({ valid: true, problems: [] });
    for (const [name, file] of Object.entries(hostile)) {
      const app = byName.get(name);
      expect([name, app?.valid]).toEqual([name, false]);
      expect([name, app?.problems.some((p) => p.source?.file === file)]).toEqual([name, true]);
    }
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+\.(ts|js):\d+/); // no stack trace
  });

  it('status: good is compared, each hostile app has its problem, nothing crashes', async () => {
    const r = await runFlotilla(['status', '-o', 'json'], { env, cwd: work });
    const statuses = JSON.parse(r.stdout) as {
      name: string;
      sync: string;
      resources: { kind: string; name: string; message?: string }[];
      problems: ProblemJson[];
    }[];
    const byName = new Map(statuses.map((s) => [s.name, s]));
    expect(byName.get('good')).toMatchObject({
      sync: 'OutOfSync',
      resources: [{ kind: 'ConfigMap', name: 'good' }],
    });
    for (const [name, file] of Object.entries(hostile)) {
      const problems = byName.get(name)?.problems ?? [];
      expect([name, problems.some((p) => p.source?.file === file)]).toEqual([name, true]);
    }
    for (const [name, pattern] of Object.entries(refusedByServer)) {
      const s = byName.get(name);
      const said = [
        ...(s?.problems ?? []).map((p) => p.message),
        ...(s?.resources ?? []).map((x) => x.message ?? ''),
      ];
      expect([name, said.some((m) => pattern.test(m))]).toEqual([name, true]);
    }
    expect(r.stdout).not.toContain('\u001b');
  });

  it('the monitor reports every app, good compared and each hostile one with its file', async () => {
    const fleetFile = join(work, 'flotilla.yaml');
    const monitor = startMonitor(fleetFile, { kubeContexts: [tb.context(1)], env, readOnly: true });
    const { messages } = monitor;
    const latest = () => {
      const apps = new Map<string, AppSummary>();
      for (const m of messages)
        if (m.type === 'monitor' && m.event.type === 'app') apps.set(m.event.app.name, m.event.app);
      return apps;
    };
    try {
      const apps = await until(
        'a status for every app',
        () => {
          const now = latest();
          const settled = appNames.every(
            (n) => now.get(n)?.sha !== undefined || (now.get(n)?.problems.length ?? 0) > 0,
          );
          return settled && now.get('good')?.sync === 'OutOfSync' ? now : undefined;
        },
        60_000,
      );
      for (const [name, file] of Object.entries(hostile)) {
        const problems = apps.get(name)?.problems ?? [];
        expect([name, problems.some((p) => p.startsWith(file))]).toEqual([name, true]);
      }
      expect(messages.some((m) => m.type === 'stopped')).toBe(false);
    } finally {
      await monitor.stop();
    }
  });
});
