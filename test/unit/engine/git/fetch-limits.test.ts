import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFleet } from '../../../../src/engine/config/index.js';
import { openRepos } from '../../../../src/engine/desired/index.js';
import { createRepoSource } from '../../../../src/engine/git/index.js';
import { startGitHttpServer, type GitHttpServer } from '../../../support/git-http.js';
import { makeTempDir, removeTempDir, RepoBuilder } from './repo-builder.js';

// Each request spawns `git http-backend`; on a loaded machine a test can take several seconds.
describe('limits on what a Git server may cost', { timeout: 30_000 }, () => {
  let dir: string;
  let repo: RepoBuilder;
  const servers: Array<GitHttpServer | Server> = [];

  beforeEach(async () => {
    dir = await makeTempDir('git-limits');
    repo = await RepoBuilder.create(`${dir}/srv/platform.git`);
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      if ('urlFor' in server) await server.close();
      else {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
    await removeTempDir(dir);
  });

  /** A server that answers every request with headers, then a byte every 20 ms, never finishing. */
  async function trickler(): Promise<string> {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-advertisement' });
      const drip = setInterval(() => res.write('0'), 20);
      res.on('close', () => clearInterval(drip));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/platform.git`;
  }

  it('abandons a poll past its deadline, even while the server keeps trickling bytes', async () => {
    const source = createRepoSource(
      { name: 'platform', url: await trickler() },
      // The socket never idles for 10 s, so only the deadline can stop this poll.
      { cacheRoot: `${dir}/cache`, env: {}, timeoutMs: 10_000, deadlineMs: 200 },
    );
    const result = await source.poll('main');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      code: 'git.deadline',
      message: expect.stringContaining('Repo platform: the Git server at http://127.0.0.1:') as unknown,
      hint: expect.stringContaining('raise its timeout') as unknown,
    });
    expect(result.errors[0]?.message).toContain('did not finish within 0.2 s');
  });

  it("takes the deadline from the repo's timeout in the fleet file", async () => {
    const url = await trickler();
    const parsed = parseFleet(
      `repos:\n  - { name: platform, url: "${url}", timeout: 200ms }\n`,
      `${dir}/flotilla.yaml`,
    );
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
    const source = openRepos(parsed.value, { cacheRoot: `${dir}/cache`, env: {} }).get('platform')!;
    const result = await source.poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.deadline']);
  });

  it('stops a fetch whose pack is larger than the cap', async () => {
    // Random bytes do not compress: the pack is about as large as the file.
    await repo.commit('Big', { 'apps/blob.txt': randomBytes(300_000).toString('base64') });
    const server = await startGitHttpServer({ root: `${dir}/srv` });
    servers.push(server);
    const source = createRepoSource(
      { name: 'platform', url: server.urlFor('platform.git') },
      { cacheRoot: `${dir}/cache`, env: {}, maxFetchBytes: 100_000 },
    );
    const result = await source.poll('main');
    expect(result.errors.map((e) => e.code)).toEqual(['git.fetch-too-large']);
    expect(result.errors[0]?.message).toContain('sent more than 100000 bytes in one response');
    expect(result.sha).toBeUndefined();
  });

  it('drops the pack cache a poll used once the poll is over', async () => {
    const tip = await repo.commit('One', { 'apps/a.yaml': 'a: 1\n' });
    const server = await startGitHttpServer({ root: `${dir}/srv` });
    servers.push(server);
    const caches: object[] = [];
    const source = createRepoSource(
      { name: 'platform', url: server.urlFor('platform.git') },
      {
        cacheRoot: `${dir}/cache`,
        env: {},
        packCache: () => {
          const cache = {};
          caches.push(cache);
          return cache;
        },
      },
    );
    expect(await source.poll('main')).toMatchObject({ sha: tip, errors: [] });
    // isomorphic-git keeps parsed packs under symbol keys of the cache object.
    const used = caches.filter((c) => Reflect.ownKeys(c).length > 0);
    expect(used.length).toBeGreaterThan(0);
    expect(used).not.toContain(caches.at(-1));
    const tree = await source.tree(tip);
    expect(tree.ok && new TextDecoder().decode(await tree.value.readFile('apps/a.yaml'))).toBe('a: 1\n');
  });
});
