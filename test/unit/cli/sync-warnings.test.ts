/** `flotilla sync` tells what went wrong after an operation ended (its history entry not written), in text and
 * in JSON, without changing the exit code of an operation that succeeded. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { syncApps } from '../../../src/cli/sync.js';
import type { SyncOutcome } from '../../../src/engine/sync/index.js';
import { operation } from './sync-fixtures.js';

const outcome: SyncOutcome = {
  started: true,
  state: operation({ app: 'shop' }),
  warnings: [
    {
      code: 'sync.record-failed',
      message: 'The operation ended, but its history entry could not be written: forbidden\x1b[2J',
      hint: 'Check access to ConfigMaps in namespace flotilla-system.',
    },
  ],
};
const engine = { sync: () => Promise.resolve(outcome) };
const apps = [{ name: 'shop', destination: { cluster: 'dev', namespace: 'shop' } }];
const request = { prune: false, dryRun: false, force: false, replace: false, wait: false, waitLock: false };

function capture(): { io: CliIo; out: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  return { io: { stdout, stderr: new PassThrough(), env: {}, cwd: '/' }, out: () => out };
}

describe('sync warnings', () => {
  it('are printed under the result in plain words, made safe', async () => {
    const c = capture();
    const code = await syncApps(
      engine,
      apps,
      { json: false, diff: false, request },
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(ExitCode.Ok);
    expect(c.out()).toContain(
      '  warning: The operation ended, but its history entry could not be written: forbidden\\x1b[2J\n' +
        '    Check access to ConfigMaps in namespace flotilla-system.',
    );
  });

  it('are in the JSON document', async () => {
    const c = capture();
    await syncApps(engine, apps, { json: true, diff: false, request }, c.io, new AbortController().signal);
    const doc = JSON.parse(c.out()) as { warnings: { code: string }[] };
    expect(doc.warnings.map((w) => w.code)).toEqual(['sync.record-failed']);
  });
});
