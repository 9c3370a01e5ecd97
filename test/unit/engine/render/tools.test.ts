import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../../../src/engine/render/renderer.js';
import { cleanMessage } from '../../../../src/engine/render/tools.js';
import type { RenderOutput } from '../../../../src/engine/render/types.js';
import type { Problem, Result } from '../../../../src/engine/problem.js';
import { fixtureTree } from './fixtures.js';

// Stand-ins for kustomize, kubectl and helm (small shell scripts): they test flotilla's plumbing,
// what it writes and passes and how it reads the answer. The real tools run in test/integration/render.

const cleanups: string[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-tools-test-'));
  cleanups.push(dir);
  return dir;
}

/** PATH with the fake tools first, then the system's folders for the shell utilities the scripts use. */
const withSystem = (bin: string) => `${bin}:/usr/bin:/bin`;

/** A folder holding executable scripts named after tools. */
async function fakeBin(tools: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, body] of Object.entries(tools)) {
    await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

const overlay = { tree: fixtureTree('kustomize'), path: 'apps/web/overlays/prod', namespace: 'web' };
const chart = { tree: fixtureTree('helm'), path: 'charts/web', namespace: 'shop', appName: 'shop-web' };

function problems(result: Result<RenderOutput>): Problem[] {
  if (result.ok) throw new Error('expected the render to fail');
  return result.problems;
}

function objects(result: Result<RenderOutput>) {
  if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result.problems)}`);
  return result.value.objects;
}

describe('missing tools', () => {
  it('names kustomize and kubectl when neither is on PATH', async () => {
    const [problem] = problems(await createRenderer({ env: { PATH: '' } }).render(overlay));
    expect(problem).toMatchObject({ code: 'render.tool-missing' });
    expect(problem?.message).toBe(
      'apps/web/overlays/prod has a kustomization, but kustomize or kubectl was not found on PATH',
    );
    expect(problem?.hint).toMatch(/Install kustomize .*or kubectl/);
  });

  it('names helm for a chart', async () => {
    const [problem] = problems(await createRenderer({ env: { PATH: '' } }).render(chart));
    expect(problem?.code).toBe('render.tool-missing');
    expect(problem?.message).toBe('charts/web is a Helm chart, but helm was not found on PATH');
    expect(problem?.hint).toContain('https://helm.sh/docs/intro/install/');
  });

  it('names a configured path that is not executable, without falling back', async () => {
    const kubectlDir = await fakeBin({ kubectl: 'exit 0' });
    const renderer = createRenderer({
      env: { PATH: kubectlDir },
      tools: { kustomize: '/nowhere/kustomize' },
    });
    const [problem] = problems(await renderer.render(overlay));
    expect(problem?.code).toBe('render.tool-missing');
    expect(problem?.message).toContain(
      'kustomize is configured as /nowhere/kustomize, which is not an executable file',
    );
  });
});

describe('kustomize plumbing', () => {
  it('materialises the overlay with what it references, and nothing unrelated', async () => {
    const bin = await fakeBin({ kustomize: 'cd "$2/../../../.." && find . -type f | sort >&2; exit 1' });
    const [problem] = problems(await createRenderer({ env: { PATH: withSystem(bin) } }).render(overlay));
    expect(problem?.code).toBe('render.tool-failed');
    const listed = problem?.message
      .replace(/^.*? failed: /, '')
      .split('\n')
      .map((line) => line.trim());
    expect(listed).toEqual([
      './apps/web/base/deployment.yaml',
      './apps/web/base/kustomization.yaml',
      './apps/web/base/service.yaml',
      './apps/web/overlays/prod/app.properties',
      './apps/web/overlays/prod/kustomization.yaml',
      './apps/web/overlays/prod/replicas-patch.yaml',
      './shared/components/labels/kustomization.yaml',
    ]);
  });

  it("shows the tool's own message with repository paths instead of temporary ones", async () => {
    const bin = await fakeBin({
      kustomize: 'echo "Error: accumulating resources: $2/missing.yaml: no such file" >&2; exit 1',
    });
    const [problem] = problems(await createRenderer({ env: { PATH: withSystem(bin) } }).render(overlay));
    expect(problem?.message).toBe(
      'kustomize build apps/web/overlays/prod failed: Error: accumulating resources: apps/web/overlays/prod/missing.yaml: no such file',
    );
  });

  it('reads the build output; objects point at the kustomization', async () => {
    const bin = await fakeBin({
      kustomize: 'printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: built\\n"',
    });
    const [object] = objects(await createRenderer({ env: { PATH: withSystem(bin) } }).render(overlay));
    expect(object).toMatchObject({
      identity: { kind: 'ConfigMap', name: 'built', namespace: 'web' },
      source: { file: 'apps/web/overlays/prod/kustomization.yaml' },
    });
  });

  it('falls back to kubectl kustomize', async () => {
    const bin = await fakeBin({
      kubectl:
        'printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: via-kubectl\\ndata:\\n  verb: %s\\n" "$1"',
    });
    const [object] = objects(await createRenderer({ env: { PATH: withSystem(bin) } }).render(overlay));
    expect(object?.object).toMatchObject({ metadata: { name: 'via-kubectl' }, data: { verb: 'kustomize' } });
  });

  it('kills a tool that outlives the time limit and removes its temporary folder', async () => {
    const bin = await fakeBin({ kustomize: 'sleep 5' });
    const scratch = await tempDir();
    const started = Date.now();
    const result = await createRenderer({
      env: { PATH: withSystem(bin) },
      timeoutMs: 300,
      tmpDir: scratch,
    }).render(overlay);
    expect(problems(result)[0]?.code).toBe('render.timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await readdir(scratch)).toEqual([]);
  });

  it('runs one tool at a time with concurrency 1', async () => {
    const locks = await tempDir();
    const bin = await fakeBin({
      kustomize: `mkdir "${locks}/busy" || exit 7; sleep 0.3; rmdir "${locks}/busy"; printf "kind: ConfigMap\\napiVersion: v1\\nmetadata: {name: ok}\\n"`,
    });
    const renderer = createRenderer({ env: { PATH: withSystem(bin) }, concurrency: 1 });
    const results = await Promise.all([
      renderer.render(overlay),
      renderer.render({ ...overlay, path: 'apps/web/base' }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
  });

  it('refuses output larger than the limit', async () => {
    const bin = await fakeBin({ kustomize: 'yes "# padding" | head -n 1000' });
    const [problem] = problems(
      await createRenderer({ env: { PATH: withSystem(bin) }, maxOutputBytes: 1000 }).render(overlay),
    );
    expect(problem?.code).toBe('render.output-too-large');
  });
});

describe('helm plumbing', () => {
  const echoArgs = [
    'printf -- "---\\n# Source: web/templates/args.yaml\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: args\\ndata:\\n  args: |\\n"',
    'for a in "$@"; do printf "    %s\\n" "$a"; done',
    'for a in "$@"; do case "$a" in *inline-values.yaml) printf "  inline: %s\\n" "$(cat "$a")";; esac; done',
  ].join('\n');

  it('passes release, namespace, CRDs, kube version and values files in order, inline values last', async () => {
    const bin = await fakeBin({ helm: echoArgs });
    const result = await createRenderer({ env: { PATH: withSystem(bin) } }).render({
      ...chart,
      options: {
        helm: {
          valueFiles: ['values.yaml', '../../envs/prod/values.yaml'],
          values: { replicas: 5 },
          kubeVersion: '1.36.0',
          apiVersions: ['example.com/v1'],
        },
      },
    });
    const [object] = objects(result);
    const args = String(object?.object.data && (object.object.data as { args: string }).args)
      .trim()
      .split('\n')
      .map((line) => line.replace(/^.*\/flotilla-render-[^/]+\//, '<tmp>/'));
    expect(args).toEqual([
      'template',
      'shop-web',
      '<tmp>/repo/charts/web',
      '--namespace',
      'shop',
      '--include-crds',
      '--kube-version',
      '1.36.0',
      '--api-versions',
      'example.com/v1',
      '--values',
      '<tmp>/repo/charts/web/values.yaml',
      '--values',
      '<tmp>/repo/envs/prod/values.yaml',
      '--values',
      '<tmp>/inline-values.yaml',
    ]);
    expect((object?.object.data as { inline: unknown }).inline).toEqual({ replicas: 5 });
    expect(object?.source).toEqual({
      file: 'charts/web/templates/args.yaml',
      template: 'web/templates/args.yaml',
    });
  });

  it('reports a values file that is not in the repository, before running helm', async () => {
    const bin = await fakeBin({ helm: 'exit 9' });
    const result = await createRenderer({ env: { PATH: withSystem(bin) } }).render({
      ...chart,
      options: { helm: { valueFiles: ['missing.yaml', '../../../../outside.yaml'] } },
    });
    expect(problems(result).map((p) => [p.code, p.message])).toEqual([
      [
        'render.value-file-missing',
        'values file missing.yaml does not exist (looked for charts/web/missing.yaml)',
      ],
      ['render.value-file-missing', 'values file ../../../../outside.yaml is outside the repository'],
    ]);
  });

  it('builds file:// dependencies first when the chart has no charts/ folder', async () => {
    const log = await tempDir();
    await mkdir(join(log, 'calls'));
    const bin = await fakeBin({
      helm: `echo "$1 $2" >> "${log}/calls/log"; [ "$1" = template ] || exit 0; ls "$3/../web" >&2; exit 1`,
    });
    const result = await createRenderer({ env: { PATH: withSystem(bin) } }).render({
      ...chart,
      path: 'charts/umbrella',
    });
    expect(problems(result)[0]?.message).toContain('Chart.yaml'); // the dependency folder was materialised too
    expect(await readFile(join(log, 'calls', 'log'), 'utf8')).toBe('dependency build\ntemplate shop-web\n');
  });
});

describe('cleanMessage', () => {
  it('makes temporary paths repository-relative and drops klog prefixes', () => {
    const raw =
      'E1128 03:17:12.093099   32449 run.go:72] "command failed" err="lstat /tmp/flotilla-render-x/repo/apps/a.yaml: no such file"\n';
    expect(cleanMessage(raw, ['/tmp/flotilla-render-x/repo', '/tmp/flotilla-render-x'])).toBe(
      '"lstat apps/a.yaml: no such file"',
    );
  });
});
