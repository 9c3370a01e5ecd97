/** `flotilla sync` and `flotilla terminate` as commands: apps in turn against a scripted engine, what reaches
 * stdout and stderr, exit codes, and usage errors through runFlotilla. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { syncApps } from '../../../src/cli/sync.js';
import type { SyncArgs } from '../../../src/cli/sync-args.js';
import type { SyncEvent, SyncOutcome, SyncRequest } from '../../../src/engine/sync/index.js';
import { runFlotilla } from '../../support/cli.js';
import { FAILED_TASKS, operation, shopPlan } from './sync-fixtures.js';

const apps = ['db', 'shop', 'web'].map((name) => ({
  name,
  destination: { cluster: 'dev', namespace: name },
}));

const textOpts: Pick<SyncArgs, 'json' | 'diff' | 'request'> = {
  json: false,
  diff: false,
  request: { prune: true, dryRun: false, force: false, replace: false, wait: true, waitLock: false },
};

/** What the scripted engine does for one app: events to send, then an outcome. */
type Script = { events: SyncEvent[]; outcome: SyncOutcome };

function fakeEngine(scripts: Record<string, Script>) {
  const calls: { app: string; request: SyncRequest }[] = [];
  return {
    calls,
    sync: (app: string, request: SyncRequest, onEvent?: (e: SyncEvent) => void): Promise<SyncOutcome> => {
      calls.push({ app, request });
      const script = scripts[app];
      if (!script) throw new Error(`no script for ${app}`);
      script.events.forEach((e) => onEvent?.(e));
      return Promise.resolve(script.outcome);
    },
  };
}

function capture(opts: { tty?: boolean; stderrTty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: opts.tty === true });
  const stderr = Object.assign(new PassThrough(), { isTTY: opts.stderrTty === true });
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdout, stderr, env: opts.env ?? {}, cwd: '/' };
  return { io, out: () => out, err: () => err };
}

const succeeded = (app: string): Script => {
  const state = operation({ app, id: `${app}-op` });
  return {
    events: [
      { type: 'plan', plan: shopPlan() },
      { type: 'locked', holder: 'alice@ops-1' },
      { type: 'dry-run', failures: [] },
      { type: 'step', phase: 'Sync', wave: 0 },
      { type: 'task', result: { ...FAILED_TASKS[2]!, status: 'running' } },
      { type: 'task', result: { ...FAILED_TASKS[2]!, status: 'succeeded' } },
      { type: 'waiting', phase: 'Sync', wave: 0, on: ['ConfigMap/shop/settings'] },
      { type: 'done', state },
    ],
    outcome: { started: true, state },
  };
};

const failed = (app: string): Script => {
  const state = operation({
    app,
    id: `${app}-op`,
    phase: 'Failed',
    step: { phase: 'Sync', wave: 1 },
    tasks: FAILED_TASKS,
  });
  return {
    events: [
      { type: 'plan', plan: shopPlan() },
      { type: 'step', phase: 'Sync', wave: 1 },
      { type: 'done', state },
    ],
    outcome: { started: true, state },
  };
};

describe('syncApps', () => {
  it('prints the header, the plan, the progress and the result of each app, in the order named', async () => {
    const engine = fakeEngine({ db: succeeded('db'), shop: succeeded('shop') });
    const c = capture();
    const code = await syncApps(engine, apps.slice(0, 2), textOpts, c.io, new AbortController().signal);
    expect(code).toBe(ExitCode.Ok);
    expect(engine.calls.map((call) => call.app)).toEqual(['db', 'shop']);
    const lines = c.out().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'db → dev/db (prune)',
      'plan at 0123456: 1 create, 1 update, 1 prune, 1 hook, 1 unchanged, 1 skipped',
    ]);
    const progress = lines.slice(lines.indexOf('server-side dry run: every object accepted'));
    expect(progress.slice(0, 6)).toEqual([
      'server-side dry run: every object accepted',
      'Sync wave 0',
      '  ok     create    ConfigMap/web/settings',
      '  waiting waiting for ConfigMap/shop/settings',
      'db: Succeeded (in 1m05s, operation db-op, 2 applied, 1 hook, 1 pruned)',
      '',
    ]);
    expect(lines).toContain('shop → dev/shop (prune)');
    expect(c.err()).toBe('');
  });

  it('passes the request and the abort signal to the engine', async () => {
    const engine = fakeEngine({ db: succeeded('db') });
    const controller = new AbortController();
    await syncApps(engine, apps.slice(0, 1), textOpts, capture().io, controller.signal);
    expect(engine.calls[0]?.request).toEqual({ ...textOpts.request, signal: controller.signal });
  });

  it('stops at the first app that fails: exit 1, the failing step and object named, the rest not attempted', async () => {
    const engine = fakeEngine({ db: failed('db'), shop: succeeded('shop') });
    const c = capture({ tty: true });
    const code = await syncApps(engine, apps, textOpts, c.io, new AbortController().signal);
    expect(code).toBe(ExitCode.Negative);
    expect(engine.calls.map((call) => call.app)).toEqual(['db']);
    expect(c.out()).toContain('db: Failed at Sync wave 1');
    expect(c.out()).toContain(
      '  ✗ update    Deployment/web/api: admission webhook "policy.example.com" denied the request: replicas above 2',
    );
    expect(c.err()).toBe('not attempted: shop, web\n');
  });

  it('prints the plan and the problems of a sync that did not start, and exits 1', async () => {
    const plan = shopPlan({ renderOk: false });
    const engine = fakeEngine({
      db: {
        events: [],
        outcome: {
          started: false,
          plan,
          problems: [
            { code: 'sync.read-only-cluster', message: 'Cluster dev is read-only (readOnly: true).' },
          ],
        },
      },
    });
    const c = capture();
    expect(await syncApps(engine, apps.slice(0, 1), textOpts, c.io, new AbortController().signal)).toBe(
      ExitCode.Negative,
    );
    expect(c.out()).toContain('plan problems:\n');
    expect(c.out()).toContain('db: not started\n  Cluster dev is read-only (readOnly: true).\n');
  });

  it('attempts nothing once interrupted, and does not call that success', async () => {
    const engine = fakeEngine({ db: succeeded('db') });
    const controller = new AbortController();
    controller.abort();
    const c = capture();
    expect(await syncApps(engine, apps.slice(0, 1), textOpts, c.io, controller.signal)).toBe(
      ExitCode.Negative,
    );
    expect(engine.calls).toEqual([]);
  });

  it('writes one JSON document per app, one per line, and nothing else on stdout', async () => {
    const engine = fakeEngine({ db: succeeded('db'), shop: failed('shop') });
    const c = capture({ tty: true });
    const code = await syncApps(
      engine,
      apps,
      { ...textOpts, json: true },
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(ExitCode.Negative);
    const docs = c
      .out()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { app: string; result: string; state: { phase: string } | null });
    expect(docs.map((d) => [d.app, d.result])).toEqual([
      ['db', 'Succeeded'],
      ['shop', 'Failed'],
      ['web', 'NotAttempted'],
    ]);
    expect(docs[1]?.state?.phase).toBe('Failed');
    // stderr is not a terminal here, so no progress at all.
    expect(c.err()).toBe('');
  });

  it('shows progress on a terminal stderr with -o json', async () => {
    const engine = fakeEngine({ db: succeeded('db') });
    const c = capture({ stderrTty: true });
    await syncApps(engine, apps.slice(0, 1), { ...textOpts, json: true }, c.io, new AbortController().signal);
    expect(c.err()).toContain('db: Succeeded');
    expect(JSON.parse(c.out())).toMatchObject({ app: 'db', result: 'Succeeded' });
  });

  it('uses marks on a terminal and plain words with NO_COLOR', async () => {
    const run = async (env: NodeJS.ProcessEnv) => {
      const c = capture({ tty: true, env });
      await syncApps(
        fakeEngine({ db: succeeded('db') }),
        apps.slice(0, 1),
        textOpts,
        c.io,
        new AbortController().signal,
      );
      return c.out();
    };
    expect(await run({})).toContain('  ✓ create    ConfigMap/web/settings');
    expect(await run({ NO_COLOR: '1' })).toContain('  ok     create    ConfigMap/web/settings');
  });
});

describe('flotilla sync and terminate: usage and configuration errors exit 2', () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-sync-cli-'));
  const env = { HOME: root, XDG_CACHE_HOME: join(root, 'cache'), KUBECONFIG: join(root, 'kubeconfig') };
  const flotilla = (...args: string[]) => runFlotilla(args, { env, cwd: root });

  beforeAll(() => {
    writeFileSync(
      env.KUBECONFIG,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\n' +
        'users: [{name: u, user: {token: not-a-real-token}}]\ncontexts: [{name: ctx, context: {cluster: c, user: u}}]\n',
    );
    writeFileSync(
      join(root, 'flotilla.yaml'),
      `clusters:\n  - { name: dev, context: ctx }\nrepos:\n  - { name: deploy, url: ${join(root, 'deploy')} }\n` +
        'apps:\n  - { name: shop, repo: deploy, revision: main, path: shop, destination: { cluster: dev, namespace: shop } }\n',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('documents every option in --help', async () => {
    const r = await flotilla('sync', '--help');
    expect(r.code).toBe(ExitCode.Ok);
    for (const option of [
      '--prune',
      '--confirm-prune',
      '--dry-run',
      '--diff',
      '--force',
      '--replace',
      '--only-out-of-sync',
      '--resource',
      '--wait',
      '--timeout',
      '--wait-lock',
      '--output',
    ])
      expect(r.stdout).toContain(option);
    expect((await flotilla('terminate', '--help')).stdout).toContain('usage: flotilla terminate APP');
    expect((await flotilla('--help')).stdout).toMatch(/ sync +apply apps/);
  });

  it.each([
    [['sync'], 'Name the app to sync.'],
    [['sync', 'shop', '--timeout', '30'], 'Give a unit: 30s for seconds, 30m for minutes.'],
    [['sync', 'shop', '--resource', 'ConfigMap/a'], '--resource: "ConfigMap/a" does not name a resource'],
    [['sync', 'shop', '--bogus'], "Unknown option '--bogus'"],
    [['sync', 'nope'], 'There is no app named "nope"'],
    [['terminate'], 'usage: flotilla terminate APP'],
    [['terminate', 'nope'], 'There is no app named "nope"'],
  ])('%j', async (args, message) => {
    const r = await flotilla(...args);
    expect(r.code).toBe(ExitCode.UsageOrConfig);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
