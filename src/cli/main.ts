/** `flotilla` entry point: argv → command, exit code. Errors are printed in plain words, never as stack traces. */
import { readFileSync } from 'node:fs';
import { ProblemError, formatProblem } from '../engine/problem.js';
import { redact, redactProblem } from '../engine/redact.js';
import { terminalSafeLines } from '../engine/safe-text.js';
import type { CliCommand, CliIo } from './command.js';
import { commands } from './commands.js';
import { ExitCode } from './exit-codes.js';
import { tuiCommand } from './tui.js';

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function topHelp(list: CliCommand[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'flotilla: GitOps for a fleet of Kubernetes clusters, in a terminal',
    '',
    'usage: flotilla [--config FILE] [--theme NAME] [--readonly]   the terminal UI',
    '       flotilla <command> [options]',
    '',
    'commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `flotilla <command> --help` for a command's options.",
    'Global: --help, --version',
    '',
  ].join('\n');
}

/** Runs flotilla with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.stdout.write(`flotilla ${version}\n`);
    return ExitCode.Ok;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topHelp(commands));
    return ExitCode.Ok;
  }
  // No command, or only options: the terminal UI.
  if (name === undefined || name.startsWith('-')) return runCommand(tuiCommand, argv, io);
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`flotilla: unknown command "${name}"\n\n${topHelp(commands)}`);
    return ExitCode.UsageOrConfig;
  }
  return runCommand(command, rest, io);
}

async function runCommand(command: CliCommand, args: string[], io: CliIo): Promise<ExitCode> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return ExitCode.Ok;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    // Options parseArgs rejects land here too, so this is the usage-or-configuration code.
    io.stderr.write(`flotilla ${command.name}: ${terminalSafeLines(describeError(err))}\n`);
    return ExitCode.UsageOrConfig;
  }
}

/** Plain words for an unexpected error, credentials masked; the stack only with FLOTILLA_DEBUG=1. */
function describeError(err: unknown): string {
  if (err instanceof ProblemError) return err.problems.map((p) => formatProblem(redactProblem(p))).join('\n');
  if (err instanceof Error)
    return redact(process.env.FLOTILLA_DEBUG === '1' ? (err.stack ?? err.message) : err.message);
  return redact(String(err));
}
