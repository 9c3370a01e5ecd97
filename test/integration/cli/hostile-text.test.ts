/** `flotilla status` and `flotilla diff` on the test bed print hostile text from Git and the cluster as
 * visible escapes: no control character reaches the terminal, and `-o json` still parses to the data. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTracking } from '../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../src/engine/objects.js';
import { runFlotilla } from '../../support/cli.js';
import { CLEAR, OSC52, OSC8, TITLE, UNSAFE_CHAR_IN_DOCUMENT } from '../../support/hostile-text.js';
import { seedRepo, type SeededRepo } from '../../support/seed-repo.js';
import { kubectl, testbed } from '../../support/testbed.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-hostile-'));
const repoName = `int-hostile-${id}`;
const ns = `hostile-${id}`;
const app = `hostile-${id}`;
const kindApp = `hostile-kind-${id}`;
const nameApp = `hostile-name-${id}`;
let seeded: SeededRepo | undefined;

/** YAML double quotes spell ESC as \e: the manifests are plain text, the values are not. */
const yamlQuoted = (s: string) => JSON.stringify(s).replace(/\\u001b/g, '\\e');
/** A name no API server accepts, planting a hyperlink and reversing text: the renderer refuses the
 * object, and the problem that says so must not carry the name raw. */
const hostileName = `web${OSC8}\u202e`;
/** A kind no API server serves, retitling the window: the problem about it quotes it. */
const hostileKind = `Evil${TITLE}`;
/** What a crashing container may leave as its termination message: clear the screen, twice. */
const terminationMessage = `panic: ${CLEAR}\x9b2J`;
/** Values a live object may hold: the clipboard, a C1 CSI, a right-to-left override. */
const hostileData = { clip: OSC52, c1: '\x9b2J', rlo: 'abc\u202edef', mode: 'git' };

const files: Record<string, string> = {
  'apps/h/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: hostile-cm}
data:
${Object.entries(hostileData)
  .map(([k, v]) => `  ${k}: ${yamlQuoted(v)}`)
  .join('\n')}
`,
  'apps/n/bad-name.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: ${yamlQuoted(hostileName)}}
data: {a: b}
`,
  'apps/h/pod.yaml': `apiVersion: v1
kind: Pod
metadata: {name: hostile-pod}
spec:
  containers: [{name: main, image: registry.example/job:1}]
`,
  'apps/k/bad-kind.yaml': `apiVersion: example.com/v1
kind: ${yamlQuoted(hostileKind)}
metadata: {name: evil}
`,
};

const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
const flotilla = (...args: string[]) => runFlotilla(args, { env, cwd: work });

/** Creates the objects a cluster accepts (the ConfigMap and the Pod), tracked as a sync would; then edits
 * the ConfigMap live and makes the Pod fail with a hostile termination message. */
async function syncThenBreak(): Promise<void> {
  const rendered = await flotilla('render', app, '-o', 'json');
  if (rendered.code !== 0) throw new Error(`render failed: ${rendered.stderr}`);
  const objects = (JSON.parse(rendered.stdout) as { object: KubeObject }[]).map((o) => o.object);
  await kubectl(1, ['create', 'namespace', ns]);
  for (const name of ['hostile-cm', 'hostile-pod']) {
    const obj = objects.find((o) => o.metadata.name === name);
    if (!obj) throw new Error(`render did not yield ${name}`);
    // Server-side apply refuses control characters in values (the API server decodes the apply patch
    // as YAML); a plain create takes them, as any other client of the cluster could.
    await kubectl(1, ['create', '-f', '-'], { input: JSON.stringify(withTracking(obj, app)) });
  }
  await kubectl(1, [
    'patch',
    'configmap',
    'hostile-cm',
    '-n',
    ns,
    '--type=merge',
    '-p',
    '{"data":{"mode":"live"}}',
  ]);
  // kwok makes the pod Running once; after that it leaves the status to whoever writes it.
  await kubectl(1, [
    'wait',
    'pod/hostile-pod',
    '-n',
    ns,
    '--for=jsonpath={.status.phase}=Running',
    '--timeout=60s',
  ]);
  const terminated = { exitCode: 1, reason: 'Error', message: terminationMessage };
  const status = {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'main',
        image: 'registry.example/job:1',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated },
      },
    ],
  };
  await kubectl(1, [
    'patch',
    'pod',
    'hostile-pod',
    '-n',
    ns,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
}

beforeAll(async () => {
  seeded = seedRepo(repoName, files, { message: `hostile ${OSC52}` });
  writeFileSync(
    join(work, 'flotilla.yaml'),
    `clusters:
  - { name: one, context: ${tb.context(1)} }
repos:
  - { name: deploy, url: ${tb.gitUrl}/${repoName}.git }
apps:
  - { name: ${app}, repo: deploy, revision: main, path: apps/h, destination: { cluster: one, namespace: ${ns} } }
  - { name: ${kindApp}, repo: deploy, revision: main, path: apps/k, destination: { cluster: one, namespace: ${ns} } }
  - { name: ${nameApp}, repo: deploy, revision: main, path: apps/n, destination: { cluster: one, namespace: ${ns} } }
`,
  );
  await syncThenBreak();
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  await kubectl(1, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('hostile text in status and diff on the test bed', () => {
  it('status: the table and the problems carry no control character; the unknown kind is shown escaped', async () => {
    const r = await flotilla('status', app, kindApp, nameApp);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(r.stdout).toMatch(new RegExp(`^${app}\\s+one\\s+${ns}\\s+main@[0-9a-f]{7}\\s+OutOfSync`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${nameApp}\\s+one\\s+${ns}\\s+main\\S*\\s+Unknown`, 'm'));
    expect(r.stderr).toContain('Evil\\x1b]0;owned\\x07');
    expect(r.stderr).toContain('apps/n/bad-name.yaml');
  });

  it('status -o json: no control character; the termination message parses back exactly', async () => {
    const r = await flotilla('status', app, '-o', 'json');
    expect(r.stdout).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    const [s] = JSON.parse(r.stdout) as { resources: { name: string; sync: string; message: string }[] }[];
    const pod = s?.resources.find((x) => x.name === 'hostile-pod');
    expect(pod?.message).toContain(terminationMessage);
    expect(s?.resources).toContainEqual(expect.objectContaining({ name: 'hostile-cm', sync: 'OutOfSync' }));
  });

  it('diff: values from Git and the cluster are shown as escapes, with or without colour', async () => {
    const plain = await flotilla('diff', app, '--color', 'never');
    expect(`${plain.stdout}${plain.stderr}`).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(plain.stdout).toContain('\\x9b2J');
    expect(plain.stdout).toContain('abc\\u202edef');
    expect(plain.stdout).toMatch(/^-\s+mode: live$/m);
    const coloured = await flotilla('diff', app, '--color', 'always');
    // Only flotilla's own colours (SGR: ESC [ … m) may be there.
    // eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
    expect(coloured.stdout.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
  });
});
