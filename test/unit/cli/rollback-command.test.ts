/** `flotilla rollback` and `flotilla autosync` as commands: arguments, what a scripted engine's rollback prints,
 * the JSON document and exit codes. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { parseRollbackArgs, rollbackOne, type RollbackArgs } from '../../../src/cli/rollback.js';
import { formatAgo } from '../../../src/cli/rollback-output.js';
import type { App } from '../../../src/engine/config/index.js';
import { resolveSyncOptions } from '../../../src/engine/config/sync-options.js';
import type { HistoryEntry } from '../../../src/engine/history/index.js';
import type {
  RollbackEvent,
  RollbackRequest,
  RollbackTarget,
  SyncOutcome,
} from '../../../src/engine/sync/index.js';
import { runFlotilla } from '../../support/cli.js';
import { operation, shopPlan } from './sync-fixtures.js';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const sha = (c: string): string => c.repeat(40);

const entry = (id: number, c: string, finishedAt: string): HistoryEntry => ({
  id,
  operationId: `op-${id}`,
  kind: 'sync',
  revision: sha(c),
  startedAt: finishedAt,
  finishedAt,
  initiator: { user: 'alice', host: 'ops-1' },
  result: 'Succeeded',
  partial: false,
  prune: false,
  manifestDigest: 'sha256:00',
  applied: 1,
  pruned: 0,
  attempts: 1,
});

const target = (pausesAutoSync: boolean): RollbackTarget => ({
  app: 'shop',
  cluster: 'dev',
  repo: 'deploy',
  target: entry(3, 'a', '2026-12-03T10:00:00.000Z'),
  current: entry(5, 'b', '2026-12-03T11:30:00.000Z'),
  commit: { subject: 'Fix the \u001b[31mbanner', author: 'Ada <ada@example.com>', date: '2026-12-03' },
  foundOn: 'main',
  pausesAutoSync,
});

const automated = { prune: false, selfHeal: true, allowEmpty: false };
const shopApp = (auto: boolean): Pick<App, 'name' | 'syncPolicy'> => ({
  name: 'shop',
  syncPolicy: { syncOptions: resolveSyncOptions([]), ...(auto ? { automated } : {}) },
});

const opts = (
  over: Partial<RollbackArgs['request']> = {},
  json = false,
): Pick<RollbackArgs, 'json' | 'request'> => ({
  json,
  request: { prune: false, dryRun: false, force: false, wait: false, waitLock: false, ...over },
});

function fakeEngine(events: RollbackEvent[], outcome: SyncOutcome) {
  const calls: { app: string; request: RollbackRequest }[] = [];
  return {
    calls,
    rollback: (app: string, request: RollbackRequest, onEvent?: (e: RollbackEvent) => void) => {
      calls.push({ app, request });
      events.forEach((e) => onEvent?.(e));
      return Promise.resolve(outcome);
    },
  };
}

function capture() {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const io: CliIo = { stdout, stderr, env: {}, cwd: '/' };
  return { io, out: () => out };
}

const succeeded = (pauses: boolean) => {
  const state = operation({ kind: 'rollback', revision: sha('a') });
  return fakeEngine(
    [
      { type: 'rollback', rollback: target(pauses) },
      { type: 'plan', plan: shopPlan() },
      { type: 'done', state },
    ],
    { started: true, state },
  );
};

describe('rollbackOne', () => {
  it('says what is restored before the plan, that auto-sync will be paused, and that it stays paused', async () => {
    const engine = succeeded(true);
    const c = capture();
    const code = await rollbackOne(
      engine,
      shopApp(true),
      opts(),
      c.io,
      new AbortController().signal,
      () => NOW,
    );
    expect(code).toBe(ExitCode.Ok);
    const lines = c.out().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Rolling back shop on dev: current bbbbbbb (#5) → aaaaaaa (#3, 2h ago, Fix the \\x1b[31mbanner)',
      'Auto-sync will be paused (resume with `flotilla autosync shop resume`)',
      'plan at 0123456: 1 create, 1 update, 1 prune, 1 hook, 1 unchanged, 1 skipped',
    ]);
    expect(lines).toContain('Auto-sync of shop stays paused until `flotilla autosync shop resume`.');
  });

  it('tells an automated app’s dry run that a real rollback would pause auto-sync', async () => {
    const engine = succeeded(false);
    const c = capture();
    await rollbackOne(
      engine,
      shopApp(true),
      opts({ dryRun: true }),
      c.io,
      new AbortController().signal,
      () => NOW,
    );
    expect(c.out()).toContain('A rollback pauses auto-sync; this dry run does not.\n');
    expect(c.out()).not.toContain('stays paused');
  });

  it('passes the request with the abort signal, and exits 1 on a refusal, printing its words', async () => {
    const engine = fakeEngine([], {
      started: false,
      problems: [
        {
          code: 'rollback.commit-gone',
          message: 'Commit aaaaaaa (#3) no longer exists in repository deploy.',
        },
      ],
    });
    const c = capture();
    const controller = new AbortController();
    const code = await rollbackOne(
      engine,
      shopApp(false),
      opts({ id: 3 }),
      c.io,
      controller.signal,
      () => NOW,
    );
    expect(code).toBe(ExitCode.Negative);
    expect(engine.calls).toEqual([
      { app: 'shop', request: { ...opts({ id: 3 }).request, signal: controller.signal } },
    ]);
    expect(c.out()).toBe('shop: not started\n  Commit aaaaaaa (#3) no longer exists in repository deploy.\n');
  });

  it('writes one JSON document with what was restored, and nothing else on stdout', async () => {
    const engine = succeeded(true);
    const c = capture();
    await rollbackOne(engine, shopApp(true), opts({}, true), c.io, new AbortController().signal, () => NOW);
    expect(JSON.parse(c.out())).toMatchObject({
      app: 'shop',
      result: 'Succeeded',
      state: { kind: 'rollback' },
      rollback: {
        target: { id: 3, revision: sha('a'), subject: 'Fix the \u001b[31mbanner' },
        current: { id: 5, revision: sha('b') },
        foundOn: 'main',
        pausesAutoSync: true,
      },
    });
  });
});

describe('parseRollbackArgs', () => {
  it('reads the app, an entry number with or without #, and the sync options', () => {
    expect(parseRollbackArgs(['shop', '#3', '--prune', '--confirm-prune', 'all', '--timeout', '2m'])).toEqual(
      {
        ok: true,
        value: {
          app: 'shop',
          readonly: false,
          json: false,
          request: {
            id: 3,
            prune: true,
            confirmPrune: 'all',
            dryRun: false,
            force: false,
            wait: false,
            timeoutMs: 120_000,
            waitLock: false,
          },
        },
      },
    );
    expect(parseRollbackArgs(['shop', '7'])).toMatchObject({ ok: true, value: { request: { id: 7 } } });
  });

  it('refuses a bad entry number, two apps, and --confirm-prune without --prune, all at once', () => {
    const r = parseRollbackArgs(['shop', 'latest', 'extra', '--confirm-prune', 'all']);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      'Roll back one app at a time: flotilla rollback APP [ID].',
      '"latest" is not a history entry number.',
      '--confirm-prune confirms prunes, but --prune was not given.',
    ]);
  });
});

describe('formatAgo', () => {
  it('rounds to the largest sensible unit', () => {
    expect([45_000, 12 * 60_000, 5 * 3_600_000, 3 * 86_400_000].map(formatAgo)).toEqual([
      '45s ago',
      '12m ago',
      '5h ago',
      '3d ago',
    ]);
  });
});

describe('flotilla autosync and rollback usage errors', () => {
  it('asks for a reason to pause, and for pause or resume', async () => {
    const noReason = await runFlotilla(['autosync', 'shop', 'pause']);
    expect(noReason.code).toBe(ExitCode.UsageOrConfig);
    expect(noReason.stderr).toContain('Say why with --reason TEXT');
    const noVerb = await runFlotilla(['autosync', 'shop', 'stop']);
    expect(noVerb.code).toBe(ExitCode.UsageOrConfig);
    expect(noVerb.stderr).toContain('Say which app, and pause or resume.');
  });

  it('refuses a rollback without an app', async () => {
    const r = await runFlotilla(['rollback']);
    expect(r.code).toBe(ExitCode.UsageOrConfig);
    expect(r.stderr).toContain('Name the app to roll back.');
  });
});
