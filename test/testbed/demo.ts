/**
 * `npm run demo`: builds what is missing, brings up the test bed, seeds the demo repository into
 * its Git server, writes a demo fleet file, makes one app drift, and starts flotilla on it.
 * Without a terminal it runs `flotilla validate` and `flotilla status` instead of the TUI.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoFleetFile } from './demo-fleet.js';
import { paths, ports, repoRoot, testbedSrc } from './layout.js';

import { env, kubectl, up } from './testbed.js';

const run = promisify(execFile);
const say = (line: string) => process.stderr.write(`demo: ${line}\n`);
const gitUrl = `http://127.0.0.1:${ports.gitServer}`;

/** Pushes demo-repo/ to the Git server's demo.git as a new commit when its content changed. */
async function seedRepository(): Promise<string> {
  const bare = join(paths().gitRoot, 'demo.git');
  if (!existsSync(bare)) await run('git', ['init', '--bare', '--initial-branch=main', bare]);
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
    await git('add', '-A');
    const { stdout: changes } = await git('status', '--porcelain');
    if (changes.trim()) {
      await git(
        'commit',
        '--quiet',
        '-m',
        'Demo apps: plain YAML, Kustomize overlays, Helm chart, sync waves, drift',
      );
      await git('push', '--quiet', 'origin', 'main');
    }
    return (await git('rev-parse', 'HEAD')).stdout.trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Apps the demo applies as a sync would (there is no sync engine yet), by cluster. */
/** The apps the demo syncs; podinfo and shop stay unsynced (Missing). */
const syncedApps = ['guestbook', 'web-staging', 'web-prod-eu', 'web-prod-us', 'billing'];

/** Syncs some apps with `flotilla sync --wait`, then edits the billing app live so that it drifts from Git. */
async function applyDemoState(fleet: string): Promise<void> {
  for (const app of syncedApps) {
    // --force: a demo run again on the same test bed takes back the fields its previous run edited live.
    const code = flotilla(['sync', app, '--wait', '--force', '--timeout', '5m', '--config', fleet]);
    if (code !== 0) throw new Error(`flotilla sync ${app} exited ${code}`);
  }
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
  const sha = await seedRepository();
  say(`demo repository ${gitUrl}/demo.git at ${sha.slice(0, 7)}`);
  const dir = join(paths().root, 'demo');
  mkdirSync(dir, { recursive: true });
  const fleet = join(dir, 'flotilla.yaml');
  writeFileSync(fleet, demoFleetFile(gitUrl));
  say(`fleet file ${fleet}`);
  await applyDemoState(fleet);
  say(
    `synced ${syncedApps.join(', ')} with flotilla sync; then edited "billing" live (env LOG_LEVEL, ConfigMap value): it drifts`,
  );

  say(
    'the test bed keeps running; use it with: eval "$(npm run -s testbed -- env)"; stop it with: npm run testbed -- down',
  );
  if (process.stdout.isTTY) {
    say(`starting: flotilla --config ${fleet}   (? for keys, Ctrl-c to quit)`);
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
