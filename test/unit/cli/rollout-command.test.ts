/** `flotilla rollout` as a command: its options, what it prints for a run and for --status against a scripted
 * engine, --dry-run and usage errors through runFlotilla. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { rolloutApps, showStatus } from '../../../src/cli/rollout.js';
import { parseRolloutArgs } from '../../../src/cli/rollout-args.js';
import type { RolloutEvent, RolloutOutcome, RolloutRecord } from '../../../src/engine/rollout/index.js';
import { ok } from '../../../src/engine/problem.js';
import { runFlotilla } from '../../support/cli.js';

function capture(opts: { tty?: boolean } = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: opts.tty === true });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdout, stderr, env: {}, cwd: '/' };
  return { io, out: () => out, err: () => err };
}

const ORDER = { label: 'env', values: ['staging', 'prod'] };

/** A rollout that failed in group prod on cluster eu, with a hostile message from the cluster. */
function failedRecord(): RolloutRecord {
  return {
    id: 'web-1',
    appSet: 'web',
    order: ORDER,
    initiator: { user: 'alice', host: 'ops-1', pid: 1 },
    startedAt: '2026-12-03T12:00:00.000Z',
    finishedAt: '2026-12-03T12:01:05.000Z',
    heartbeatAt: '2026-12-03T12:01:05.000Z',
    phase: 'Failed',
    message: 'stopped at group env=prod: app web-eu on cluster eu failed: timed out \x1b[31mred',
    stoppedAt: { group: 'prod', app: 'web-eu', cluster: 'eu' },
    groups: [
      {
        value: 'staging',
        phase: 'Succeeded',
        apps: [{ app: 'web-stg', cluster: 'stg', state: 'Succeeded', operation: 'op-1' }],
      },
      {
        value: 'prod',
        phase: 'Failed',
        apps: [
          { app: 'web-eu', cluster: 'eu', state: 'Failed', message: 'timed out \x1b[31mred' },
          { app: 'web-us', cluster: 'us', state: 'NotStarted' },
        ],
      },
    ],
    leftOut: [
      { app: 'web-dev', cluster: 'dev', reason: 'cluster dev has env=dev, which the order does not list' },
    ],
  };
}

function fakeEngine(events: RolloutEvent[], outcome: RolloutOutcome) {
  return {
    rollout: (_appSet: string, _request: unknown, onEvent?: (e: RolloutEvent) => void) => {
      events.forEach((e) => onEvent?.(e));
      return Promise.resolve(outcome);
    },
    rolloutOf: () => Promise.resolve(ok<RolloutRecord | undefined>(failedRecord())),
  };
}

describe('parseRolloutArgs', () => {
  it('reads a run, a dry run and --status', () => {
    const run = parseRolloutArgs([
      'web',
      '--order',
      'env=staging,prod',
      '--prune',
      '--confirm-prune',
      'all',
      '--timeout',
      '90s',
    ]);
    expect(run.ok && run.value).toEqual({
      appSet: 'web',
      readonly: false,
      json: false,
      mode: 'run',
      order: ORDER,
      sync: { prune: true, confirmPrune: 'all', timeoutMs: 90_000 },
    });
    const dry = parseRolloutArgs(['web', '--order', 'env=staging,prod', '--dry-run', '-o', 'json']);
    expect(dry.ok && dry.value).toMatchObject({ mode: 'dry-run', json: true, order: ORDER });
    const status = parseRolloutArgs(['web', '--status']);
    expect(status.ok && status.value).toMatchObject({ mode: 'status', appSet: 'web' });
  });

  it.each([
    [['web'], '--order is required'],
    [[], 'Name the app set to roll out.'],
    [['web', 'api', '--order', 'env=a'], 'Name one app set.'],
    [['web', '--order', 'env'], 'has no "="'],
    [['web', '--order', 'env=a', '--confirm-prune', 'all'], '--prune was not given'],
    [['web', '--order', 'env=a', '--timeout', '30'], 'Give a unit'],
    [['web', '--status', '--order', 'env=a', '--prune'], 'it does not go with --order, --prune'],
    [['web', '--order', 'env=a', '-o', 'yaml'], '-o must be text or json'],
  ])('refuses %j', (args, message) => {
    const r = parseRolloutArgs(args);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => `${p.message} ${p.hint ?? ''}`).join('\n')).toContain(message);
  });
});

describe('rolloutApps', () => {
  const events: RolloutEvent[] = [
    { type: 'started', record: { ...failedRecord(), phase: 'Running' } },
    { type: 'group', index: 0, group: { value: 'staging', apps: [{ app: 'web-stg', cluster: 'stg' }] } },
    { type: 'app', group: 'staging', app: { app: 'web-stg', cluster: 'stg', state: 'Syncing' } },
    {
      type: 'app',
      group: 'staging',
      app: { app: 'web-stg', cluster: 'stg', state: 'Succeeded', operation: 'op-1' },
    },
    { type: 'group', index: 1, group: { value: 'prod', apps: [{ app: 'web-eu', cluster: 'eu' }] } },
    {
      type: 'app',
      group: 'prod',
      app: { app: 'web-eu', cluster: 'eu', state: 'Failed', message: 'timed out \x1b[31mred' },
    },
    {
      type: 'warning',
      problem: {
        code: 'rollout.record-write-failed',
        message: 'The rollout record could not be written on cluster eu',
      },
    },
  ];
  const outcome: RolloutOutcome = { started: true, record: failedRecord(), warnings: [] };

  it('prints each group and app as it goes, then where it stopped; cluster text made safe; exit 1', async () => {
    const c = capture();
    const code = await rolloutApps(
      fakeEngine(events, outcome),
      { appSet: 'web', json: false, order: ORDER, sync: { prune: false } },
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(ExitCode.Negative);
    expect(c.out().split('\n')).toEqual([
      'rollout web-1 of web by env: 2 groups, started by alice@ops-1',
      'left out:',
      '  web-dev → dev: cluster dev has env=dev, which the order does not list',
      'group 1/2 env=staging: web-stg → stg',
      '  web-stg → stg: Syncing',
      '  web-stg → stg: Succeeded (operation op-1)',
      'group 2/2 env=prod: web-eu → eu',
      '  web-eu → eu: Failed: timed out \\x1b[31mred',
      'warning: The rollout record could not be written on cluster eu',
      'rollout web-1 of web: Failed at group env=prod (after 1m05s)',
      '  stopped at group env=prod: app web-eu on cluster eu failed: timed out \\x1b[31mred',
      '  not started: web-us → us',
      '',
    ]);
  });

  it('exits 0 when every group succeeded, and writes one JSON document with -o json', async () => {
    const record = { ...failedRecord(), phase: 'Succeeded' as const };
    const c = capture();
    const code = await rolloutApps(
      fakeEngine(events, { started: true, record, warnings: [] }),
      { appSet: 'web', json: true, order: ORDER, sync: { prune: false } },
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(ExitCode.Ok);
    const doc = JSON.parse(c.out()) as { result: string; record: RolloutRecord };
    expect(doc.result).toBe('Succeeded');
    expect(c.out()).not.toContain('\x1b');
  });

  it('prints the refusal and who runs the other rollout; exit 1', async () => {
    const refused: RolloutOutcome = {
      started: false,
      problems: [
        {
          code: 'rollout.running',
          message: 'A rollout of app set web is running: web-0, started by bob@ops-2',
        },
      ],
    };
    const c = capture();
    const code = await rolloutApps(
      fakeEngine([], refused),
      { appSet: 'web', json: false, order: ORDER, sync: { prune: false } },
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(ExitCode.Negative);
    expect(c.err()).toContain('started by bob@ops-2');
  });
});

describe('showStatus', () => {
  it('prints the stored rollout: who, when, each group and app (with marks on a terminal)', async () => {
    const c = capture({ tty: true });
    expect(
      await showStatus(
        fakeEngine([], { started: false, problems: [] }),
        { appSet: 'web', json: false },
        c.io,
      ),
    ).toBe(ExitCode.Ok);
    expect(c.out()).toContain('rollout web-1 of web (--order env=staging,prod): Failed at group env=prod');
    expect(c.out()).toContain(
      '  started by alice@ops-1 at 2026-12-03T12:00:00.000Z, finished at 2026-12-03T12:01:05.000Z',
    );
    expect(c.out()).toContain('group env=prod: Failed');
    expect(c.out()).toContain('    - web-us → us: NotStarted');
    expect(c.out()).not.toContain('\x1b');
  });

  it('exits 1 when no rollout is stored', async () => {
    const c = capture();
    const engine = { rolloutOf: () => Promise.resolve(ok<RolloutRecord | undefined>(undefined)) };
    expect(await showStatus(engine, { appSet: 'web', json: false }, c.io)).toBe(ExitCode.Negative);
    expect(c.err()).toContain('No rollout of app set web is stored');
  });
});

describe('flotilla rollout: --dry-run and usage errors', () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-rollout-cli-'));
  const env = { HOME: root, XDG_CACHE_HOME: join(root, 'cache'), KUBECONFIG: join(root, 'kubeconfig') };
  const flotilla = (...args: string[]) => runFlotilla(args, { env, cwd: root });

  beforeAll(() => {
    const contexts = ['c1', 'c2', 'c3'].map((c) => `{name: ${c}, context: {cluster: c, user: u}}`).join(', ');
    writeFileSync(
      env.KUBECONFIG,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\n' +
        `users: [{name: u, user: {token: not-a-real-token}}]\ncontexts: [${contexts}]\n`,
    );
    writeFileSync(
      join(root, 'flotilla.yaml'),
      'clusters:\n  - { name: stg, context: c1, labels: { env: staging } }\n' +
        '  - { name: eu, context: c2, labels: { env: prod } }\n  - { name: lab, context: c3 }\n' +
        `repos:\n  - { name: deploy, url: ${join(root, 'deploy')} }\n` +
        'appSets:\n  - { name: web, clusters: {}, template: { repo: deploy, path: web, destination: { namespace: web } } }\n',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('--dry-run prints the groups and the apps left out, and exits 0 without a cluster', async () => {
    const r = await flotilla('rollout', 'web', '--order', 'env=staging,prod', '--dry-run');
    expect(r.code).toBe(ExitCode.Ok);
    expect(r.stdout.split('\n')).toEqual([
      'rollout of web by env: 2 groups, 2 apps (dry run: nothing is sent)',
      'group 1 env=staging',
      '  web-stg → stg',
      'group 2 env=prod',
      '  web-eu → eu',
      'left out:',
      '  web-lab → lab: cluster lab has no label env',
      '',
    ]);
  });

  it('--dry-run -o json writes the plan as one JSON document', async () => {
    const r = await flotilla('rollout', 'web', '--order', 'env=staging,prod', '--dry-run', '-o', 'json');
    expect(r.code).toBe(ExitCode.Ok);
    const plan = JSON.parse(r.stdout) as { groups: { value: string }[]; leftOut: { app: string }[] };
    expect(plan.groups.map((g) => g.value)).toEqual(['staging', 'prod']);
    expect(plan.leftOut.map((l) => l.app)).toEqual(['web-lab']);
  });

  it('documents every option in --help and is listed in flotilla --help', async () => {
    const r = await flotilla('rollout', '--help');
    for (const option of [
      '--order',
      '--dry-run',
      '--status',
      '--prune',
      '--confirm-prune',
      '--timeout',
      '--output',
    ])
      expect(r.stdout).toContain(option);
    expect((await flotilla('--help')).stdout).toMatch(/ rollout +sync an app set/);
  });

  it.each([
    [['rollout', 'web'], '--order is required'],
    [['rollout', 'wbe', '--order', 'env=prod'], 'The fleet has no app set named "wbe".'],
    [['rollout', 'web', '--order', 'env=staging,qa'], 'labelled env=qa'],
    [['rollout', 'wbe', '--status'], 'The fleet has no app set named "wbe".'],
  ])('%j exits 2', async (args, message) => {
    const r = await flotilla(...args);
    expect(r.code).toBe(ExitCode.UsageOrConfig);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
