/** The engine facade: what openEngine assembles, on a local repository and a cluster nobody answers. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AutomationEvent } from '../../../src/engine/automation/index.js';
import { parseFleet, type Fleet } from '../../../src/engine/config/index.js';
import { openEngine } from '../../../src/engine/engine.js';
import type { AppSummary } from '../../../src/engine/monitor/index.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-engine-'));
const repo = join(root, 'deploy');
const kubeconfig = join(root, 'kubeconfig');
const env = { HOME: root, FLOTILLA_CACHE_DIR: join(root, 'cache'), KUBECONFIG: kubeconfig, PATH: '' };

function fleetOf(extra = ''): Fleet {
  const parsed = parseFleet(
    `clusters: [{ name: gone, context: gone }]
repos: [{ name: deploy, url: ${repo} }]
apps:
  - { name: good, repo: deploy, revision: main, path: apps/good, destination: { cluster: gone, namespace: ns } }
  - { name: bad, repo: deploy, revision: main, path: apps/bad, destination: { cluster: gone, namespace: ns } }
${extra}`,
    join(root, 'flotilla.yaml'),
    { kubeContexts: ['gone'] },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

beforeAll(() => {
  mkdirSync(join(repo, 'apps/good'), { recursive: true });
  mkdirSync(join(repo, 'apps/bad'), { recursive: true });
  writeFileSync(
    join(repo, 'apps/good/cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\ndata: {v: "1"}\n',
  );
  writeFileSync(join(repo, 'apps/bad/broken.yaml'), 'kind: [unclosed\n');
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@flotilla.local', ...a]);
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
  git('add', '-A');
  git('commit', '--quiet', '-m', 'first');
  // A cluster on a port nothing listens on: every request is refused at once.
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{ name: gone, cluster: { server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: gone, context: { cluster: gone, user: u } }]
current-context: gone
`,
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('openEngine', () => {
  it('renders without reading any kubeconfig', async () => {
    const engine = openEngine({ fleet: fleetOf(), env: { ...env, KUBECONFIG: join(root, 'missing') } });
    const result = await engine.render(engine.fleet.apps[0]!);
    expect(result.ok && result.value.output.objects.map((o) => o.identity.name)).toEqual(['good']);
    await engine.stop();
  });

  it('honours read-only mode from the option or from the fleet file', async () => {
    expect(openEngine({ fleet: fleetOf(), env }).readOnly).toBe(false);
    expect(openEngine({ fleet: fleetOf(), env, readOnly: true }).readOnly).toBe(true);
    expect(openEngine({ fleet: fleetOf('settings: { readOnly: true }'), env }).readOnly).toBe(true);
  });

  it('decides each status once: a render failure names the file, an unreachable cluster says so', async () => {
    const engine = openEngine({ fleet: fleetOf(), env });
    try {
      const [good, bad] = await engine.statuses(engine.fleet.apps);
      expect(good).toMatchObject({ sync: 'Unknown', sha: expect.stringMatching(/^[0-9a-f]{40}$/) });
      expect(good?.problems[0]?.code).toMatch(/^cluster\./);
      expect(bad).toMatchObject({ sync: 'Unknown' });
      expect(bad?.problems[0]?.source?.file).toContain('broken.yaml');
    } finally {
      await engine.stop();
    }
  });

  it('puts automation on the app summaries it emits once automation runs, and sends nothing read-only', async () => {
    const fleet = fleetOf(
      '  - { name: auto, repo: deploy, revision: main, path: apps/good, destination: { cluster: gone, namespace: ns }, syncPolicy: { automated: {} } }',
    );
    const engine = openEngine({ fleet, env, readOnly: true });
    const summaries: AppSummary[] = [];
    const events: AutomationEvent[] = [];
    engine.on((e) => {
      if (e.type === 'app' && e.app.name === 'auto') summaries.push(e.app);
    });
    const automation = engine.startAutomation({ onEvent: (e) => events.push(e) });
    engine.start();
    try {
      await vi.waitFor(() => expect(summaries.at(-1)?.automation).toBeDefined(), { timeout: 20_000 });
      expect(summaries.at(-1)?.automation).toMatchObject({
        state: 'idle',
        message: expect.stringContaining('read-only'),
      });
      expect(events.filter((e) => e.type === 'attempt-started')).toEqual([]);
    } finally {
      await automation.stop();
      await engine.stop();
    }
  });
});

describe('rollback and the auto-sync pause on the facade', () => {
  const request = { prune: false, dryRun: false, force: false, wait: false, waitLock: false };

  it('refuses an unknown app, and a read-only engine before any request', async () => {
    const engine = openEngine({ fleet: fleetOf(), env, readOnly: true });
    try {
      expect(await engine.rollback('nope', request)).toMatchObject({
        started: false,
        problems: [{ code: 'sync.unknown-app' }],
      });
      expect(await engine.rollback('good', request)).toMatchObject({
        started: false,
        problems: [{ code: 'sync.read-only' }],
      });
      expect(await engine.resumeAutoSync('good')).toMatchObject({
        ok: false,
        problems: [{ code: 'autosync.read-only' }],
      });
    } finally {
      await engine.stop();
    }
  });

  it('answers problems in plain words when the cluster cannot be reached, and refuses pausing a manual app', async () => {
    const engine = openEngine({ fleet: fleetOf(), env });
    try {
      expect(await engine.pauseAutoSync('good', 'why')).toMatchObject({
        ok: false,
        problems: [{ code: 'autosync.not-automated' }],
      });
      const rollback = await engine.rollback('good', request);
      expect(rollback.started ? [] : rollback.problems.map((p) => p.code)).toEqual([
        'rollback.history-unreadable',
      ]);
      expect(await engine.resumeAutoSync('good')).toMatchObject({
        ok: false,
        problems: [{ code: 'autosync.write-failed' }],
      });
    } finally {
      await engine.stop();
    }
  });
});
