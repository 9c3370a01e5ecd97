import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepoSource, pathAffected, type RepoSource } from '../../../../src/engine/git/index.js';
import { makeTempDir, removeTempDir, RepoBuilder } from './repo-builder.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('a local repository, read in place', () => {
  let dir: string;
  let repo: RepoBuilder;
  let source: RepoSource;
  let first: string;
  let second: string;

  beforeEach(async () => {
    dir = await makeTempDir('git-local');
    repo = await RepoBuilder.create(`${dir}/platform.git`);
    first = await repo.commit('Add guestbook\n\nWith a body.', {
      'apps/guestbook/deploy.yaml': 'replicas: 1\n',
      'apps/web/svc.yaml': 'kind: Service\n',
      'README.md': 'hi\n',
    });
    second = await repo.commit('Scale guestbook', {
      'apps/guestbook/deploy.yaml': 'replicas: 3\n',
      'apps/guestbook/extra/cm.yaml': 'kind: ConfigMap\n',
    });
    await repo.tag('v1', first, 'first release');
    source = createRepoSource({ name: 'platform', url: repo.gitdir }, { cacheRoot: `${dir}/cache`, env: {} });
  });
  afterEach(() => removeTempDir(dir));

  it('resolves a branch, an annotated tag, HEAD and a short SHA', async () => {
    expect(await source.resolve('main')).toMatchObject({
      ok: true,
      value: { kind: 'branch', ref: 'refs/heads/main', sha: second },
    });
    expect(await source.resolve('v1')).toMatchObject({
      ok: true,
      value: { kind: 'tag', ref: 'refs/tags/v1', sha: first },
    });
    expect(await source.resolve('HEAD')).toMatchObject({ ok: true, value: { kind: 'head', sha: second } });
    expect(await source.resolve(first.slice(0, 7))).toMatchObject({
      ok: true,
      value: { kind: 'commit', sha: first },
    });
  });

  it('says plainly when a revision does not exist', async () => {
    const result = await source.resolve('release-9');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ code: 'git.revision-not-found' });
    expect(result.problems[0]?.message).toContain('release-9');
  });

  it('reads files at an older commit without a working tree', async () => {
    const tree = await source.tree(first);
    if (!tree.ok) throw new Error(tree.problems[0]?.message);
    expect(text(await tree.value.readFile('apps/guestbook/deploy.yaml'))).toBe('replicas: 1\n');
    expect((await tree.value.listFiles('apps')).map((f) => f.path).sort()).toEqual([
      'apps/guestbook/deploy.yaml',
      'apps/web/svc.yaml',
    ]);
    expect(await tree.value.listFiles('apps/missing')).toEqual([]);
    await expect(tree.value.readFile('apps/guestbook/extra/cm.yaml')).rejects.toMatchObject({
      problems: [{ code: 'git.file-not-found' }],
    });
    expect(tree.value.label).toBe(`platform@${first.slice(0, 7)}`);

    const latest = await source.tree(second);
    if (!latest.ok) throw new Error(latest.problems[0]?.message);
    expect((await latest.value.listFiles('./apps/guestbook/')).map((f) => f.path).sort()).toEqual([
      'apps/guestbook/deploy.yaml',
      'apps/guestbook/extra/cm.yaml',
    ]);
    await expect(latest.value.readFile('apps/guestbook')).rejects.toMatchObject({
      problems: [{ code: 'git.file-not-found' }],
    });
  });

  it('describes a commit', async () => {
    expect(await source.commitInfo(first)).toEqual({
      ok: true,
      value: {
        sha: first,
        parents: [],
        author: { name: 'Ada Lovelace', email: 'ada@example.com' },
        date: new Date(1_700_000_060_000).toISOString(),
        subject: 'Add guestbook',
      },
    });
  });

  it('lists the paths changed between two commits, so only affected apps re-render', async () => {
    const third = await repo.commit('Drop readme', { 'README.md': null });
    const changed = await source.changedPaths(first, third);
    expect(changed).toEqual({
      ok: true,
      value: ['README.md', 'apps/guestbook/deploy.yaml', 'apps/guestbook/extra/cm.yaml'],
    });
    if (!changed.ok) return;
    expect(pathAffected(changed.value, 'apps/guestbook')).toBe(true);
    expect(pathAffected(changed.value, 'apps/web')).toBe(false);
    expect(await source.changedPaths(second, second)).toEqual({ ok: true, value: [] });
  });

  it('logs the commits between two commits, bounded, across a merge', async () => {
    const side = await repo.commit(
      'Side work',
      { 'apps/web/svc.yaml': 'kind: Service # v2\n' },
      { branch: 'feature', parents: [second] },
    );
    const mainline = await repo.commit('Mainline work', { 'README.md': 'hello\n' });
    const merge = await repo.commit(
      'Merge feature',
      { 'apps/web/svc.yaml': 'kind: Service # v2\n' },
      { parents: [mainline, side] },
    );
    const log = await source.log(second, merge, 10);
    expect(log.ok && log.value.commits.map((c) => c.subject)).toEqual([
      'Merge feature',
      'Mainline work',
      'Side work',
    ]);
    expect(log.ok && log.value.truncated).toBe(false);
    const bounded = await source.log(first, merge, 2);
    expect(bounded.ok && bounded.value).toMatchObject({
      truncated: true,
      commits: [{ sha: merge }, { sha: mainline }],
    });
  });

  it('polls: moves with the branch, reports rewritten history, keeps the last good commit when the branch vanishes', async () => {
    const initial = await source.poll('main');
    expect(initial).toMatchObject({ sha: second, moved: true, errors: [] });
    expect(await source.poll('main')).toMatchObject({ sha: second, moved: false, errors: [] });

    const third = await repo.commit('Third', { 'x.yaml': 'x: 1\n' });
    expect(await source.poll('main')).toMatchObject({
      sha: third,
      oldSha: second,
      newSha: third,
      moved: true,
      rewritten: false,
      warnings: [],
    });

    const rewritten = await repo.commit('Rewritten third', { 'x.yaml': 'x: 2\n' }, { parents: [second] });
    const forced = await source.poll('main');
    expect(forced).toMatchObject({ sha: rewritten, oldSha: third, moved: true, rewritten: true, errors: [] });
    expect(forced.warnings.map((w) => w.code)).toEqual(['git.history-rewritten']);

    await repo.deleteBranch('main');
    const vanished = await source.poll('main');
    expect(vanished).toMatchObject({ sha: rewritten, moved: false });
    expect(vanished.errors.map((e) => e.code)).toEqual(['git.branch-vanished']);
  });

  it('reports a folder that is not a repository', async () => {
    const missing = createRepoSource(
      { name: 'ghost', url: `${dir}/nothing-here` },
      { cacheRoot: `${dir}/cache`, env: {} },
    );
    const result = await missing.poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.not-found']);
    expect(result.sha).toBeUndefined();
  });
});
