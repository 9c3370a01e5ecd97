import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepoSource, type RepoSource } from '../../../../src/engine/git/index.js';
import { startGitHttpServer, type GitHttpServer } from '../../../support/git-http.js';
import { makeTempDir, removeTempDir, RepoBuilder } from './repo-builder.js';

const modeOf = (path: string): number => fs.statSync(path).mode & 0o777;
/** Changing a folder's owner needs root; as any other user those tests cannot run. */
const asRoot = process.getuid?.() === 0;
const OTHER_UID = 4242;

// Each request spawns `git http-backend`; on a loaded machine a test can take several seconds.
describe('the Git cache on a shared host', { timeout: 30_000 }, () => {
  let dir: string;
  let server: GitHttpServer;
  let tip: string;
  const cacheRoot = (): string => `${dir}/cache/repos`;
  const source = (): RepoSource =>
    createRepoSource(
      { name: 'platform', url: server.urlFor('platform.git') },
      { cacheRoot: cacheRoot(), env: {} },
    );

  beforeEach(async () => {
    dir = await makeTempDir('git-perms');
    const repo = await RepoBuilder.create(`${dir}/srv/platform.git`);
    tip = await repo.commit('One', { 'apps/a.yaml': 'a: 1\n' });
    server = await startGitHttpServer({ root: `${dir}/srv` });
  });
  afterEach(async () => {
    await server.close();
    await removeTempDir(dir);
  });

  it('creates the cache root and the repo folder readable by their owner only', async () => {
    const s = source();
    expect(await s.poll('main')).toMatchObject({ sha: tip, errors: [] });
    expect(modeOf(cacheRoot()).toString(8)).toBe('700');
    expect(modeOf(s.gitdir).toString(8)).toBe('700');
  });

  it('closes a cache of ours that others could read (as older versions made it)', async () => {
    const before = source();
    await before.poll('main');
    fs.chmodSync(cacheRoot(), 0o755);
    fs.chmodSync(before.gitdir, 0o755);
    const after = source();
    expect(await after.poll('main')).toMatchObject({ sha: tip, errors: [] });
    expect(modeOf(cacheRoot()).toString(8)).toBe('700');
    expect(modeOf(after.gitdir).toString(8)).toBe('700');
  });

  it('refuses a cache root others could write into, before asking the server anything', async () => {
    fs.mkdirSync(cacheRoot(), { recursive: true });
    fs.chmodSync(cacheRoot(), 0o777);
    const result = await source().poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.cache-not-private']);
    expect(result.errors[0]?.message).toBe(
      `Repo platform: the cache folder ${cacheRoot()} is writable by other users; flotilla neither reads nor writes Git data there.`,
    );
    expect(result.errors[0]?.hint).toContain('FLOTILLA_CACHE_DIR');
    expect(server.requests).toEqual([]);
  });

  it.runIf(asRoot)('refuses a cache root that belongs to another user', async () => {
    fs.mkdirSync(cacheRoot(), { recursive: true, mode: 0o700 });
    fs.chownSync(cacheRoot(), OTHER_UID, OTHER_UID);
    const result = await source().poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.cache-not-private']);
    expect(result.errors[0]?.message).toContain(`belongs to another user (uid ${OTHER_UID})`);
    expect(server.requests).toEqual([]);
    expect(fs.readdirSync(cacheRoot())).toEqual([]);
  });

  it.runIf(asRoot)("refuses a repo's cache folder that belongs to another user", async () => {
    const before = source();
    await before.poll('main');
    fs.chownSync(before.gitdir, OTHER_UID, OTHER_UID);
    const result = await source().poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.cache-not-private']);
    expect(result.errors[0]?.message).toContain(before.gitdir);
  });
});
