/**
 * A stand-in for the sync engine, which does not exist yet: applies an app's rendered objects
 * with the test bed's kubectl (server-side apply, field manager `flotilla`, flotilla's tracking
 * label and annotation), so tests can start from an app that was synced once.
 */
import { stringify } from 'yaml';
import { withTracking } from '../../src/engine/diff/index.js';
import type { KubeObject } from '../../src/engine/objects.js';
import { runFlotilla } from './cli.js';
import { kubectl } from './testbed.js';

/** Renders APP with `flotilla render` and applies it to test bed cluster N as a sync would. */
export async function syncByHand(
  app: string,
  cluster: number,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<KubeObject[]> {
  const rendered = await runFlotilla(['render', app, '-o', 'json', '--show-secrets'], { env, cwd });
  if (rendered.code !== 0) throw new Error(`render ${app} failed: ${rendered.stderr}`);
  const objects = (JSON.parse(rendered.stdout) as { object: KubeObject }[]).map((o) =>
    withTracking(o.object, app),
  );
  const namespaces = new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => Boolean(n)));
  for (const ns of namespaces) await kubectl(cluster, ['create', 'namespace', ns]).catch(() => '');
  await kubectl(
    cluster,
    ['apply', '--server-side', '--field-manager=flotilla', '--force-conflicts', '-f', '-'],
    {
      input: objects.map((o) => stringify(o)).join('---\n'),
    },
  );
  return objects;
}
