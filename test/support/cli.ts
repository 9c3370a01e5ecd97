/** Runs flotilla's CLI in-process with captured streams, for command tests. */
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/main.js';

/** Exit code and everything written to stdout and stderr. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flotilla ARGS` with the given environment and working directory. */
export async function runFlotilla(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.stdin !== undefined ? { stdin: Readable.from([opts.stdin]) } : {}),
  };
  const code = await runCli(args, io);
  return { code, stdout: out, stderr: err };
}
