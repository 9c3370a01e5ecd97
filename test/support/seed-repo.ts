/** Creates a repository on the test bed's Git server from a map of files, in one commit. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { testbed } from './testbed.js';

/** A served repository and how to remove it. */
export interface SeededRepo {
  url: string;
  remove(): void;
}

/** Pushes `files` (path → text or bytes) as one commit on `main` of a new bare repository `name.git`. */
export function seedRepo(
  name: string,
  files: Record<string, string | Uint8Array>,
  opts: { message?: string; author?: string } = {},
): SeededRepo {
  const tb = testbed();
  const bare = join(tb.gitRoot, `${name}.git`);
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  const src = mkdtempSync(join(tmpdir(), 'flotilla-seed-'));
  try {
    execFileSync('git', ['init', '--quiet', '--initial-branch=main', src]);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    }
    const author = opts.author ?? 'Test';
    const git = (...a: string[]) =>
      execFileSync('git', [
        '-C',
        src,
        '-c',
        `user.name=${author}`,
        '-c',
        'user.email=test@flotilla.local',
        ...a,
      ]);
    git('add', '-A');
    git('commit', '--quiet', '-m', opts.message ?? 'seed');
    git('push', '--quiet', `${tb.gitUrl}/${name}.git`, 'main');
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  return { url: `${tb.gitUrl}/${name}.git`, remove: () => rmSync(bare, { recursive: true, force: true }) };
}
