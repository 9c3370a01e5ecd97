/** End to end: the real `flotilla` TUI in tmux, on three test bed clusters and its Git server. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startComponent, stopComponent } from '../testbed/testbed.js';
import { syncWithFlotilla } from '../support/sync-app.js';
import { seedRepo, type SeededRepo } from '../support/seed-repo.js';
import { kubectl, testbed } from '../support/testbed.js';
import { tuiCommand } from '../support/tui-command.js';
import { TmuxSession, type ScreenCheck } from '../support/tmux.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-e2e-'));
const repoName = `e2e-${id}`;
const ns = `e2e-${id}`;
const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  XDG_CONFIG_HOME: join(work, 'config'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
let tui: TmuxSession | undefined;
let seeded: SeededRepo | undefined;
// The loader by absolute path: `--import tsx` would be resolved from the working directory.

/** The fleet screen with no filter, no cluster scope and no prompt open: where every test starts. */
const fleetHome: ScreenCheck = {
  what: 'the fleet screen without filter, scope or prompt',
  test: (screen) => {
    const rows = screen.trimEnd().split('\n');
    const header = rows[0] ?? '';
    const bottom = rows.at(-1) ?? '';
    return (
      // Deeper screens add "→ name", a filter "/text", a scope "cluster name" after "fleet".
      /^flotilla │ fleet(?!\s+(→|\/|cluster\s))/.test(header) && !/^[/:]/.test(bottom)
    );
  },
};

/** The header and the bottom line: what Escape changes on every screen but the fleet home. */
const place = (screen: string) => {
  const rows = screen.trimEnd().split('\n');
  return `${rows[0] ?? ''}\n${rows.at(-1) ?? ''}`;
};

/** Escape, one screen at a time, until the fleet home shows: each test starts there, whatever the last one left. */
async function backToFleet(session: TmuxSession): Promise<void> {
  for (let step = 0; step < 8; step++) {
    const screen = session.screen();
    if (fleetHome.test(screen)) return;
    const before = place(screen);
    await session.press('Escape', { what: 'the screen Escape leads to', test: (s) => place(s) !== before });
  }
  await session.waitFor(fleetHome, 1000);
}

const settings = (value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LIMIT: "${value}"}\n`;

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
${app('orders', 'alpha')}${app('payments', 'bravo')}${app('search', 'charlie')}`;
}

beforeAll(async () => {
  seeded = seedRepo(
    repoName,
    Object.fromEntries(
      ['orders', 'payments', 'search'].map((app) => [`apps/${app}/settings.yaml`, settings('100')]),
    ),
    { message: 'apps' },
  );
  writeFileSync(join(work, 'flotilla.yaml'), fleet());
  await syncWithFlotilla('orders', env, work);
  await syncWithFlotilla('payments', env, work);
  await syncWithFlotilla('search', env, work);
  // The drift the user will look for: an edit made by hand on one live object.
  await kubectl(2, [
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
    `flotilla-e2e-${id}`,
    tuiCommand({ work: work, env: env, stderrFile: join(work, 'tui.err') }),
  );
  await tui.waitFor(fleetHome, 60_000);
});

beforeEach(async () => {
  await backToFleet(tui!);
});

afterAll(async () => {
  tui?.kill();
  if (process.env.FLOTILLA_KEEP_E2E) process.stderr.write(`e2e work folder kept: ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  seeded?.remove();
  for (const n of [1, 2, 3])
    await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']).catch(() => '');
});

describe('the TUI on three live clusters', () => {
  it('opens on the fleet: three reachable clusters and the apps with their status', async () => {
    const screen = await tui!.waitFor(
      {
        what: 'payments OutOfSync and orders Synced',
        test: (s) =>
          /payments\s+bravo\s+\S+\s+≠ OutOfSync/.test(s) && /orders\s+alpha\s+\S+\s+✓ Synced/.test(s),
      },
      60_000,
    );
    for (const cluster of ['alpha', 'bravo', 'charlie'])
      expect(screen).toMatch(new RegExp(`${cluster}\\s+up\\s+\\d+s ago`));
    expect(screen).toMatch(/orders\s+alpha\s+\S+\s+✓ Synced/);
  });

  it('filters to the drifted app, opens its drift and shows the changed field', async () => {
    await tui!.type('/', /! inverts/);
    await tui!.type('pay', /^\/pay/m);
    const filtered = await tui!.press('Enter', {
      what: 'only payments, the prompt closed',
      test: (s) => /payments/.test(s) && !/^\W*orders\s/m.test(s) && !/^\/pay/m.test(s),
    });
    expect(filtered).toMatch(/payments\s+bravo/);
    await tui!.press('Enter', /ConfigMap\/settings/, 30_000);
    const drift = await tui!.type('D', /LIMIT/, 30_000);
    expect(drift).toMatch(/^│?-\s+LIMIT: 999-hand-edit/m);
    expect(drift).toMatch(/^│?\+\s+LIMIT: "100"/m);
  });

  it('marks a cluster whose API server stopped unreachable, its freshness growing, and recovers', async () => {
    await stopComponent('c3/kube-apiserver', () => {});
    try {
      const down = await tui!.waitFor(/charlie\s+UNREACHABLE/, 60_000);
      const age = (screen: string) => Number(/charlie\s+UNREACHABLE\s+(\d+)s ago/.exec(screen)?.[1] ?? NaN);
      const first = age(down);
      expect(first).not.toBeNaN();
      const later = await tui!.waitFor({
        what: 'charlie older than ' + first + 's',
        test: (s) => age(s) > first,
      });
      // The other clusters stay live meanwhile.
      expect(later).toMatch(/alpha\s+up/);
    } finally {
      await startComponent('c3/kube-apiserver', () => {});
    }
    await tui!.waitFor(/charlie\s+up/, 90_000);
  });

  it('quits on Ctrl-c and restores the terminal', async () => {
    // The shell line after flotilla prints its exit code; the alternate screen is gone.
    const after = await tui!.press('C-c', /exited 0/, 15_000);
    expect(after).not.toMatch(/flotilla │ fleet/);
  });
});
