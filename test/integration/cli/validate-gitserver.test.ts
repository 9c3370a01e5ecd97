/** `flotilla validate` and `render` over the test bed's Git server: two repositories (one needing a
 * token), plain YAML, Kustomize and Helm apps, an app set over the three clusters. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../testbed/layout.js';
import { runFlotilla } from '../../support/cli.js';
import { testbed } from '../../support/testbed.js';

const tb = testbed();
const id = `${process.pid}-${Date.now()}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-validate-int-'));
const openRepo = `int-platform-${id}`;
const privateRepo = `private-int-apps-${id}`;
const demoApps = join(repoRoot, 'test', 'testbed', 'demo-repo', 'apps');

function pushRepo(name: string, fill: (dir: string) => void, auth = false): void {
  execFileSync('git', [
    'init',
    '--quiet',
    '--bare',
    '--initial-branch=main',
    join(tb.gitRoot, `${name}.git`),
  ]);
  const dir = join(work, name);
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir]);
  fill(dir);
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@flotilla.local', ...a]);
  git('add', '-A');
  git('commit', '--quiet', '-m', 'seed');
  const header = `Authorization: Basic ${Buffer.from(`${tb.gitUser}:${tb.gitToken()}`).toString('base64')}`;
  git(
    ...(auth ? ['-c', `http.extraHeader=${header}`] : []),
    'push',
    '--quiet',
    `${tb.gitUrl}/${name}.git`,
    'main',
  );
}

function fleet(): string {
  return `clusters:
  - { name: staging, context: ${tb.context(1)}, labels: { env: staging } }
  - { name: prod-eu, context: ${tb.context(2)}, labels: { env: prod } }
  - { name: prod-us, context: ${tb.context(3)}, labels: { env: prod } }
repos:
  - { name: platform, url: ${tb.gitUrl}/${openRepo}.git }
  - name: apps
    url: ${tb.gitUrl}/${privateRepo}.git
    auth: { usernameEnv: GIT_USER, tokenEnv: GIT_TOKEN }
apps:
  - { name: guestbook, repo: apps, revision: main, path: apps/guestbook, destination: { cluster: staging, namespace: guestbook } }
  - name: podinfo
    repo: platform
    revision: main
    path: apps/podinfo
    destination: { cluster: staging, namespace: podinfo }
    helm: { values: { replicaCount: 3 } }
appSets:
  - name: web
    clusters: { matchExpressions: [{ key: env, operator: Exists }] }
    template:
      repo: platform
      revision: main
      path: apps/web/overlays/{{cluster.labels.env}}
      destination: { namespace: web }
`;
}

const env = (token: string) => ({
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
  GIT_USER: tb.gitUser,
  GIT_TOKEN: token,
});

beforeAll(() => {
  pushRepo(openRepo, (dir) => {
    cpSync(join(demoApps, 'web'), join(dir, 'apps', 'web'), { recursive: true });
    cpSync(join(demoApps, 'podinfo'), join(dir, 'apps', 'podinfo'), { recursive: true });
  });
  pushRepo(
    privateRepo,
    (dir) => cpSync(join(demoApps, 'guestbook'), join(dir, 'apps', 'guestbook'), { recursive: true }),
    true,
  );
  writeFileSync(join(work, 'flotilla.yaml'), fleet());
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  for (const name of [openRepo, privateRepo])
    rmSync(join(tb.gitRoot, `${name}.git`), { recursive: true, force: true });
});

describe('validate and render over the test bed Git server', () => {
  it('validates every app of two repos and an app set, with the token from the environment', async () => {
    const r = await runFlotilla(['validate'], { env: env(tb.gitToken()), cwd: work });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^guestbook\s+staging\s+guestbook\s+main@\w{7}\s+directory\s+3\s+ok$/m);
    expect(r.stdout).toMatch(/^podinfo\s+staging\s+podinfo\s+main@\w{7}\s+helm\s+3\s+ok$/m);
    for (const cluster of ['staging', 'prod-eu', 'prod-us'])
      expect(r.stdout).toMatch(
        new RegExp(`^web-${cluster}\\s+${cluster}\\s+web\\s+main@\\w{7}\\s+kustomize\\s+2\\s+ok$`, 'm'),
      );
  });

  it('reports a wrong token as an authentication problem on that repo only, never printing the token', async () => {
    const wrong = 'not-the-token-4f1e2d';
    const r = await runFlotilla(['validate', '--config', join(work, 'flotilla.yaml'), '-o', 'json'], {
      env: { ...env(wrong), XDG_CACHE_HOME: join(work, 'cache-wrong') },
      cwd: work,
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      apps: { name: string; valid: boolean; problems: { code: string }[] }[];
    };
    expect(report.apps.find((a) => a.name === 'guestbook')?.problems.map((p) => p.code)).toContain(
      'git.auth',
    );
    expect(report.apps.find((a) => a.name === 'podinfo')?.valid).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });

  it('renders the Helm app with its inline values through the real helm binary', async () => {
    const r = await runFlotilla(['render', 'podinfo', '-o', 'json'], { env: env(tb.gitToken()), cwd: work });
    expect(r.code).toBe(0);
    const objects = JSON.parse(r.stdout) as {
      identity: { kind: string; namespace: string };
      object: { spec?: { replicas?: number }; metadata: { annotations?: Record<string, string> } };
    }[];
    const deployment = objects.find((o) => o.identity.kind === 'Deployment');
    expect(deployment?.object.spec?.replicas).toBe(3);
    expect(deployment?.identity.namespace).toBe('podinfo');
    const hook = objects.find((o) => o.identity.kind === 'Job');
    expect(hook?.object.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
  });
});
