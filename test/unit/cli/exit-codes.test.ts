/** One set of exit codes for every command: 0 done, 1 the command's negative answer, 2 usage or configuration. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCli } from '../../../src/cli/main.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-exit-'));
const repo = join(root, 'deploy');
const kubeconfig = join(root, 'kubeconfig');
const env = {
  HOME: root,
  XDG_CACHE_HOME: join(root, 'cache'),
  KUBECONFIG: kubeconfig,
  PATH: process.env.PATH,
};

/** Runs flotilla in `root`; `tty` makes standard output a terminal, which the TUI needs to start. */
async function flotilla(args: string[], opts: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: opts.tty === true });
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdout.resume();
  const io: CliIo = { stdout, stderr, env: opts.env ?? env, cwd: root };
  const code = await runCli(args, io);
  return { code, stderr: err };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const fleet = (apps: string[]) => `clusters:
  - { name: down, context: ctx-down }
repos:
  - { name: deploy, url: ${repo} }
apps:
${apps.map((a) => `  - { name: ${a}, repo: deploy, revision: main, path: apps/${a}, destination: { cluster: down, namespace: ${a} } }`).join('\n')}
`;

beforeAll(() => {
  // Port 1 on loopback refuses at once: the cluster is unreachable without any waiting.
  write(
    kubeconfig,
    'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\n' +
      'users: [{name: u, user: {token: not-a-real-token}}]\ncontexts: [{name: ctx-down, context: {cluster: c, user: u}}]\n',
  );
  write(join(repo, 'apps/good/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\n');
  write(join(repo, 'apps/bad/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n');
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
  execFileSync('git', ['-C', repo, 'add', '-A']);
  execFileSync('git', [
    '-C',
    repo,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@x',
    'commit',
    '--quiet',
    '-m',
    'a',
  ]);
  write(join(root, 'flotilla.yaml'), fleet(['good', 'bad']));
  write(join(root, 'good-only.yaml'), fleet(['good']));
  write(join(root, 'invalid.yaml'), fleet(['good']).replace('revision: main', 'revison: main'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an invalid fleet file is a configuration error', () => {
  const commands: [string, string[], { tty?: boolean }][] = [
    ['status', ['status'], {}],
    ['diff', ['diff', 'good'], {}],
    ['render', ['render', 'good'], {}],
    ['the TUI', [], { tty: true }],
  ];
  for (const [name, args, opts] of commands) {
    it(`${name} exits 2 and names the file`, async () => {
      const r = await flotilla([...args, '--config', 'invalid.yaml'], opts);
      expect(r.code).toBe(ExitCode.UsageOrConfig);
      expect(r.stderr).toMatch(/invalid\.yaml:\d+:\d+/);
    });
  }

  it('validate answers "invalid" with 1, as that is its question', async () => {
    const r = await flotilla(['validate', '--config', 'invalid.yaml']);
    expect(r.code).toBe(ExitCode.Negative);
    expect(r.stderr).toMatch(/invalid\.yaml:\d+:\d+/);
  });
});

describe('usage errors exit 2', () => {
  const cases: [string[], { tty?: boolean }][] = [
    [['status', '-o', 'yaml'], {}],
    [['status', '--bogus'], {}],
    [['diff'], {}],
    [['diff', 'good', '--color', 'pink'], {}],
    [['render'], {}],
    [['render', 'good', '-o', 'xml'], {}],
    [['validate', '-o', 'yaml'], {}],
    [['health'], {}],
    [['--notify', 'loud'], { tty: true }],
    [[], {}], // the TUI without a terminal
    [['no-such-command'], {}],
  ];
  for (const [args, opts] of cases) {
    it(`flotilla ${args.join(' ') || '(no terminal)'}`, async () => {
      expect((await flotilla(args, opts)).code).toBe(ExitCode.UsageOrConfig);
    });
  }

  for (const args of [
    ['status', 'nope'],
    ['diff', 'nope'],
    ['render', 'nope'],
  ]) {
    it(`an unknown app: flotilla ${args.join(' ')}`, async () => {
      const r = await flotilla(args);
      expect(r.code).toBe(ExitCode.UsageOrConfig);
      expect(r.stderr).toContain('nope');
    });
  }
});

describe('negative answers exit 1, everything else 0', () => {
  it('status: an app whose cluster is unreachable is Unknown', async () => {
    const r = await flotilla(['status', 'good']);
    expect(r.stderr).toMatch(/127\.0\.0\.1:1/);
    expect(r.code).toBe(ExitCode.Negative);
  });

  it('diff: an app that could not be compared', async () => {
    const r = await flotilla(['diff', 'good']);
    expect(r.stderr).toContain('could not be made');
    expect(r.code).toBe(ExitCode.Negative);
  });

  it('render: an app that does not render, and one that does', async () => {
    expect((await flotilla(['render', 'bad'])).code).toBe(ExitCode.Negative);
    expect((await flotilla(['render', 'good'])).code).toBe(ExitCode.Ok);
  });

  it('validate: an app that does not render, and a fleet where all do', async () => {
    expect((await flotilla(['validate'])).code).toBe(ExitCode.Negative);
    expect((await flotilla(['validate', '--config', 'good-only.yaml'])).code).toBe(ExitCode.Ok);
  });
});

describe('a kubeconfig that does not parse', () => {
  it('is a configuration error reported by path and line, without the lines around it', async () => {
    const token = 'kubeconfigT0kenThatMustNotPrint';
    const broken = join(root, 'broken-kubeconfig');
    write(
      broken,
      `apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: ${token}\n    token: x\n`,
    );
    const r = await flotilla(['status', 'good'], {
      env: { ...env, KUBECONFIG: [kubeconfig, broken].join(delimiter) },
    });
    expect(r.code).toBe(ExitCode.UsageOrConfig);
    expect(r.stderr).toContain(`${broken}:7:5`);
    expect(r.stderr).toContain('duplicated mapping key');
    expect(r.stderr).not.toContain(token);
  });
});
