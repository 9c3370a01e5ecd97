/** `render`, `validate` and `health` print hostile text from Git and manifests as visible escapes: the
 * terminal never receives a control character, and render's YAML and JSON still parse to the objects. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runFlotilla } from '../../support/cli.js';
import {
  C1_CLEAR,
  CLEAR,
  OSC52,
  OSC8,
  RLO,
  TITLE,
  UNSAFE_CHAR_IN_DOCUMENT,
} from '../../support/hostile-text.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-hostile-'));
const repo = join(root, 'deploy');
const env = {
  HOME: root,
  XDG_CACHE_HOME: join(root, 'cache'),
  KUBECONFIG: join(root, 'kubeconfig'),
  PATH: process.env.PATH,
};
const flotilla = (...args: string[]) => runFlotilla(args, { env, cwd: root });

/** A file name that retitles the window. */
const hostilePath = `apps/evil/x${TITLE}.yaml`;
/** A malformed file whose name retitles the window and clears the screen (C1 form). */
const brokenPath = `apps/broken/bad${TITLE}${C1_CLEAR}.yaml`;
/** A ConfigMap whose annotation plants a hyperlink and whose data write the clipboard, clear the screen
 * and reverse text (YAML double quotes spell ESC as \e, so the file itself is plain text). Names cannot
 * carry control characters: the renderer refuses such an object. */
const hostileName = `web${OSC8}`;
const hostileData = { clip: OSC52, clear: `line one\nline two${CLEAR}`, c1: C1_CLEAR, rlo: `abc${RLO}def` };
const yamlQuoted = (s: string) => JSON.stringify(s).replace(/\\u001b/g, '\\e');
const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  annotations:
    note: ${yamlQuoted(hostileName)}
data:
${Object.entries(hostileData)
  .map(([k, v]) => `  ${k}: ${yamlQuoted(v)}`)
  .join('\n')}
`;

function git(...args: string[]): void {
  execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@flotilla.local', ...args]);
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

beforeAll(() => {
  writeFileSync(
    env.KUBECONFIG,
    'apiVersion: v1\nkind: Config\ncontexts:\n  - {name: ctx-a, context: {cluster: a, user: u}}\n',
  );
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
  write(hostilePath, manifest);
  write(brokenPath, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n');
  git('add', '-A');
  git('commit', '--quiet', '-m', `evil${OSC52}`);
  const app = (name: string, path: string) =>
    `  - { name: ${name}, repo: deploy, revision: main, path: ${path}, destination: { cluster: a, namespace: ns } }`;
  writeFileSync(
    join(root, 'flotilla.yaml'),
    `clusters:\n  - { name: a, context: ctx-a }\nrepos:\n  - { name: deploy, url: ${repo} }\napps:\n${app('evil', 'apps/evil')}\n${app('broken', 'apps/broken')}\n`,
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hostile text in command output', () => {
  it('render: YAML without control characters that parses back to the exact object', async () => {
    const r = await flotilla('render', 'evil');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(r.stdout).toContain('# Source: apps/evil/x\\x1b]0;owned\\x07.yaml');
    expect(r.stdout).toContain('note: "web\\e]8;;https://evil.example/');
    const objects = parseAllDocuments(r.stdout)
      .map(
        (d) =>
          d.toJS() as { metadata: { annotations: { note: string } }; data: Record<string, string> } | null,
      )
      .filter((o) => o !== null);
    expect(objects).toHaveLength(1);
    expect(objects[0]?.metadata.annotations.note).toBe(hostileName);
    expect(objects[0]?.data).toEqual(hostileData);
  });

  it('render -o json: JSON without control characters that parses back to the exact object', async () => {
    const r = await flotilla('render', 'evil', '-o', 'json');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    const [first] = JSON.parse(r.stdout) as { object: { data: Record<string, string> } }[];
    expect(first?.object.data).toEqual(hostileData);
  });

  it('validate: a problem quoting hostile text is printed with visible escapes', async () => {
    const r = await flotilla('validate');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(r.stderr).toContain('apps/broken/bad\\x1b]0;owned\\x07\\x9b2J.yaml:4');
    const json = await flotilla('validate', '-o', 'json');
    expect(json.stdout).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    const report = JSON.parse(json.stdout) as { apps: { problems: { source?: { file?: string } }[] }[] };
    expect(report.apps[1]?.problems[0]?.source?.file).toBe(brokenPath);
  });

  it('health: a pod termination message that clears the screen is shown as text', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web${OSC8}`, namespace: 'ns' },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'web',
            state: { terminated: { exitCode: 1, reason: 'Error', message: `panic: ${CLEAR}${C1_CLEAR}` } },
          },
        ],
      },
    };
    const table = await runFlotilla(['health', '-f', '-'], { env, cwd: root, stdin: JSON.stringify(pod) });
    expect(table.code).toBe(1); // the failed pod is Degraded
    expect(table.stdout).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(table.stdout).toContain('panic: \\x1b[2J\\x9b2J');
    expect(table.stdout).toContain('web\\x1b]8;;https://evil.example/');
    const json = await runFlotilla(['health', '-f', '-', '-o', 'json'], {
      env,
      cwd: root,
      stdin: JSON.stringify(pod),
    });
    expect(json.stdout).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect((JSON.parse(json.stdout) as { name: string }[])[0]?.name).toBe(pod.metadata.name);
  });
});
