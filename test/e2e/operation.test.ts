/** End to end: the operation pane of the real `flotilla` TUI in tmux follows an operation another flotilla runs,
 * terminates it after a confirm; `--readonly` disables the acting keys and sends no mutating request. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../src/ui/keys/default-registry.js';
import { auditMark, auditSince, type AuditEvent } from '../support/audit-log.js';
import { runFlotilla, type CliRun } from '../support/cli.js';
import { configMap, pod } from '../support/manifests.js';
import { seedRepo, type SeededRepo } from '../support/seed-repo.js';
import { kubectl, testbed } from '../support/testbed.js';
import { tuiCommand } from '../support/tui-command.js';
import { TmuxSession } from '../support/tmux.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-e2e-op-'));
const repoName = `e2e-op-${id}`;
const ns = `e2e-op-${id}`;
const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  XDG_CONFIG_HOME: join(work, 'config'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
const sessions: TmuxSession[] = [];
let seeded: SeededRepo | undefined;
let first: Promise<CliRun> | undefined;

/** Starts the TUI (with `args`) in a tmux session of its own and waits for its fleet screen. */
async function startTui(name: string, args: string): Promise<TmuxSession> {
  const session = TmuxSession.start(
    `flotilla-e2e-${name}-${id}`,
    tuiCommand({ work: work, env: env, stderrFile: join(work, `${name}.err`), args }),
  );
  sessions.push(session);
  await session.waitFor(/^flotilla │ fleet/m, 60_000);
  return session;
}

const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
/** Asking the API server what this identity may do is a `create` that changes nothing. */
const REVIEWS = /reviews$/;

/** Requests flotilla sent that would change a cluster (dry runs and access reviews left out). */
function flotillaWrites(events: readonly AuditEvent[]): string[] {
  return events
    .filter((e) => e.stage === 'ResponseComplete' && (e.userAgent ?? '').startsWith('flotilla'))
    .filter((e) => MUTATING.has(e.verb) && !/[?&]dryRun=All\b/.test(e.requestURI))
    .filter((e) => !REVIEWS.test(e.objectRef?.resource ?? ''))
    .map((e) => `${e.verb} ${e.requestURI}`);
}

function fleet(): string {
  const app = (name: string, cluster: string) =>
    `  - { name: ${name}, repo: deploy, revision: main, path: apps/${name}, destination: { cluster: ${cluster}, namespace: ${ns} }, syncPolicy: { syncOptions: [CreateNamespace=true] } }\n`;
  return `clusters:
  - { name: alpha, context: ${tb.context(1)}, labels: { env: staging } }
  - { name: bravo, context: ${tb.context(2)}, labels: { env: prod } }
  - { name: charlie, context: ${tb.context(3)}, labels: { env: prod } }
repos:
  - { name: deploy, url: ${tb.gitUrl}/${repoName}.git, pollInterval: 10s }
apps:
${app('slow', 'alpha')}${app('calm', 'bravo')}`;
}

beforeAll(() => {
  seeded = seedRepo(
    repoName,
    {
      // A PreSync hook whose pod runs and never finishes: the sync stays Running until it is terminated.
      'apps/slow/hook.yaml': pod('slow-hook', 'never-ready', { hook: 'PreSync' }),
      'apps/slow/config.yaml': configMap('settings'),
      'apps/calm/config.yaml': configMap('settings'),
    },
    { message: 'apps' },
  );
  writeFileSync(join(work, 'flotilla.yaml'), fleet());
});

afterAll(async () => {
  for (const s of sessions) s.kill();
  await first?.catch(() => undefined);
  if (process.env.FLOTILLA_KEEP_E2E) process.stderr.write(`e2e work folder kept: ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  for (const n of [1, 2, 3])
    await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']).catch(() => '');
});

describe('the operation pane on live clusters', () => {
  it("a second flotilla sees the first one's running operation, phase -> wave -> hook, and terminates it", async () => {
    const mark = auditMark(1);
    first = runFlotilla(['sync', 'slow', '--wait', '--timeout', '170s'], { env, cwd: work });
    const tui = await startTui('second', '');
    await tui.waitFor(/slow\s+alpha/, 60_000);
    await tui.type('/', /! inverts/);
    await tui.type('slow', /^\/slow/m);
    await tui.press('Enter', { what: 'the prompt closed', test: (s) => !/^\/slow/m.test(s) });
    await tui.press('o', /Operation of slow on alpha/);
    const running = await tui.waitFor(
      {
        what: "the other flotilla's sync running its PreSync hook",
        test: (s) => /sync Running/.test(s) && /hook\s+Pod\/slow-hook\s+↻ running/.test(s),
      },
      90_000,
    );
    expect(running).toMatch(/another operator's/);
    expect(running).toMatch(/PreSync\s+↻ running/);
    expect(running).toMatch(/running for \d+[sm]/);

    await tui.press('t', /Terminate the sync of slow on alpha\?/);
    const ended = await tui.press('Enter', /sync (Interrupted|Failed)/, 60_000);
    expect(ended).not.toMatch(/sync Running/);
    const run = await first;
    expect(run.code, `${run.stdout}\n${run.stderr}`).not.toBe(0);
    // The audit filter the read-only test relies on does see flotilla's writes.
    expect(flotillaWrites(auditSince(1, mark)).length).toBeGreaterThan(0);

    const fleetRow = await tui.press('Escape', /CLUSTER/);
    expect(fleetRow.split('\n').find((l) => /\bslow\s+alpha/.test(l))).toMatch(/[✗▲]\s*│?\s*$/);
    tui.kill();
  }, 300_000);

  it('--readonly: the acting keys are disabled with the reason, and no mutating request leaves the session', async () => {
    const marks = [1, 2, 3].map((n) => auditMark(n));
    const tui = await startTui('readonly', '--readonly');
    await tui.waitFor(/read-only/);
    await tui.waitFor(/slow\s+alpha/, 60_000);
    // The keys other parts of this issue own, when this build has them (checked on the fleet's app table).
    const registry = createDefaultRegistry();
    const others = ['s', 'R', 'A'].filter(
      (key) => registry.resolve(key, { screen: 'fleet', pane: 'fleet.apps' }) !== undefined,
    );
    for (const key of others) await tui.press(key, /disabled \(read-only mode \(--readonly\)\)/);

    await tui.type('/', /! inverts/);
    await tui.type('slow', /^\/slow/m);
    await tui.press('Enter', { what: 'the prompt closed', test: (s) => !/^\/slow/m.test(s) });
    await tui.press('o', /Operation of slow on alpha/);
    // The operation of the first test, read from the cluster: following it writes nothing.
    await tui.waitFor(/sync (Running|Succeeded|Failed|Interrupted)/, 30_000);
    await tui.press('t', /disabled \(read-only mode \(--readonly\)\)/);
    expect(tui.screen()).not.toMatch(/Terminate the \S+ of/);
    // Long enough for the monitor's polls and a follow round to have sent whatever they send.
    await new Promise((r) => setTimeout(r, 8_000));
    await tui.press('C-c', /exited 0/, 15_000);
    for (const [i, mark] of marks.entries()) expect(flotillaWrites(auditSince(i + 1, mark))).toEqual([]);
    process.stderr.write(
      `readonly e2e: also pressed ${others.join(', ') || '(none of s, R, A exist yet)'}\n`,
    );
  }, 180_000);
});
