/** Shallow clone + read every manifest at the tip: isomorphic-git (what flotilla uses) vs native git. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { paths, ports } from '../testbed/layout.js';
import type { Bench, Row } from './run.js';

const run = promisify(execFile);
const APPS = 60;
const FILES_PER_APP = 5;
const COMMITS = 40;
const ROUNDS = 5;

/** Seeds `bench-manifests.git` with APPS×FILES_PER_APP manifests over COMMITS commits. */
async function seed(work: string): Promise<string> {
  const bare = join(paths().gitRoot, 'bench-manifests.git');
  rmSync(bare, { recursive: true, force: true });
  await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  const src = join(work, 'src');
  await run('git', ['init', '--quiet', '--initial-branch=main', src]);
  const g = (...a: string[]) =>
    run('git', ['-C', src, '-c', 'user.name=bench', '-c', 'user.email=b@flotilla.local', ...a]);
  for (let c = 0; c < COMMITS; c++) {
    for (let a = 0; a < APPS; a++) {
      const dir = join(src, 'apps', `app-${a}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < FILES_PER_APP; f++) {
        if (c > 0 && (a + f + c) % 7 !== 0) continue;
        writeFileSync(join(dir, `obj-${f}.yaml`), manifest(a, f, c));
      }
    }
    await g('add', '-A');
    await g('commit', '--quiet', '-m', `change ${c}`);
  }
  const url = `http://127.0.0.1:${ports.gitServer}/bench-manifests.git`;
  await g('push', '--quiet', url, 'main');
  return url;
}

function manifest(a: number, f: number, c: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${a}-${f}\n  labels: {revision: "${c}"}\nspec:\n  replicas: ${1 + (c % 3)}\n  selector: {matchLabels: {app: app-${a}-${f}}}\n  template:\n    metadata: {labels: {app: app-${a}-${f}}}\n    spec:\n      containers:\n        - {name: main, image: "registry.example/app-${a}:${c}", env: [{name: A, value: "${'x'.repeat(200)}"}]}\n`;
}

async function isoClone(url: string, dir: string): Promise<number> {
  const cache = {};
  await git.clone({
    fs,
    http,
    dir,
    url,
    ref: 'main',
    singleBranch: true,
    depth: 1,
    noTags: true,
    noCheckout: true,
    cache,
  });
  const oid = await git.resolveRef({ fs, dir, ref: 'HEAD' });
  const files = await git.listFiles({ fs, dir, ref: oid, cache });
  let bytes = 0;
  for (const filepath of files) bytes += (await git.readBlob({ fs, dir, oid, filepath, cache })).blob.length;
  return bytes;
}

async function nativeClone(url: string, dir: string): Promise<void> {
  await run('git', ['clone', '--quiet', '--depth=1', '--single-branch', '--no-tags', url, dir]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The benchmark. */
export const bench: Bench = {
  name: 'git-clone',
  description: `shallow clone of ${APPS * FILES_PER_APP} manifests (${COMMITS} commits) from the test bed's Git server, ${ROUNDS} rounds, median`,
  needsTestbed: true,
  async run(say) {
    const work = mkdtempSync(join(tmpdir(), 'flotilla-bench-'));
    try {
      const url = await seed(work);
      say(`seeded ${url}`);
      const iso: number[] = [];
      const native: number[] = [];
      let heap = 0;
      for (let r = 0; r < ROUNDS; r++) {
        let t = performance.now();
        await isoClone(url, join(work, `iso-${r}`));
        iso.push(performance.now() - t);
        heap = Math.max(heap, process.memoryUsage().rss);
        t = performance.now();
        await nativeClone(url, join(work, `native-${r}`));
        native.push(performance.now() - t);
      }
      const rows: Row[] = [
        {
          client: 'isomorphic-git (clone + read every file from the object store)',
          'median ms': Math.round(median(iso)),
          'min ms': Math.round(Math.min(...iso)),
          'process RSS MiB': Math.round(heap / 1048576),
        },
        {
          client: 'native git clone --depth=1 (with checkout)',
          'median ms': Math.round(median(native)),
          'min ms': Math.round(Math.min(...native)),
          'process RSS MiB': '(separate process)',
        },
      ];
      return rows;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
