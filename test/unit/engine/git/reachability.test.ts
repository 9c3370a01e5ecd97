import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepoSource, type RepoSource } from '../../../../src/engine/git/index.js';
import { startGitHttpServer, type GitHttpServer } from '../../../support/git-http.js';
import { makeTempDir, removeTempDir, RepoBuilder } from './repo-builder.js';

const missingSha = 'f'.repeat(40);

describe('whether a commit is still in a local repository', () => {
  let dir: string;
  let repo: RepoBuilder;
  let source: RepoSource;
  let one: string;
  let two: string;

  beforeEach(async () => {
    dir = await makeTempDir('git-reach');
    repo = await RepoBuilder.create(`${dir}/platform.git`);
    one = await repo.commit('One', { 'app/cm.yaml': 'v: 1\n' });
    two = await repo.commit('Two', { 'app/cm.yaml': 'v: 2\n' });
    source = createRepoSource({ name: 'platform', url: repo.gitdir }, { cacheRoot: `${dir}/cache`, env: {} });
  });
  afterEach(() => removeTempDir(dir));

  it('finds an older commit on the followed branch, and the tip itself', async () => {
    expect(await source.commitPresence(one, { name: 'main', sha: two })).toEqual({
      ok: true,
      value: { state: 'reachable', from: 'main' },
    });
    expect(await source.commitPresence(two)).toMatchObject({ value: { state: 'reachable', from: 'main' } });
  });

  it('calls a commit unreachable once a force push left it behind, though its object is still there', async () => {
    const root = await repo.commit('Rewritten', { 'app/cm.yaml': 'v: 9\n' }, { parents: [] });
    expect(await source.commitPresence(one, { name: 'main', sha: root })).toEqual({
      ok: true,
      value: { state: 'unreachable' },
    });
    expect(await source.commitInfo(one)).toMatchObject({ ok: true });
  });

  it('still finds a rewritten-away commit through another branch or a tag', async () => {
    await repo.commit('Side', { 'other.yaml': 'x\n' }, { branch: 'keep', parents: [one] });
    await repo.tag('v2', two, 'release');
    const root = await repo.commit('Rewritten', { 'app/cm.yaml': 'v: 9\n' }, { parents: [] });
    const first = { name: 'main', sha: root };
    expect(await source.commitPresence(one, first)).toMatchObject({
      value: { state: 'reachable', from: 'keep' },
    });
    expect(await source.commitPresence(two, first)).toMatchObject({
      value: { state: 'reachable', from: 'v2' },
    });
  });

  it('says a commit that was never there is missing', async () => {
    expect(await source.commitPresence(missingSha, { name: 'main', sha: two })).toEqual({
      ok: true,
      value: { state: 'missing' },
    });
  });
});

// Each request spawns `git http-backend`; on a loaded machine a test can take several seconds.
describe('whether a commit is still in a remote repository', { timeout: 30_000 }, () => {
  let dir: string;
  let server: GitHttpServer;
  let repo: RepoBuilder;
  let source: RepoSource;

  beforeEach(async () => {
    dir = await makeTempDir('git-reach-remote');
    repo = await RepoBuilder.create(`${dir}/srv/platform.git`);
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

  it('finds a deployed commit below the new tip, fetching the history between them', async () => {
    const one = await repo.commit('One', { 'app/cm.yaml': 'v: 1\n' });
    await source.poll('main');
    await repo.commit('Two', { 'app/cm.yaml': 'v: 2\n' });
    const three = await repo.commit('Three', { 'app/cm.yaml': 'v: 3\n' });
    const polled = await source.poll('main');
    expect(polled.sha).toBe(three);
    expect(await source.commitPresence(one, { name: 'main', sha: three })).toMatchObject({
      value: { state: 'reachable', from: 'main' },
    });
  });

  it('calls a cached commit unreachable after a force push, and finds it again on a branch fetched only now', async () => {
    const one = await repo.commit('One', { 'app/cm.yaml': 'v: 1\n' });
    await source.poll('main');
    const root = await repo.commit('Rewritten', { 'app/cm.yaml': 'v: 9\n' }, { parents: [] });
    await source.poll('main');
    expect(await source.commitPresence(one, { name: 'main', sha: root })).toEqual({
      ok: true,
      value: { state: 'unreachable' },
    });
    await repo.commit('Rescue', { 'x.yaml': 'x\n' }, { branch: 'rescue', parents: [one] });
    expect(await source.commitPresence(one, { name: 'main', sha: root })).toMatchObject({
      value: { state: 'reachable', from: 'rescue' },
    });
  });
});
