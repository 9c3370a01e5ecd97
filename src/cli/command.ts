/** The shape every `flotilla` sub-command has; one file per command registers one of these. */

/** Streams and environment a command runs with; injected so tests can capture output. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input, for commands that read `-`; absent when there is none to read. */
  stdin?: NodeJS.ReadableStream;
}

/** One sub-command. Exit codes: 0 success, 1 a negative answer (invalid, differs), 2 usage or error. */
export interface CliCommand {
  name: string;
  /** One line for `flotilla --help`. */
  summary: string;
  /** Full usage text for `flotilla NAME --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
