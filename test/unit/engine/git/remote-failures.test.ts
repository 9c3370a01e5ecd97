import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRepoSource,
  type GitLogEntry,
  type RepoSourceOptions,
  type RepoSpec,
} from '../../../../src/engine/git/index.js';
import { startGitHttpServer, unusedBaseUrl, type GitHttpServer } from '../../../support/git-http.js';
import { makeTempDir, removeTempDir, RepoBuilder } from './repo-builder.js';

const TOKEN = 'ghp_S3cretTokenValue/with+chars';
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

// Each request spawns `git http-backend`; on a loaded machine a test can take several seconds.
describe('a remote repository that fails', { timeout: 30_000 }, () => {
  let dir: string;
  let repo: RepoBuilder;
  let tip: string;
  let logs: GitLogEntry[];
  const servers: GitHttpServer[] = [];

  beforeEach(async () => {
    dir = await makeTempDir('git-fail');
    repo = await RepoBuilder.create(`${dir}/srv/platform.git`);
    await repo.commit('One', { 'apps/a.yaml': 'a: 1\n' });
    tip = await repo.commit('Two', { 'apps/a.yaml': 'a: 2\n' });
    logs = [];
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await removeTempDir(dir);
  });

  const serve = async (auth?: { username: string; token: string }): Promise<GitHttpServer> => {
    const server = await startGitHttpServer({ root: `${dir}/srv`, ...(auth ? { auth } : {}) });
    servers.push(server);
    return server;
  };
  const sourceFor = (spec: Partial<RepoSpec> & { url: string }, env: RepoSourceOptions['env'] = {}) =>
    createRepoSource(
      { name: 'platform', ...spec },
      { cacheRoot: `${dir}/cache`, env, log: (entry) => logs.push(entry) },
    );
  /** Everything a user or a log could ever see from these calls. */
  const visible = (...results: unknown[]): string => JSON.stringify([results, logs]);

  describe('credentials', () => {
    const auth = { usernameEnv: 'GIT_USER', tokenEnv: 'GIT_TOKEN' };

    it('sends basic auth with the first request, so no request is refused first', async () => {
      const server = await serve({ username: 'flotilla', token: TOKEN });
      const source = sourceFor(
        { url: server.urlFor('platform.git'), auth },
        { GIT_USER: 'flotilla', GIT_TOKEN: TOKEN },
      );
      const result = await source.poll('main');
      expect(result).toMatchObject({ sha: tip, errors: [] });
      expect(server.requests.length).toBeGreaterThan(0);
      expect(server.requests.every((r) => r.status === 200 && r.authorization?.startsWith('Basic '))).toBe(
        true,
      );
      expect(visible(result)).not.toContain(TOKEN);
    });

    it('reports a wrong token as git.auth, and the token appears nowhere', async () => {
      const server = await serve({ username: 'flotilla', token: 'the-right-one' });
      const source = sourceFor(
        { url: server.urlFor('platform.git'), auth },
        { GIT_USER: 'flotilla', GIT_TOKEN: TOKEN },
      );
      const polled = await source.poll('main');
      const resolved = await source.resolve('main');
      const info = await source.commitInfo(tip);
      expect(polled.errors.map((e) => e.code)).toEqual(['git.auth']);
      expect(polled.errors[0]?.message).toContain('refused the credentials');
      expect(polled.errors[0]?.hint).toContain('$GIT_TOKEN');
      const seen = visible(polled, resolved, info);
      expect(seen).not.toContain(TOKEN);
      expect(seen).not.toContain(encodeURIComponent(TOKEN));
      expect(seen).not.toContain(Buffer.from(`flotilla:${TOKEN}`).toString('base64'));
    });

    it('says so when the server wants credentials and none are configured', async () => {
      const server = await serve({ username: 'flotilla', token: TOKEN });
      const result = await sourceFor({ url: server.urlFor('platform.git') }).poll('main');
      expect(result.errors.map((e) => e.code)).toEqual(['git.auth']);
      expect(result.errors[0]?.message).toContain('none are configured');
    });

    it('names a missing variable without asking the server anything', async () => {
      const server = await serve();
      const result = await sourceFor(
        { url: server.urlFor('platform.git'), auth },
        { GIT_USER: 'flotilla' },
      ).poll('main');
      expect(result.errors.map((e) => e.code)).toEqual(['git.credentials-missing']);
      expect(server.requests).toEqual([]);
    });

    it('masks a token written into the URL', async () => {
      const url = `${await unusedBaseUrl()}/platform.git`.replace(
        'http://',
        `http://flotilla:${encodeURIComponent(TOKEN)}@`,
      );
      const result = await sourceFor({ url }).poll('main');
      expect(result.errors.map((e) => e.code)).toEqual(['git.unreachable']);
      expect(visible(result)).not.toContain(TOKEN);
      expect(visible(result)).not.toContain(encodeURIComponent(TOKEN));
    });
  });

  it('reports an unreachable server, and keeps the last good commit readable', async () => {
    const server = await serve();
    const source = sourceFor({ url: server.urlFor('platform.git') });
    expect(await source.poll('main')).toMatchObject({ sha: tip, errors: [] });
    await server.close();
    const result = await source.poll('main');
    expect(result).toMatchObject({ sha: tip, moved: false });
    expect(result.errors.map((e) => e.code)).toEqual(['git.unreachable']);
    expect(result.errors[0]?.message).toContain('cannot reach the Git server');
    expect(result.errors[0]?.hint).toContain(tip.slice(0, 7));
    expect(source.currentSha('main')).toBe(tip);
    const tree = await source.tree(tip);
    expect(tree.ok && text(await tree.value.readFile('apps/a.yaml'))).toBe('a: 2\n');
  });

  it('gives up on a server that accepts the connection but never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const source = createRepoSource(
        { name: 'platform', url: `http://127.0.0.1:${port}/platform.git` },
        { cacheRoot: `${dir}/cache`, env: {}, timeoutMs: 300 },
      );
      const result = await source.poll('main');
      expect(result.errors.map((e) => e.code)).toEqual(['git.unreachable']);
      expect(result.errors[0]?.message).toContain('no answer in time');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports a URL with no repository behind it', async () => {
    const server = await serve();
    const result = await sourceFor({ url: server.urlFor('nothing.git') }).poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.not-found']);
    expect(result.sha).toBeUndefined();
  });

  it('refuses transports it cannot speak', async () => {
    const result = await sourceFor({ url: 'git@example.com:platform/deploy.git' }).poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.unsupported-url']);
  });

  describe('a damaged cache', () => {
    const packsOf = (gitdir: string): string[] =>
      fs
        .readdirSync(`${gitdir}/objects/pack`)
        .filter((f) => f.endsWith('.pack'))
        .map((f) => `${gitdir}/objects/pack/${f}`);

    const damages: Array<[string, (gitdir: string) => void]> = [
      ['a truncated pack', (gitdir) => packsOf(gitdir).forEach((pack) => fs.truncateSync(pack, 40))],
      ['a garbled HEAD', (gitdir) => fs.writeFileSync(`${gitdir}/HEAD`, '\0\0garbage')],
      ['a garbled ref', (gitdir) => fs.writeFileSync(`${gitdir}/refs/remotes/origin/main`, 'garbage\n')],
      ['a deleted pack', (gitdir) => packsOf(gitdir).forEach((pack) => fs.rmSync(pack))],
    ];

    for (const [name, damage] of damages) {
      it(`is re-cloned when found with ${name} at start, as a warning`, async () => {
        const server = await serve();
        const url = server.urlFor('platform.git');
        const before = sourceFor({ url });
        await before.poll('main');
        damage(before.gitdir);
        const after = sourceFor({ url });
        const result = await after.poll('main');
        expect(result).toMatchObject({ sha: tip, errors: [] });
        expect(result.warnings.map((w) => w.code)).toEqual(['git.cache-corrupt']);
        const tree = await after.tree(tip);
        expect(tree.ok && text(await tree.value.readFile('apps/a.yaml'))).toBe('a: 2\n');
      });
    }

    it('is re-cloned when it breaks while running', async () => {
      const server = await serve();
      const source = sourceFor({ url: server.urlFor('platform.git') });
      await source.poll('main');
      for (const pack of packsOf(source.gitdir)) fs.truncateSync(pack, 40);
      source.releaseMemory();
      const result = await source.poll('main');
      expect(result).toMatchObject({ sha: tip, moved: false, errors: [] });
      expect(result.warnings.map((w) => w.code)).toEqual(['git.cache-corrupt']);
      expect(await source.commitInfo(tip)).toMatchObject({ ok: true, value: { subject: 'Two' } });
    });
  });
});
