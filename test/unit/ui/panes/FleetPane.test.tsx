import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import { createFlotillaStore } from '../../../../src/state/store.js';
import { NOW, clusters, manyApps } from '../../../fixtures/ui/fleet.js';
import { KEY, cursorRow, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const appRows = (frame: string): string[] =>
  lines(frame).filter((l) => l.startsWith('│') && /\b(guestbook|billing|ledger|app-\d+)\b/.test(l));

describe('Fleet pane', () => {
  it('shows the cluster strip, roll-up counts and the app table', async () => {
    const ui = renderApp();
    await tick();
    const f = ui.frame();
    expect(f).toContain('prod-eu');
    expect(f).toContain('31ms');
    expect(f).toContain('env=prod,region=eu');
    expect(f).toContain('no-write');
    expect(f).toMatch(/5 apps Synced 3 OutOfSync 1 Unknown 1/);
    expect(f).toContain('Degraded 1');
    expect(f).toMatch(/APP\s+CLUSTER\s+SYNC\s+HEALTH\s+REVISION\s+AGE\s+DRIFT\s+AUTO/);
    expect(f).toMatch(
      /guestbook-staging\s+staging\s+≠ OutOfSync\s+✓ Healthy\s+ffeeddc main\s+1m\s+2 auto\+p/,
    );
    expect(appRows(f)).toHaveLength(5);
  });

  it('moves the selection with j/k and the arrow keys, g and G', async () => {
    const ui = renderApp();
    await tick();
    expect(cursorRow(ui.frame())).toContain('billing');
    await ui.press('j', 'j');
    expect(cursorRow(ui.frame())).toContain('guestbook-prod-eu');
    await ui.press('k');
    expect(cursorRow(ui.frame())).toContain('guestbook-dev');
    await ui.press(KEY.down);
    expect(cursorRow(ui.frame())).toContain('guestbook-prod-eu');
    await ui.press('G');
    expect(cursorRow(ui.frame())).toContain('ledger');
    await ui.press('g');
    expect(cursorRow(ui.frame())).toContain('billing');
  });

  it('filters with a regex as you type, ! inverts, and an invalid regex is shown without crashing', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('/');
    await ui.type('guest.*(dev|prod)');
    let f = await ui.waitFor((fr) => appRows(fr).length === 2);
    expect(f).toContain('/guest.*(dev|prod)');
    await ui.press(KEY.enter);
    f = ui.frame();
    expect(appRows(f).map((l) => /guestbook-\w+(-\w+)?/.exec(l)?.[0])).toEqual([
      'guestbook-dev',
      'guestbook-prod-eu',
    ]);

    await ui.press('/', KEY.backspace.repeat(0));
    await ui.press('\u0015'); // ctrl+u clears the prompt
    await ui.type('!guestbook');
    f = await ui.waitFor((fr) => appRows(fr).length === 2);
    expect(appRows(f).join('\n')).toMatch(/billing[\s\S]*ledger/);
    expect(f).toContain('(inverted)');

    await ui.press('\u0015');
    await ui.type('guest(');
    f = await ui.waitFor((fr) => fr.includes('invalid regex'));
    expect(appRows(f)).toHaveLength(5);
    await ui.press(KEY.escape);
    f = ui.frame();
    expect(f).not.toContain('invalid regex');
    expect(appRows(f)).toHaveLength(5);
  });

  it('opens the selected app with Enter and asks the engine for its detail', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('j', KEY.enter);
    const f = await ui.waitFor((fr) => fr.includes('Resources'));
    expect(f).toContain('fleet → guestbook-dev');
    expect(ui.calls).toContainEqual(['requestAppDetail', 'dev/guestbook-dev']);
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('APP') && fr.includes('CLUSTER'));
    expect(ui.calls).toContainEqual(['releaseAppDetail', 'dev/guestbook-dev']);
  });

  it('Esc on the fleet clears the filter and the cluster scope', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(KEY.tab); // cluster strip
    await ui.press('j', KEY.enter); // prod-eu
    let f = await ui.waitFor((fr) => appRows(fr).length === 2);
    expect(f).toContain('cluster prod-eu');
    await ui.press(KEY.escape);
    f = await ui.waitFor((fr) => appRows(fr).length === 5);
    expect(f).not.toContain('cluster prod-eu');
  });

  it('groups by cluster and by app set with b', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('b');
    let f = await ui.waitFor((fr) => fr.includes('▾ prod-eu'));
    expect(f).toContain('▾ staging');
    expect(f).toContain('grouped by cluster');
    await ui.press('b');
    f = await ui.waitFor((fr) => fr.includes('▾ guestbook'));
    expect(f).toContain('▾ (no app set)');
    expect(cursorRow(f)).toContain('guestbook-dev'); // headers are skipped by the cursor
  });

  it('shows the app × cluster matrix with revision and status per cell', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('m');
    const f = await ui.waitFor((fr) => fr.includes('App × cluster'));
    const row = lines(f).find((l) => l.includes('guestbook') && l.includes('a1b2c3d'));
    expect(row).toBeDefined();
    // dev and prod run a1b2c3d (behind, marked ↓), staging runs the newer ffeeddc.
    expect(row).toMatch(/a1b2c3d ↻✓↓\s+a1b2c3d ✓✓↓\s+ffeeddc ✓≠/);
    await ui.press('l', KEY.enter);
    await ui.waitFor((fr) => fr.includes('Resources'));
    expect(ui.calls).toContainEqual(['requestAppDetail', 'prod-eu/guestbook-prod-eu']);
  });

  it('filters the matrix with the same filter as the table', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('m', '/');
    await ui.type('billing');
    await ui.press(KEY.enter);
    const f = await ui.waitFor((fr) => !fr.includes('ledger'));
    expect(f).toContain('billing');
    expect(f).not.toMatch(/│\s+guestbook/);
    await ui.press('m');
    expect(appRows(ui.frame())).toHaveLength(1);
  });

  it('marks an unreachable cluster and lets its age grow (never lies about freshness)', async () => {
    let now = NOW;
    const store = createFlotillaStore();
    applyPatch(store, [
      {
        kind: 'clusters',
        upsert: [
          ...clusters.slice(1),
          { ...clusters[0]!, reachable: false, lastError: 'connection refused', lastContact: NOW - 5_000 },
        ],
      },
      { kind: 'apps', upsert: manyApps(3) },
    ]);
    const ui = renderApp({ store, clock: { now: () => now, tickMs: 20 } });
    await tick();
    let f = ui.frame();
    const prodLine = lines(f).find((l) => l.includes('prod-eu') && l.includes('UNREACHABLE'));
    expect(prodLine).toContain('5s ago');
    expect(prodLine).toContain('connection refused');
    expect(f).toContain('✗ 1 unreachable');
    now += 120_000;
    f = await ui.waitFor((fr) => fr.includes('2m ago'));
    // Its apps are shown as stale: the cluster cell carries the unreachable mark.
    expect(lines(f).find((l) => l.includes('app-0000'))).toMatch(/✗prod-eu/);
    expect(lines(f).find((l) => l.includes('app-0001'))).not.toContain('✗');
  });

  it('renders only the visible rows of 5,000 apps and pages through them', async () => {
    const store = createFlotillaStore();
    applyPatch(store, [
      { kind: 'clusters', upsert: clusters },
      { kind: 'apps', upsert: manyApps(5000) },
    ]);
    const rows = 30;
    const started = Date.now();
    const ui = renderApp({ store, rows });
    await tick();
    let f = ui.frame();
    expect(lines(f).length).toBeLessThanOrEqual(rows - 1);
    expect(appRows(f).length).toBeLessThan(rows);
    expect(f).toContain('app-0000');
    expect(f).not.toContain('app-4999');
    expect(f).toContain('of 5000');
    await ui.press(KEY.pageDown);
    f = ui.frame();
    expect(f).not.toContain('app-0000 ');
    await ui.press('G');
    f = await ui.waitFor((fr) => fr.includes('app-4999'));
    expect(cursorRow(f)).toContain('app-4999');
    expect(lines(f).length).toBeLessThanOrEqual(rows - 1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fits 80x24: no line wider than the window, frame never taller than rows-1', async () => {
    const ui = renderApp({ columns: 80, rows: 24 });
    await tick();
    const f = ui.frame();
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(80);
    expect(f).toMatch(/APP\s+CLUSTER\s+SYNC\s+HEALTH/);
    expect(f).toContain('Enter open');
  });
});
