/**
 * `npm run demo`: builds what is missing, brings up the test bed, seeds the demo repository into
 * its Git server, writes a demo fleet file, makes one app drift, and starts flotilla on it.
 * Without a terminal it runs `flotilla validate` and `flotilla status` instead of the TUI.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoFleetFile } from './demo-fleet.js';
import { paths, ports, repoRoot, testbedSrc } from './layout.js';

import { env, kubectl, up } from './testbed.js';

const run = promisify(execFile);
const say = (line: string) => process.stderr.write(`demo: ${line}\n`);
const gitUrl = `http://127.0.0.1:${ports.gitServer}`;

/** One state of the demo repository: demo-repo/ with some files' text changed, and its commit subject. */
interface Seed {
  subject: string;
  /** Replacements applied to files under the work tree, by path. */
  edits?: Record<string, [string, string]>;
}

/** The billing app's first release: its history then has an older revision to roll back to. */
const billingFirstRelease: Seed = {
  subject: 'billing 4.9: first release',
  edits: { 'apps/drift/deployment.yaml': ['billing:5.0', 'billing:4.9'] },
};

/** The demo repository as demo-repo/ has it. */
const currentRelease: Seed = {
  subject: 'Demo apps: plain YAML, Kustomize overlays, Helm chart, sync waves, drift',
};

/** Whether the Git server has the demo repository yet; creates it empty when not. */
async function createRepository(): Promise<boolean> {
  const bare = join(paths().gitRoot, 'demo.git');
  if (existsSync(bare)) return false;
  await run('git', ['init', '--bare', '--initial-branch=main', bare]);
  return true;
}

/** Pushes demo-repo/ (with the seed's edits) to the Git server's demo.git as a new commit when its content changed. */
async function seedRepository(seed: Seed): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'flotilla-demo-'));
  try {
    const git = (...args: string[]) =>
      run('git', [
        '-C',
        work,
        '-c',
        'user.name=flotilla demo',
        '-c',
        'user.email=demo@flotilla.local',
        ...args,
      ]);
    await run('git', ['clone', '--quiet', `${gitUrl}/demo.git`, work]);
    await git('checkout', '--quiet', '-B', 'main');
    for (const entry of ['apps', 'README.md']) {
      rmSync(join(work, entry), { recursive: true, force: true });
      cpSync(join(testbedSrc, 'demo-repo', entry), join(work, entry), { recursive: true });
    }
    for (const [file, [from, to]] of Object.entries(seed.edits ?? {})) {
      const path = join(work, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
    }
    await git('add', '-A');
    const { stdout: changes } = await git('status', '--porcelain');
    if (changes.trim()) {
      await git('commit', '--quiet', '-m', seed.subject);
      await git('push', '--quiet', 'origin', 'main');
    }
    return (await git('rev-parse', 'HEAD')).stdout.trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The apps the demo syncs; podinfo and shop stay unsynced (Missing). */
const syncedApps = ['guestbook', 'web-staging', 'web-prod-eu', 'web-prod-us', 'billing'];

/** Syncs some apps with `flotilla sync --wait`, then edits the billing app live so that it drifts from Git. */
async function applyDemoState(fleet: string): Promise<void> {
  for (const app of syncedApps) syncApp(app, fleet);
  await kubectl(2, ['set', 'env', 'deployment/billing', '-n', 'billing', 'LOG_LEVEL=debug']);
  await kubectl(2, [
    'patch',
    'configmap',
    'billing-limits',
    '-n',
    'billing',
    '--type=merge',
    '-p',
    '{"data":{"MAX_INVOICES_PER_MINUTE":"6000"}}',
  ]);
}

/** `flotilla sync APP --wait`, or throws. */
function syncApp(app: string, fleet: string): void {
  // --force: a demo run again on the same test bed takes back the fields its previous run edited live.
  const code = flotilla(['sync', app, '--wait', '--force', '--timeout', '5m', '--config', fleet]);
  if (code !== 0) throw new Error(`flotilla sync ${app} exited ${code}`);
}

function flotilla(args: string[]): number {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'flotilla.js'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env() },
  });
  return r.status ?? 1;
}

async function main(): Promise<void> {
  say('building flotilla (npm run build)');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  await up(3, (l) => process.stderr.write(`testbed: ${l}\n`));
  const fresh = await createRepository();
  const dir = join(paths().root, 'demo');
  mkdirSync(dir, { recursive: true });
  const fleet = join(dir, 'flotilla.yaml');
  writeFileSync(fleet, demoFleetFile(gitUrl));
  say(`fleet file ${fleet}`);
  if (fresh) {
    // A first release of billing, synced, so that its history has an older revision to roll back to.
    const first = await seedRepository(billingFirstRelease);
    say(`demo repository ${gitUrl}/demo.git at ${first.slice(0, 7)} (${billingFirstRelease.subject})`);
    syncApp('billing', fleet);
  }
  const sha = await seedRepository(currentRelease);
  say(`demo repository ${gitUrl}/demo.git at ${sha.slice(0, 7)}`);
  await applyDemoState(fleet);
  say(
    `synced ${syncedApps.join(', ')} with flotilla sync; then edited "billing" live (env LOG_LEVEL, ConfigMap value): it drifts`,
  );

  say(
    'the test bed keeps running; use it with: eval "$(npm run -s testbed -- env)"; stop it with: npm run testbed -- down',
  );
  if (process.stdout.isTTY) {
    say(`starting: flotilla --config ${fleet}   (? for keys, Ctrl-c to quit)`);
    say(
      'try: s on billing (the plan; f takes the hand edit back; Enter, type prod-eu), H for its history, R to roll back',
    );
    flotilla(['--config', fleet]);
    return;
  }
  // No terminal (a pipeline): show what the headless commands say instead.
  for (const args of [
    ['validate', '--config', fleet],
    ['status', '--config', fleet],
  ]) {
    say(`running: flotilla ${args.join(' ')}`);
    flotilla(args);
  }
}

main().catch((err: unknown) => {
  say(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
