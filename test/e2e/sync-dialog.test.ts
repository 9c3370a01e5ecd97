/** End to end: the sync dialog of the real `flotilla` TUI in tmux, on two test bed clusters (one labelled
 * env=prod). `s` shows the plan, Enter syncs and the row turns Synced and Healthy; on production, prune cannot be
 * sent without the cluster's name typed. Every wait that fails says what the screen, the TUI's stderr and the
 * live object showed, so a timeout explains itself. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditMark, auditSince, byFlotilla, describeWrites, writesIn } from '../support/audit-log.js';
import { syncWithFlotilla } from '../support/sync-app.js';
import { seedRepo, type SeededRepo } from '../support/seed-repo.js';
import { kubectl, testbed } from '../support/testbed.js';
import { tuiCommand } from '../support/tui-command.js';
import { TmuxSession, type ScreenCheck } from '../support/tmux.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-e2e-sync-'));
const repoName = `e2e-sync-${id}`;
const ns = `e2e-sync-${id}`;
const stderrFile = join(work, 'tui.err');
const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  XDG_CONFIG_HOME: join(work, 'config'),
  XDG_STATE_HOME: join(work, 'state'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
let tui: TmuxSession | undefined;
let seeded: SeededRepo | undefined;

const settings = (value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LIMIT: "${value}"}\n`;

/** orders on alpha (staging), payments on bravo (env=prod); no automation, so only the dialog syncs. */
function fleet(): string {
  const app = (name: string, cluster: string) =>
    `  - { name: ${name}, repo: deploy, revision: main, path: apps/${name}, destination: { cluster: ${cluster}, namespace: ${ns} }, syncPolicy: { syncOptions: [CreateNamespace=true] } }\n`;
  return `clusters:
  - { name: alpha, context: ${tb.context(1)}, labels: { env: staging } }
  - { name: bravo, context: ${tb.context(2)}, labels: { env: prod } }
repos:
  - { name: deploy, url: ${tb.gitUrl}/${repoName}.git, pollInterval: 10s }
apps:
${app('orders', 'alpha')}${app('payments', 'bravo')}`;
}

/** The live LIMIT of the settings ConfigMap on cluster n. */
async function liveLimit(n: number): Promise<string> {
  return kubectl(n, ['get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.LIMIT}']).catch(
    (e: unknown) => `(kubectl failed: ${e instanceof Error ? e.message : String(e)})`,
  );
}

/** The last lines of the TUI's stderr (warnings, a crash) for a failure message. */
function stderrTail(lines = 30): string {
  if (!existsSync(stderrFile)) return '(no stderr file)';
  const text = readFileSync(stderrFile, 'utf8').trimEnd();
  return text === '' ? '(empty)' : text.split('\n').slice(-lines).join('\n');
}

/**
 * Waits for the screen like TmuxSession.waitFor, within `timeoutMs` (always shorter than the test's own
 * timeout, so this message, not vitest's bare timeout, is what a slow run reports). On failure it says what
 * the screen showed, the screens it went through, the TUI's stderr and the live object on both clusters.
 */
async function waitShowing(check: ScreenCheck, timeoutMs: number): Promise<string> {
  const { what, test } =
    check instanceof RegExp ? { what: String(check), test: (s: string) => check.test(s) } : check;
  const started = Date.now();
  const seen: string[] = [];
  let last = '';
  while (Date.now() - started < timeoutMs) {
    last = tui!.screen();
    if (test(last)) return last;
    // Keep the distinct bottom lines and attention lines seen on the way: they carry messages and alerts.
    for (const line of [last.split('\n')[1] ?? '', last.trimEnd().split('\n').at(-1) ?? ''])
      if (line.trim() !== '' && !seen.includes(line)) seen.push(line);
    await new Promise((r) => setTimeout(r, 200));
  }
  const live = `alpha LIMIT=${await liveLimit(1)}, bravo LIMIT=${await liveLimit(2)}`;
  throw new Error(
    [
      `screen did not show ${what} within ${timeoutMs} ms.`,
      `last screen:\n${last}`,
      `messages and alerts seen while waiting:\n${seen.slice(-12).join('\n')}`,
      `live objects: ${live}`,
      `TUI stderr (last lines):\n${stderrTail()}`,
    ].join('\n\n'),
  );
}

/** Sends one key and waits for the screen it leads to. */
async function press(key: string, leadsTo: ScreenCheck, timeoutMs = 10_000): Promise<string> {
  tui!.sendKey(key);
  return waitShowing(leadsTo, timeoutMs);
}

/** Types text literally and waits for the screen it leads to. */
async function type(text: string, leadsTo: ScreenCheck, timeoutMs = 10_000): Promise<string> {
  tui!.sendText(text);
  return waitShowing(leadsTo, timeoutMs);
}

const fleetHome: ScreenCheck = {
  what: 'the fleet screen without filter, dialog or prompt',
  test: (screen) => {
    const rows = screen.trimEnd().split('\n');
    return (
      /^flotilla │ fleet(?!\s+(→|\/|cluster\s))/.test(rows[0] ?? '') &&
      !/^[/:]/.test(rows.at(-1) ?? '') &&
      // No sync dialog ("Sync APP on CLUSTER") and no confirm dialog over the table.
      !/│ Sync \S+ on \S+/.test(screen) &&
      !/Type \S+ to confirm/.test(screen)
    );
  },
};

/** Escape until the fleet home shows (a dialog, a filter, a deeper screen each take one). */
async function backToFleet(): Promise<void> {
  for (let step = 0; step < 6; step++) {
    if (fleetHome.test(tui!.screen())) return;
    tui!.sendKey('Escape');
    await new Promise((r) => setTimeout(r, 300));
  }
  await waitShowing(fleetHome, 2000);
}

/** Filters the table to one app and waits until only its row is left. */
async function filterTo(app: string, other: string): Promise<void> {
  await type('/', /! inverts/);
  await type(app, new RegExp(`^/${app}`, 'm'));
  await press('Enter', {
    what: `only ${app} in the table`,
    test: (s) =>
      new RegExp(`${app}\\s`).test(s) && !new RegExp(`^\\W*${other}\\s`, 'm').test(s) && !/^\//m.test(s),
  });
}

const row = (app: string, cluster: string, rest: string) =>
  new RegExp(`${app}\\s+${cluster}\\s+\\S+\\s+${rest}`);

beforeAll(async () => {
  seeded = seedRepo(
    repoName,
    Object.fromEntries(['orders', 'payments'].map((app) => [`apps/${app}/settings.yaml`, settings('100')])),
    { message: 'apps' },
  );
  writeFileSync(join(work, 'flotilla.yaml'), fleet());
  await syncWithFlotilla('orders', env, work);
  await syncWithFlotilla('payments', env, work);
  // The drift: a hand edit of the live ConfigMap on both clusters.
  for (const n of [1, 2])
    await kubectl(n, [
      'patch',
      'configmap',
      'settings',
      '-n',
      ns,
      '--type=merge',
      '-p',
      '{"data":{"LIMIT":"999-hand-edit"}}',
    ]);
  tui = TmuxSession.start(
    `flotilla-e2e-sync-${id}`,
    tuiCommand({ work: work, env: env, stderrFile: stderrFile }),
  );
  await waitShowing(
    {
      what: 'both apps OutOfSync (the hand edits seen)',
      test: (s) =>
        row('orders', 'alpha', '≠ OutOfSync').test(s) && row('payments', 'bravo', '≠ OutOfSync').test(s),
    },
    90_000,
  );
}, 600_000);

beforeEach(async () => {
  await backToFleet();
});

afterAll(async () => {
  tui?.kill();
  if (process.env.FLOTILLA_KEEP_E2E) process.stderr.write(`e2e work folder kept: ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  for (const n of [1, 2])
    await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']).catch(() => '');
});

describe('the sync dialog on live clusters', () => {
  it('on production, prune (and force) cannot be sent without the cluster name typed', async () => {
    const mark = auditMark(2);
    await filterTo('payments', 'orders');
    await press('s', /Sync payments on bravo PROD/);
    await waitShowing(/update\s+ConfigMap\/\S+\/settings/, 30_000);
    await press(
      'p',
      { what: 'prune on and its new plan', test: (s) => /p \[x\] prune/.test(s) && /plan:/.test(s) },
      30_000,
    );
    // The hand edit on bravo conflicts too: force takes it back (and is one more reason to ask for the name).
    await press(
      'f',
      {
        what: 'force on and its plan, without the conflict',
        test: (s) => /f \[x\] force/.test(s) && /plan: update 1/.test(s) && !/cannot sync/.test(s),
      },
      30_000,
    );
    await waitShowing(/prune, force on production: Enter asks for the cluster name/, 10_000);
    await press('Enter', /Type bravo to confirm/);
    // Enter with nothing typed, then with a wrong name: still the question, nothing sent.
    await press('Enter', /Type bravo exactly/);
    await type('brav', /Type bravo to confirm: brav_/);
    await press('Enter', /Type bravo exactly/);
    await press('Escape', /nothing was sent/);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await liveLimit(2)).toBe('999-hand-edit');
    expect(describeWrites(writesIn(auditSince(2, mark), ns).filter(byFlotilla))).toEqual([]);
    expect(tui!.screen()).toMatch(row('payments', 'bravo', '≠ OutOfSync'));
  }, 90_000);

  it('filters to the drifted app, s lists the changed object, Enter syncs: the row turns Synced and Healthy', async () => {
    await filterTo('orders', 'payments');
    await press('s', /Sync orders on alpha/);
    const plan = await waitShowing(/update\s+ConfigMap\/\S+\/settings/, 30_000);
    expect(plan).toMatch(/plan: update 1/);
    expect(plan).not.toContain('PROD');
    // The hand edit made kubectl-patch the owner of LIMIT: the plan's dry run finds the conflict, and Enter
    // sends nothing but says how to take the field back.
    await waitShowing(/f force takes them back/, 30_000);
    await press('Enter', /press f \(force\) to take them back/);
    expect(await liveLimit(1)).toBe('999-hand-edit');
    await press(
      'f',
      {
        what: 'force on and its plan, without the conflict',
        test: (s) => /f \[x\] force/.test(s) && /plan: update 1/.test(s) && !/cannot sync/.test(s),
      },
      30_000,
    );
    // Enter opens the sync's operation screen; Esc goes back to the fleet, where the row turns green.
    await press('Enter', /Operation of orders on alpha/, 10_000);
    await press('Escape', { what: 'the fleet table', test: (sc) => /CLUSTER/.test(sc) });
    await waitShowing(row('orders', 'alpha', '✓ Synced\\s+✓ Healthy'), 90_000);
    expect(await liveLimit(1)).toBe('100');
    // payments (production) was left alone.
    expect(await liveLimit(2)).toBe('999-hand-edit');
  }, 240_000);
});
