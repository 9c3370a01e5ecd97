/** The exit codes of every `flotilla` command, one set for all (README.md, "Exit codes"). */

/** What a command's exit status means. */
export const ExitCode = {
  /** Done: in sync, valid, rendered, healthy, or simply finished. */
  Ok: 0,
  /** The command's negative answer: differs, invalid, failed, unknown, unhealthy. */
  Negative: 1,
  /** Usage or configuration error: bad options, an unknown app, a fleet file that does not load, an
   * unreadable input, an unexpected error. */
  UsageOrConfig: 2,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
