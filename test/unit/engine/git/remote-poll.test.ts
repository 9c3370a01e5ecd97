import fs from 'node:fs';
import git from 'isomorphic-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepoSource, type RepoSource } from '../../../../src/engine/git/index.js';
import { startGitHttpServer, type GitHttpServer } from '../../../support/git-http.js';
import { makeTempDir, removeTempDir, RepoBuilder } from './repo-builder.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

// Each request spawns `git http-backend`; on a loaded machine a test can take several seconds.
describe('a remote repository over smart HTTP', { timeout: 30_000 }, () => {
  let dir: string;
  let server: GitHttpServer;
  let repo: RepoBuilder;
  let source: RepoSource;
  const shas: string[] = [];

  beforeEach(async () => {
    dir = await makeTempDir('git-remote');
    repo = await RepoBuilder.create(`${dir}/srv/platform.git`);
    shas.length = 0;
    shas.push(
      await repo.commit('One', {
        'apps/guestbook/deploy.yaml': 'replicas: 1\n',
        'apps/web/svc.yaml': 'kind: Service\n',
      }),
    );
    shas.push(await repo.commit('Two', { 'apps/guestbook/deploy.yaml': 'replicas: 2\n' }));
    shas.push(await repo.commit('Three', { 'apps/web/svc.yaml': 'kind: Service # 3\n' }));
    await repo.commit(
      'Elsewhere',
      { 'other.yaml': 'x: 1\n' },
      { branch: 'feature', parents: [shas[1] as string] },
    );
    await repo.tag('v1', shas[0] as string, 'first release');
    server = await startGitHttpServer({ root: `${dir}/srv` });
    source = createRepoSource(
      { name: 'platform', url: server.urlFor('platform.git') },
      { cacheRoot: `${dir}/cache`, env: {} },
    );
  });
  afterEach(async () => {
    await server.close();
    await removeTempDir(dir);
  });

  const kinds = (): string[] => server.requests.map((r) => r.kind);
  const sha = (i: number): string => shas[i] as string;

  it('clones shallow: one branch, no tags, only the tip commit', async () => {
    expect(await source.poll('main')).toMatchObject({ sha: sha(2), moved: true, errors: [], warnings: [] });
    expect(kinds()).toEqual(['advertisement', 'ls-refs', 'advertisement', 'fetch']);
    const gitdir = source.gitdir;
    expect(gitdir.startsWith(`${dir}/cache/platform-`)).toBe(true);
    expect(fs.readFileSync(`${gitdir}/shallow`, 'utf8').trim()).toBe(sha(2));
    await expect(git.readCommit({ fs, gitdir, oid: sha(1) })).rejects.toMatchObject({
      code: 'NotFoundError',
    });
    expect(await git.listBranches({ fs, gitdir, remote: 'origin' })).toEqual(['main']);
    expect(await git.listTags({ fs, gitdir })).toEqual([]);
    expect(fs.existsSync(`${gitdir}/index`)).toBe(false);
  });

  it('polls an unchanged branch with a single refs request and no fetch', async () => {
    await source.poll('main');
    server.clearRequests();
    expect(await source.poll('main')).toMatchObject({
      sha: sha(2),
      oldSha: sha(2),
      moved: false,
      errors: [],
    });
    // Protocol v2: the capability advertisement, then one ls-refs command for refs/heads/main.
    expect(kinds()).toEqual(['advertisement', 'ls-refs']);
  });

  it('fetches after a push, knows the new tip descends from the old one, and tells what changed', async () => {
    await source.poll('main');
    const four = await repo.commit('Four', { 'apps/guestbook/deploy.yaml': 'replicas: 4\n' });
    const five = await repo.commit('Five', { 'apps/guestbook/cm.yaml': 'kind: ConfigMap\n' });
    expect(await source.poll('main')).toMatchObject({
      sha: five,
      oldSha: sha(2),
      newSha: five,
      moved: true,
      rewritten: false,
      errors: [],
      warnings: [],
    });
    expect(await source.changedPaths(sha(2), five)).toEqual({
      ok: true,
      value: ['apps/guestbook/cm.yaml', 'apps/guestbook/deploy.yaml'],
    });
    const log = await source.log(sha(2), five);
    expect(log.ok && log.value).toEqual({
      truncated: false,
      commits: [
        expect.objectContaining({ sha: five, subject: 'Five' }),
        expect.objectContaining({ sha: four, subject: 'Four' }),
      ],
    });
    const tree = await source.tree(five);
    expect(tree.ok && text(await tree.value.readFile('apps/guestbook/deploy.yaml'))).toBe('replicas: 4\n');
  });

  it('detects a force push, moves to the new tip and reports it', async () => {
    await source.poll('main');
    const replacement = await repo.commit(
      'Three, rewritten',
      { 'apps/web/svc.yaml': 'kind: Service # 3b\n' },
      { parents: [sha(1)] },
    );
    const result = await source.poll('main');
    expect(result).toMatchObject({
      sha: replacement,
      oldSha: sha(2),
      moved: true,
      rewritten: true,
      errors: [],
    });
    expect(result.warnings.map((w) => w.code)).toEqual(['git.history-rewritten']);
    expect(result.warnings[0]?.message).toContain(replacement.slice(0, 7));
  });

  it('keeps the last good commit when the branch vanishes', async () => {
    await source.poll('main');
    await repo.deleteBranch('main');
    const result = await source.poll('main');
    expect(result).toMatchObject({ sha: sha(2), moved: false });
    expect(result.errors.map((e) => e.code)).toEqual(['git.branch-vanished']);
    expect(result.errors[0]?.hint).toContain(sha(2).slice(0, 7));
    const tree = await source.tree(sha(2));
    expect(tree.ok && text(await tree.value.readFile('apps/web/svc.yaml'))).toBe('kind: Service # 3\n');
  });

  it('resolves a short SHA outside the shallow history by deepening, then reads the file as it was', async () => {
    await source.poll('main');
    const resolved = await source.resolve(sha(0).slice(0, 8));
    expect(resolved).toMatchObject({ ok: true, value: { kind: 'commit', sha: sha(0) } });
    const tree = await source.tree(sha(0));
    expect(tree.ok && text(await tree.value.readFile('apps/guestbook/deploy.yaml'))).toBe('replicas: 1\n');
    expect(await source.commitInfo(sha(0))).toMatchObject({
      ok: true,
      value: { subject: 'One', author: { name: 'Ada Lovelace', email: 'ada@example.com' } },
    });
  });

  it('fetches an old commit by its full SHA, and says clearly when there is no such commit', async () => {
    expect(await source.resolve(sha(0))).toMatchObject({ ok: true, value: { kind: 'commit', sha: sha(0) } });
    const missing = await source.resolve('0123456789abcdef0123456789abcdef01234567');
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(missing.problems.map((p) => p.code)).toEqual(['git.revision-not-found']);
    expect(missing.problems[0]?.message).toContain('0123456789abcdef0123456789abcdef01234567');
  });

  it('resolves a tag (fetching only that tag) and the default branch', async () => {
    expect(await source.resolve('v1')).toMatchObject({
      ok: true,
      value: { kind: 'tag', ref: 'refs/tags/v1', sha: sha(0) },
    });
    expect(await source.resolve('HEAD')).toMatchObject({ ok: true, value: { kind: 'head', sha: sha(2) } });
    expect(await source.resolve('feature')).toMatchObject({
      ok: true,
      value: { kind: 'branch', ref: 'refs/heads/feature' },
    });
    const missing = await source.resolve('no-such-branch');
    expect(!missing.ok && missing.problems[0]?.code).toBe('git.revision-not-found');
  });
});
