/** The test bed's Git server speaks smart HTTP to isomorphic-git and native git, with basic auth. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbed } from '../../support/testbed.js';

const run = promisify(execFile);
const tb = testbed();
const work = mkdtempSync(join(tmpdir(), 'flotilla-gitserver-'));
const suffix = `${process.pid}-${Date.now()}`;
const author = { name: 'Test', email: 'test@flotilla.local' };

async function bareRepo(name: string): Promise<void> {
  await run('git', ['init', '--bare', '--initial-branch=main', join(tb.gitRoot, `${name}.git`)]);
}

async function commitFile(dir: string, path: string, content: string, message: string): Promise<string> {
  writeFileSync(join(dir, path), content);
  await git.add({ fs, dir, filepath: path });
  return git.commit({ fs, dir, message, author });
}

beforeAll(async () => {
  await bareRepo(`open-${suffix}`);
  await bareRepo(`private-${suffix}`);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(join(tb.gitRoot, `open-${suffix}.git`), { recursive: true, force: true });
  rmSync(join(tb.gitRoot, `private-${suffix}.git`), { recursive: true, force: true });
});

describe('test bed Git server', () => {
  it('takes a push from isomorphic-git, then serves a shallow clone whose file reads back at its commit', async () => {
    const src = join(work, 'src');
    await git.init({ fs, dir: src, defaultBranch: 'main' });
    const first = await commitFile(src, 'app.yaml', 'kind: ConfigMap\n', 'first');
    await commitFile(src, 'app.yaml', 'kind: Secret\n', 'second');
    const url = `${tb.gitUrl}/open-${suffix}.git`;
    await git.push({ fs, http, dir: src, url, ref: 'main', remoteRef: 'refs/heads/main' });

    const clone = join(work, 'clone');
    await git.clone({
      fs,
      http,
      dir: clone,
      url,
      ref: 'main',
      singleBranch: true,
      depth: 2,
      noCheckout: true,
    });
    const { blob } = await git.readBlob({ fs, dir: clone, oid: first, filepath: 'app.yaml' });
    expect(Buffer.from(blob).toString()).toBe('kind: ConfigMap\n');
    const refs = await git.listServerRefs({ http, url, prefix: 'refs/heads/main' });
    expect(refs.map((r) => r.ref)).toEqual(['refs/heads/main']);
  });

  it('serves the same repository to native git clone', async () => {
    const dir = join(work, 'native');
    await run('git', ['clone', '--depth=1', `${tb.gitUrl}/open-${suffix}.git`, dir]);
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe('kind: Secret\n');
  });

  it('refuses private repositories without the token and logs each request', async () => {
    const url = `${tb.gitUrl}/private-${suffix}.git`;
    await expect(git.listServerRefs({ http, url })).rejects.toThrow(/401/);
    const refs = await git.listServerRefs({
      http,
      url,
      onAuth: () => ({ username: tb.gitUser, password: tb.gitToken() }),
    });
    expect(Array.isArray(refs)).toBe(true);
    await expect(
      git.listServerRefs({
        http,
        url,
        headers: { Authorization: `Basic ${Buffer.from(`${tb.gitUser}:wrong`).toString('base64')}` },
      }),
    ).rejects.toThrow(/401/);
    const log = readFileSync(tb.gitAccessLog, 'utf8')
      .split('\n')
      .filter((l) => l.includes(`private-${suffix}`));
    expect(log.some((l) => l.includes('"status":401'))).toBe(true);
    expect(log.some((l) => l.includes('"status":200') && l.includes('"user":"flotilla"'))).toBe(true);
  });
});
