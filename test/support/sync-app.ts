/** Brings a test app to its desired state with the real sync (`flotilla sync APP --wait`), so a test can
 * start from an app that was synced once. */
import { runFlotilla } from './cli.js';

/** Runs `flotilla sync APP --wait` (plus `extra`) and fails the test when it does not exit 0. */
export async function syncWithFlotilla(
  app: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  extra: string[] = [],
): Promise<void> {
  const run = await runFlotilla(['sync', app, '--wait', '--timeout', '180s', ...extra], { env, cwd });
  if (run.code !== 0)
    throw new Error(`flotilla sync ${app} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
}
