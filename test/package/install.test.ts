/**
 * The package an ops host installs: `npm pack` in the checkout, `npm install -g` of the tarball into
 * an empty prefix with no registry (--offline), and the installed `flotilla` run from outside the
 * checkout, with nothing on PATH but node.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../testbed/layout.js';
import { TmuxSession } from '../support/tmux.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'flotilla-package-'));
const prefix = join(work, 'prefix');
const flotilla = join(prefix, 'bin', 'flotilla');
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

/** What `npm pack --json` reports about the tarball. */
interface PackReport {
  filename: string;
  files: { path: string }[];
  bundled: string[];
}
let packed: PackReport;

/** npm's own settings from `npm test` must not steer the inner npm (prefix, global, offline…). */
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
);

/** An ops host: a PATH with node alone (no helm, kustomize, git or checkout), a home of its own. */
const hostEnv = {
  HOME: join(work, 'home'),
  PATH: join(work, 'path'),
  LANG: 'C.UTF-8',
  KUBECONFIG: join(work, 'kubeconfig'),
};

function flotillaRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(flotilla, args, { cwd: work, env: hostEnv }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A local Git repository with a plain-YAML app and a Helm chart, committed on main. */
function makeRepo(dir: string): void {
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('apps/web/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {A: "1"}\n');
  write('charts/api/Chart.yaml', 'apiVersion: v2\nname: api\nversion: 0.1.0\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'apps');
}

/** A fleet on one cluster whose API server is a closed port: nothing here needs a live cluster. */
function writeFleet(name: string, apps: string): string {
  writeFileSync(
    hostEnv.KUBECONFIG,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1"}}]',
      'users: [{name: nobody, user: {token: not-a-secret}}]',
      'contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]',
      'current-context: nowhere',
      '',
    ].join('\n'),
  );
  const file = join(work, `${name}.yaml`);
  writeFileSync(
    file,
    `clusters:\n  - { name: local, context: nowhere }\nrepos:\n  - { name: deploy, url: ./repo }\napps:\n${apps}`,
  );
  return file;
}

const webApp =
  '  - { name: web, repo: deploy, revision: main, path: apps/web, destination: { cluster: local, namespace: web } }\n';
const helmApp =
  '  - { name: api, repo: deploy, revision: main, path: charts/api, destination: { cluster: local, namespace: api } }\n';

beforeAll(async () => {
  mkdirSync(hostEnv.HOME);
  mkdirSync(hostEnv.PATH);
  symlinkSync(process.execPath, join(hostEnv.PATH, 'node'));
  makeRepo(join(work, 'repo'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: repoRoot,
    env: npmEnv,
    maxBuffer: 256 * 1024 * 1024,
  });
  // Lifecycle scripts (prepack: the build) print their banners before the JSON.
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('\n[') + 1)) as PackReport[])[0]!;
  await run(
    'npm',
    [
      'install',
      '--global',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      join(work, packed.filename),
    ],
    { cwd: work, env: npmEnv, maxBuffer: 64 * 1024 * 1024 },
  );
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the built program, its themes and its dependencies, and no tests, dev aids or source maps', () => {
    const ours = packed.files.map((f) => f.path).filter((path) => !path.startsWith('node_modules/'));
    expect(ours).toContain('bin/flotilla.js');
    expect(ours).toContain('dist/cli/run.js');
    expect(ours).toContain('dist/engine/workers/monitor-worker.js');
    expect(ours).toContain('themes/default-dark.json');
    expect(
      ours.filter((path) => !/^(bin|dist|themes)\/|^(package\.json|README\.md|LICENSE)$/.test(path)),
    ).toEqual([]);
    expect(ours.filter((path) => /\.map$|\.ts$|preview|gen-docs|(^|\/)test\//.test(path))).toEqual([]);
    // Every runtime dependency travels in the tarball, so installing needs no registry.
    const dependencies = Object.keys(
      (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: object })
        .dependencies,
    );
    expect(packed.bundled).toEqual(expect.arrayContaining(dependencies));
  });

  it('installs a flotilla that prints its version', async () => {
    const r = await flotillaRun(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `flotilla ${version}\n` });
  });

  it('judges health offline', async () => {
    const fixture = join(repoRoot, 'test', 'fixtures', 'health', 'deployment', 'healthy.yaml');
    const r = await flotillaRun(['health', '-f', fixture]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Deployment\s+demo\s+healthy\s+Healthy/);
  });

  it('validates a fleet with a local repository', async () => {
    const r = await flotillaRun(['validate', '--config', writeFleet('web', webApp)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/web\s+local\s+web\s+main@[0-9a-f]{7}\s+directory\s+1\s+ok/);
    expect(r.code).toBe(0);
  });

  it('says plainly that helm is missing from PATH for a Helm app', async () => {
    const r = await flotillaRun(['validate', '--config', writeFleet('web-and-helm', webApp + helmApp)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/helm was not found on PATH/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('starts the terminal UI and quits cleanly on Ctrl-c', async () => {
    const fleet = writeFleet('tui', webApp);
    const vars = Object.entries(hostEnv)
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    const tui = TmuxSession.start(
      `flotilla-package-${process.pid}`,
      `cd ${work} && env -i ${vars} TERM=xterm-256color ${flotilla} --config ${fleet} 2>${join(work, 'tui.err')}; echo exited $?; sleep 60`,
    );
    try {
      // The app row with its commit: the monitor worker runs and reads the local repository.
      await tui.waitFor(/flotilla │ fleet[\s\S]*web\s+✗?local\s+web\s.*[0-9a-f]{7} main/, 90_000);
      const after = await tui.press('C-c', /exited 0/, 15_000);
      expect(after).not.toMatch(/flotilla │ fleet/);
      // Nothing but terminal control (Ink shows the cursor again on stderr): no error, no warning.
      expect(stripVTControlCharacters(readFileSync(join(work, 'tui.err'), 'utf8'))).toBe('');
    } finally {
      tui.kill();
    }
  });
});
