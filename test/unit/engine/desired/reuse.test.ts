/** A new commit re-renders only the apps whose inputs it touched. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleet, type Fleet } from '../../../../src/engine/config/index.js';
import { DesiredStates, openRepos } from '../../../../src/engine/desired/index.js';
import { createRenderer } from '../../../../src/engine/render/index.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-reuse-'));
const repo = join(root, 'deploy');
let fleet: Fleet;

function commit(files: Record<string, string>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@flotilla.local', ...a], {
      encoding: 'utf8',
    }).trim();
  git('add', '-A');
  git('commit', '--quiet', '-m', message);
  return git('rev-parse', 'HEAD');
}

const cm = (name: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {v: "${value}"}\n`;

beforeAll(() => {
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
  commit({ 'apps/a/cm.yaml': cm('a', '1'), 'apps/b/cm.yaml': cm('b', '1'), 'README.md': 'x\n' }, 'first');
  const parsed = parseFleet(
    `clusters: [{ name: c, context: ctx }]
repos: [{ name: deploy, url: ${repo} }]
apps:
  - { name: a, repo: deploy, revision: main, path: apps/a, destination: { cluster: c, namespace: ns } }
  - { name: b, repo: deploy, revision: main, path: apps/b, destination: { cluster: c, namespace: ns } }
`,
    join(root, 'flotilla.yaml'),
    { kubeContexts: ['ctx'] },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  fleet = parsed.value;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('desired states across commits', () => {
  it('re-renders only the apps a commit touches, and moves the others to the new commit', async () => {
    const states = new DesiredStates(
      fleet,
      openRepos(fleet, { cacheRoot: join(root, 'cache'), env: {} }),
      createRenderer({ env: {} }),
    );
    const renderAll = async () =>
      Promise.all(
        fleet.apps.map(async (app) => {
          const r = await states.render(app);
          if (!r.ok) throw new Error(JSON.stringify(r.problems));
          return r.value;
        }),
      );

    const [a1, b1] = await renderAll();
    expect(states.rendersRun).toBe(2);
    expect(a1?.output.inputs).toEqual(['apps/a/cm.yaml']);

    const second = commit({ 'apps/a/cm.yaml': cm('a', '2') }, 'change a');
    states.newRefresh();
    const [a2, b2] = await renderAll();
    expect(states.rendersRun).toBe(3);
    expect(a2?.output.objects[0]?.object.data).toEqual({ v: '2' });
    expect(b2?.sha).toBe(second);
    expect(b2?.output).toBe(b1?.output);

    commit({ 'README.md': 'y\n' }, 'docs only');
    states.newRefresh();
    await renderAll();
    expect(states.rendersRun).toBe(3);

    commit({ 'apps/b/extra.yaml': cm('b-extra', '1') }, 'add to b');
    states.newRefresh();
    const [, b4] = await renderAll();
    expect(states.rendersRun).toBe(4);
    expect(b4?.output.objects.map((o) => o.identity.name).sort()).toEqual(['b', 'b-extra']);
  });
});
