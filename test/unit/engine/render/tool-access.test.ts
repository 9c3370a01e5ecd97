/** What helm and kustomize may reach: a minimal environment, and no remote bases or chart repositories
 * unless the app allows them. Stand-in tools (shell scripts) show what the real ones would receive. */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskTree } from '../../../../src/engine/render/disk-tree.js';
import { createRenderer } from '../../../../src/engine/render/renderer.js';
import { toolEnvironment } from '../../../../src/engine/render/tool-env.js';
import type { RenderOutput, RenderRequest } from '../../../../src/engine/render/types.js';
import type { Problem, Result } from '../../../../src/engine/problem.js';

const cleanups: string[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-access-test-'));
  cleanups.push(dir);
  return dir;
}

/** A repository folder with the given files, as a tree. */
async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** A folder with stand-ins for kustomize and helm that write their environment to `envFile` and print a ConfigMap. */
async function envPrintingTools(envFile: string): Promise<string> {
  const bin = await tempDir();
  const body = `#!/bin/sh\nenv > "${envFile}"\nprintf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: out\\n'\n`;
  for (const tool of ['kustomize', 'helm']) {
    await writeFile(join(bin, tool), body);
    await chmod(join(bin, tool), 0o755);
  }
  return bin;
}

const parentEnv = (bin: string) => ({
  PATH: `${bin}:/usr/bin:/bin`,
  HOME: '/home/operator',
  HELM_CACHE_HOME: '/home/operator/.cache/helm',
  FLOTILLA_TEST_SECRET: 'hunter2',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI',
  GIT_TOKEN: 'ghp_example',
  KUBECONFIG: '/home/operator/.kube/config',
  HELM_REGISTRY_CONFIG: '/home/operator/registry.json',
});

function problems(result: Result<RenderOutput>): Problem[] {
  if (result.ok) throw new Error('expected the render to fail');
  return result.problems;
}

function envOf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('toolEnvironment', () => {
  it('keeps PATH, HOME and the tools folders, closes the network, and drops everything else', () => {
    expect(toolEnvironment(parentEnv('/bin'))).toEqual({
      PATH: '/bin:/usr/bin:/bin',
      HOME: '/home/operator',
      HELM_CACHE_HOME: '/home/operator/.cache/helm',
      GIT_ALLOW_PROTOCOL: 'file',
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      ALL_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
      NO_PROXY: '',
      no_proxy: '',
    });
  });

  it('passes the variables the app names, and leaves the network alone when remote fetches are allowed', () => {
    const env = toolEnvironment(parentEnv('/bin'), {
      allowRemote: true,
      env: ['HELM_REGISTRY_CONFIG', 'UNSET'],
    });
    expect(env).toEqual({
      PATH: '/bin:/usr/bin:/bin',
      HOME: '/home/operator',
      HELM_CACHE_HOME: '/home/operator/.cache/helm',
      HELM_REGISTRY_CONFIG: '/home/operator/registry.json',
    });
  });
});

describe('the environment a tool runs with', () => {
  it.each([
    ['kustomize', { 'app/kustomization.yaml': 'resources: [cm.yaml]\n', 'app/cm.yaml': 'kind: ConfigMap\n' }],
    ['helm', { 'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' }],
  ])('%s never sees secret-looking variables of flotilla', async (_, files) => {
    const envFile = join(await tempDir(), 'env');
    const renderer = createRenderer({ env: parentEnv(await envPrintingTools(envFile)) });
    const tree = createDiskTree(await repoWith(files), 'test repo');
    const result = await renderer.render({ tree, path: 'app', namespace: 'web' });
    expect(result.ok).toBe(true);
    const seen = envOf(await readFile(envFile, 'utf8'));
    for (const name of [
      'FLOTILLA_TEST_SECRET',
      'AWS_SECRET_ACCESS_KEY',
      'GIT_TOKEN',
      'KUBECONFIG',
      'HELM_REGISTRY_CONFIG',
    ])
      expect(seen).not.toHaveProperty(name);
    expect(seen).toMatchObject({ HOME: '/home/operator', HTTPS_PROXY: 'http://127.0.0.1:9' });
    expect(Object.values(seen).join('\n')).not.toMatch(/hunter2|wJalrXUtnFEMI|ghp_example/);
  });

  it('passes a variable the app names', async () => {
    const envFile = join(await tempDir(), 'env');
    const renderer = createRenderer({ env: parentEnv(await envPrintingTools(envFile)) });
    const tree = createDiskTree(
      await repoWith({ 'app/Chart.yaml': 'apiVersion: v2\nname: app\n' }),
      'test repo',
    );
    await renderer.render({
      tree,
      path: 'app',
      namespace: 'web',
      options: { access: { env: ['HELM_REGISTRY_CONFIG'] } },
    });
    expect(envOf(await readFile(envFile, 'utf8'))).toMatchObject({
      HELM_REGISTRY_CONFIG: '/home/operator/registry.json',
    });
  });
});

describe('remote references', () => {
  const render = async (files: Record<string, string>, request: Partial<RenderRequest> = {}) => {
    const envFile = join(await tempDir(), 'env');
    const renderer = createRenderer({ env: parentEnv(await envPrintingTools(envFile)) });
    const tree = createDiskTree(await repoWith(files), 'test repo');
    return renderer.render({ tree, path: 'app', namespace: 'web', ...request });
  };

  it('refuses kustomize remote resources and bases, naming file and field, before running the tool', async () => {
    const result = await render({
      'app/kustomization.yaml': [
        'resources:',
        '  - base',
        '  - https://raw.example.com/deploy.yaml',
        '  - github.com/example/repo//base?ref=v1',
        'components: ["git::https://example.com/c.git"]',
        'helmCharts: [{name: x, repo: https://charts.example.com}]',
        '',
      ].join('\n'),
      'app/base/kustomization.yaml': 'bases: [git@github.com:example/other.git]\n',
    });
    expect(problems(result).map((p) => [p.code, p.source?.file, p.source?.field])).toEqual([
      ['render.remote-refused', 'app/kustomization.yaml', 'resources[1]'],
      ['render.remote-refused', 'app/kustomization.yaml', 'resources[2]'],
      ['render.remote-refused', 'app/kustomization.yaml', 'components[0]'],
      ['render.remote-refused', 'app/kustomization.yaml', 'helmCharts[0].repo'],
      ['render.remote-refused', 'app/base/kustomization.yaml', 'bases[0]'],
    ]);
    expect(problems(result)[0]?.hint).toMatch(/render\.allowRemote: true/);
  });

  it('takes a folder named like a host for a local base', async () => {
    const result = await render({
      'app/kustomization.yaml': 'resources: [example.com/base]\n',
      'app/example.com/base/cm.yaml': 'kind: ConfigMap\n',
    });
    expect(result.ok).toBe(true);
  });

  it('refuses chart dependencies from https and oci repositories that helm dependency build would fetch', async () => {
    const chart = [
      'apiVersion: v2',
      'name: app',
      'dependencies:',
      '  - { name: local, repository: "file://../lib" }',
      '  - { name: redis, repository: "https://charts.example.com" }',
      '  - { name: pg, repository: "oci://registry.example.com/charts" }',
      '',
    ].join('\n');
    const result = await render({ 'app/Chart.yaml': chart, 'lib/Chart.yaml': 'name: lib\n' });
    expect(problems(result).map((p) => [p.source?.file, p.source?.field])).toEqual([
      ['app/Chart.yaml', 'dependencies[1].repository'],
      ['app/Chart.yaml', 'dependencies[2].repository'],
    ]);
    // Vendored under charts/: nothing is fetched, so nothing is refused.
    const vendored = await render({
      'app/Chart.yaml': chart,
      'lib/Chart.yaml': 'name: lib\n',
      'app/charts/redis.tgz': 'x',
    });
    expect(vendored.ok).toBe(true);
  });

  it('lets an app that allows remote fetches reach them, with the network open', async () => {
    const envFile = join(await tempDir(), 'env');
    const renderer = createRenderer({ env: parentEnv(await envPrintingTools(envFile)) });
    const tree = createDiskTree(
      await repoWith({ 'app/kustomization.yaml': 'resources: [https://example.com/a.yaml]\n' }),
      'r',
    );
    const result = await renderer.render({
      tree,
      path: 'app',
      namespace: 'web',
      options: { access: { allowRemote: true } },
    });
    expect(result.ok).toBe(true);
    expect(envOf(await readFile(envFile, 'utf8'))).not.toHaveProperty('HTTPS_PROXY');
  });
});
