/** `flotilla autosync run`: its refusals before anything starts, and the words of its lines. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textLine } from '../../../src/cli/autosync-run.js';
import { runFlotilla } from '../../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-autosync-run-'));
const env = { HOME: root, XDG_CACHE_HOME: join(root, 'cache'), KUBECONFIG: join(root, 'kubeconfig') };
writeFileSync(
  env.KUBECONFIG,
  `apiVersion: v1
kind: Config
clusters: [{ name: a, cluster: { server: 'https://127.0.0.1:1' } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: ctx-a, context: { cluster: a, user: u } }]
`,
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fleetFile(name: string, settings = ''): string {
  const file = join(root, name);
  writeFileSync(
    file,
    `${settings}clusters:
  - { name: one, context: ctx-a }
repos:
  - { name: deploy, url: ${join(root, 'repo')} }
apps:
  - { name: auto, repo: deploy, path: a, destination: { cluster: one, namespace: a }, syncPolicy: { automated: {} } }
  - { name: manual, repo: deploy, path: m, destination: { cluster: one, namespace: m } }
`,
  );
  return file;
}

const run = (...args: string[]) => runFlotilla(['autosync', 'run', ...args], { env, cwd: root });

describe('autosync run', () => {
  it('refuses an app without syncPolicy.automated, naming it', async () => {
    const r = await run('manual', '--config', fleetFile('f1.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('App manual has no syncPolicy.automated');
  });

  it('refuses a read-only fleet and a bad output format', async () => {
    const ro = await run('--config', fleetFile('f2.yaml', 'settings: { readOnly: true }\n'));
    expect(ro.code).toBe(2);
    expect(ro.stderr).toContain('settings.readOnly');
    const bad = await run('-o', 'yaml', '--config', fleetFile('f3.yaml'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--output must be text or json');
  });

  it('prints decisions and attempts in plain words, outside text made safe', () => {
    const at = Date.UTC(2026, 11, 3, 15, 2, 3);
    expect(
      textLine({
        type: 'decision',
        app: 'web',
        at,
        action: {
          action: 'wait',
          kind: 'auto-sync',
          until: at + 5_000,
          reason: 'retry 1 of 5',
          error: 'boom',
        },
      }),
    ).toBe('15:02:03 web  next auto-sync at 15:02:08 (retry 1 of 5): boom');
    expect(
      textLine({
        type: 'attempt-ended',
        app: 'web',
        at,
        kind: 'self-heal',
        revision: 'abcdef0123',
        result: 'Failed',
        message: 'quota \u001b[31mexceeded',
        finishedAt: at,
      }),
    ).toBe('15:02:03 web  self-heal at abcdef0 Failed: quota \\x1b[31mexceeded');
  });
});
