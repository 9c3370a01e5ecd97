/** The shape every `flotilla` sub-command has; one file per command registers one of these. */

import type { ExitCode } from './exit-codes.js';

/** Streams and environment a command runs with; injected so tests can capture output. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input, for commands that read `-`; absent when there is none to read. */
  stdin?: NodeJS.ReadableStream;
}

/** One sub-command; its exit code is one of `ExitCode` (./exit-codes.ts). */
export interface CliCommand {
  name: string;
  /** One line for `flotilla --help`. */
  summary: string;
  /** Full usage text for `flotilla NAME --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<ExitCode>;
}
