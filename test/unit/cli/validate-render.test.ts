/** `flotilla validate` and `flotilla render` on a local repository built by the test. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runFlotilla } from '../../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-validate-'));
const repo = join(root, 'deploy');
const env = {
  HOME: root,
  XDG_CACHE_HOME: join(root, 'cache'),
  KUBECONFIG: join(root, 'kubeconfig'),
  PATH: process.env.PATH,
};
let firstSha = '';

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@flotilla.local', ...args],
    { encoding: 'utf8' },
  ).trim();
}

const configMap = (name: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;

function fleet(extra = ''): string {
  return `clusters:
  - { name: staging, context: ctx-a, labels: { env: staging } }
  - { name: prod, context: ctx-b, labels: { env: prod } }
repos:
  - { name: deploy, url: ${repo} }
apps:
  - name: settings
    repo: deploy
    revision: main
    path: apps/settings
    destination: { cluster: staging, namespace: team-a }
appSets:
  - name: web
    clusters: { matchLabels: { env: prod } }
    template:
      repo: deploy
      revision: main
      path: apps/web
      destination: { cluster: "{{cluster.name}}", namespace: web }
${extra}`;
}

beforeAll(() => {
  writeFileSync(
    env.KUBECONFIG,
    'apiVersion: v1\nkind: Config\ncontexts:\n  - {name: ctx-a, context: {cluster: a, user: u}}\n  - {name: ctx-b, context: {cluster: b, user: u}}\n',
  );
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
  write('apps/settings/cm.yaml', configMap('settings', 'one'));
  write('apps/web/all.yaml', `${configMap('web', 'x')}---\n${configMap('web-extra', 'y')}`);
  git('add', '-A');
  git('commit', '--quiet', '-m', 'first');
  firstSha = git('rev-parse', 'HEAD');
  write('apps/settings/cm.yaml', configMap('settings', 'two'));
  git('commit', '--quiet', '-am', 'second');
  writeFileSync(join(root, 'flotilla.yaml'), fleet());
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('flotilla validate', () => {
  it('renders every app, app sets expanded, and exits 0 when all is valid', async () => {
    const r = await runFlotilla(['validate'], { env, cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^settings\s+staging\s+team-a\s+main@[0-9a-f]{7}\s+directory\s+1\s+ok$/m);
    expect(r.stdout).toMatch(/^web-prod\s+prod\s+web\s+main@[0-9a-f]{7}\s+directory\s+2\s+ok$/m);
    expect(r.stdout).toMatch(/\nvalid\n$/);
  });

  it('reports a fleet-file error with its line and field, and exits 1', async () => {
    writeFileSync(
      join(root, 'typo.yaml'),
      fleet().replace('    path: apps/settings', '    path: apps/settings\n    pathh: x'),
    );
    const r = await runFlotilla(['validate', '--config', 'typo.yaml'], { env, cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/typo\.yaml:11:5 apps\[0\]\.pathh/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names the file and line of malformed YAML in an app and marks only that app invalid', async () => {
    write('apps/web/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\ndata: {}\n');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'broken');
    try {
      const r = await runFlotilla(['validate', '-o', 'json'], { env, cwd: root });
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as {
        valid: boolean;
        apps: { name: string; valid: boolean; problems: { source?: { file?: string; line?: number } }[] }[];
      };
      expect(report.valid).toBe(false);
      expect(report.apps.find((a) => a.name === 'settings')?.valid).toBe(true);
      const web = report.apps.find((a) => a.name === 'web-prod');
      expect(web?.valid).toBe(false);
      expect(web?.problems[0]?.source).toMatchObject({ file: 'apps/web/broken.yaml', line: 4 });
    } finally {
      git('rm', '--quiet', 'apps/web/broken.yaml');
      git('commit', '--quiet', '-m', 'fix');
    }
  });

  it('says when there is no fleet file, with what to do', async () => {
    const r = await runFlotilla(['validate'], { env, cwd: tmpdir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no fleet file/i);
    expect(r.stderr).toMatch(/--config/);
  });
});

describe('flotilla render', () => {
  it('prints the objects with their sources and the namespace filled in', async () => {
    const r = await runFlotilla(['render', 'settings'], { env, cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Source: apps/settings/cm.yaml:1');
    const objects = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as { metadata: { namespace: string }; data: { value: string } } | null)
      .filter((o) => o !== null);
    expect(objects).toHaveLength(1);
    expect(objects[0]?.metadata.namespace).toBe('team-a');
    expect(objects[0]?.data.value).toBe('two');
  });

  it('renders an older commit with --revision', async () => {
    const r = await runFlotilla(['render', 'settings', '--revision', firstSha.slice(0, 10), '-o', 'json'], {
      env,
      cwd: root,
    });
    expect(r.code).toBe(0);
    const objects = JSON.parse(r.stdout) as { object: { data: { value: string } }; hash: string }[];
    expect(objects[0]?.object.data.value).toBe('one');
    expect(objects[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the apps when the name is unknown, exit 2', async () => {
    const r = await runFlotilla(['render', 'nope'], { env, cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('settings, web-prod');
  });
});
