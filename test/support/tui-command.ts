/** The shell command line that runs flotilla's TUI from source in a tmux session, as the e2e tests start it. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../testbed/layout.js';

const tsxLoader = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** What the TUI runs with. */
export interface TuiCommand {
  /** Working folder (holds flotilla.yaml). */
  work: string;
  /** Environment (the test bed's kubeconfig and the like). */
  env: Readonly<Record<string, string | undefined>>;
  /** Where its stderr goes. */
  stderrFile: string;
  /** Extra arguments (`--readonly`). */
  args?: string;
}

/**
 * `cd WORK && env … node --import tsx src/cli/run.ts ARGS 2>STDERR; echo exited $?; sleep 60`: after the
 * program ends, its exit status stays on the screen for the test to read.
 */
export function tuiCommand({ work, env, stderrFile, args = '' }: TuiCommand): string {
  const vars = Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  const program = `node --import ${tsxLoader} ${join(repoRoot, 'src', 'cli', 'run.ts')}`;
  const tsconfig = join(repoRoot, 'tsconfig.json');
  return `cd ${work} && env ${vars} LANG=C.UTF-8 CI=false NODE_ENV=production TSX_TSCONFIG_PATH=${tsconfig} ${program}${args ? ` ${args}` : ''} 2>${stderrFile}; echo exited $?; sleep 60`;
}
