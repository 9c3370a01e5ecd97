/** `flotilla render` masks Secret values unless asked not to, in YAML and JSON alike. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlotilla } from '../../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-render-secrets-'));
const repo = join(root, 'deploy');
const env = {
  HOME: root,
  XDG_CACHE_HOME: join(root, 'cache'),
  KUBECONFIG: join(root, 'kubeconfig'),
  PATH: process.env.PATH,
};
const password = 'correct-horse-battery';
const passwordBase64 = Buffer.from(password).toString('base64');

const fleet = (readOnly: boolean) => `settings: { readOnly: ${readOnly} }
clusters: [{ name: staging, context: ctx-a }]
repos: [{ name: deploy, url: ${repo} }]
apps:
  - { name: db, repo: deploy, revision: main, path: app, destination: { cluster: staging, namespace: db } }
`;

beforeAll(() => {
  writeFileSync(
    env.KUBECONFIG,
    'apiVersion: v1\nkind: Config\ncontexts:\n  - {name: ctx-a, context: {cluster: a, user: u}}\n',
  );
  mkdirSync(join(repo, 'app'), { recursive: true });
  writeFileSync(
    join(repo, 'app', 'secret.yaml'),
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${passwordBase64}\nstringData:\n  user: ${password}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  visible: shown-as-is\n`,
  );
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
  execFileSync('git', ['-C', repo, 'add', '-A']);
  execFileSync('git', [
    '-C',
    repo,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@flotilla.local',
    'commit',
    '--quiet',
    '-m',
    'one',
  ]);
  writeFileSync(join(root, 'flotilla.yaml'), fleet(false));
  writeFileSync(join(root, 'readonly.yaml'), fleet(true));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('flotilla render and Secrets', () => {
  it('masks Secret values in YAML output, and leaves other kinds alone', async () => {
    const r = await runFlotilla(['render', 'db'], { env, cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(passwordBase64);
    expect(r.stdout).not.toContain(password);
    expect(r.stdout).toMatch(/password: "?\+{8,}"?/);
    expect(r.stdout).toContain('visible: shown-as-is');
  });

  it('masks Secret values in JSON output and leaves out their hash', async () => {
    const r = await runFlotilla(['render', 'db', '-o', 'json'], { env, cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(passwordBase64);
    expect(r.stdout).not.toContain(password);
    const [secret, configMap] = JSON.parse(r.stdout) as {
      hash: string | null;
      object: { data: Record<string, string> };
    }[];
    expect(secret?.hash).toBeNull();
    expect(Object.values(secret?.object.data ?? {}).every((v) => /^\++$/.test(v))).toBe(true);
    expect(configMap?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints them with --show-secrets', async () => {
    const r = await runFlotilla(['render', 'db', '--show-secrets', '-o', 'json'], { env, cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(passwordBase64);
  });

  it('refuses --show-secrets in read-only mode, from the flag or the fleet file, as a usage error', async () => {
    const flag = await runFlotilla(['render', 'db', '--show-secrets', '--readonly'], { env, cwd: root });
    const settings = await runFlotilla(['render', 'db', '--show-secrets', '--config', 'readonly.yaml'], {
      env,
      cwd: root,
    });
    for (const r of [flag, settings]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/--show-secrets is refused/);
    }
  });
});
