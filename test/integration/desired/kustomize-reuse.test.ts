/** A Kustomize overlay depends on files outside its path: a change to its base re-renders it, a
 * change to a sibling overlay does not (the real kustomize from the test bed). */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFleet } from '../../../src/engine/config/index.js';
import { DesiredStates, openRepos } from '../../../src/engine/desired/index.js';
import { createRenderer } from '../../../src/engine/render/index.js';
import { repoRoot } from '../../testbed/layout.js';
import { testbed } from '../../support/testbed.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-kreuse-'));
const repo = join(root, 'deploy');
const env = { PATH: `${testbed().bin}:${process.env.PATH ?? ''}` };

function commitAll(message: string): void {
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@flotilla.local', ...a]);
  git('add', '-A');
  git('commit', '--quiet', '-m', message);
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('desired states of a Kustomize overlay across commits', () => {
  it('re-renders the overlay when its base changes, not when a sibling overlay does', async () => {
    execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
    cpSync(join(repoRoot, 'test', 'testbed', 'demo-repo', 'apps', 'web'), join(repo, 'apps', 'web'), {
      recursive: true,
    });
    commitAll('web');
    const parsed = parseFleet(
      `clusters: [{ name: c, context: ctx }]\nrepos: [{ name: deploy, url: ${repo} }]\napps:\n  - { name: web, repo: deploy, revision: main, path: apps/web/overlays/prod, destination: { cluster: c, namespace: web } }\n`,
      join(root, 'flotilla.yaml'),
      { kubeContexts: ['ctx'] },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const app = parsed.value.apps[0]!;
    const states = new DesiredStates(
      parsed.value,
      openRepos(parsed.value, { cacheRoot: join(root, 'cache'), env }),
      createRenderer({ env }),
    );
    const render = async () => {
      states.newRefresh();
      const r = await states.render(app);
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.value;
    };

    const first = await render();
    expect(first.output.renderer).toBe('kustomize');
    expect(first.output.inputs).toContain('apps/web/base/deployment.yaml');

    writeFileSync(
      join(repo, 'apps', 'web', 'overlays', 'staging', 'kustomization.yaml'),
      'resources: [../../base]\n',
    );
    commitAll('staging only');
    await render();
    expect(states.rendersRun).toBe(1);

    const deployment = join(repo, 'apps', 'web', 'base', 'deployment.yaml');
    execFileSync('sed', ['-i', 's/web:1.4.0/web:1.4.1/', deployment]);
    commitAll('base image');
    const third = await render();
    expect(states.rendersRun).toBe(2);
    const image = JSON.stringify(third.output.objects.find((o) => o.identity.kind === 'Deployment')?.object);
    expect(image).toContain('registry.example/web:1.4.1');
  });
});
