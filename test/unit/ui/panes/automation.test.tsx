/** Automation's state where the app is shown: the AUTO column of the app table and the header line of
 * every app screen. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import type { AppView } from '../../../../src/state/types.js';
import { NOW } from '../../../fixtures/ui/fleet.js';
import { KEY, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const rowOf = (frame: string, name: string) => lines(frame).find((l) => l.includes(` ${name} `)) ?? '';

function withAutomation(ui: ReturnType<typeof renderApp>, id: string, autoSync: AppView['autoSync']) {
  const app = ui.store.getState().apps[id]!;
  applyPatch(ui.store, { kind: 'apps', upsert: [{ ...app, autoSync }] });
}

describe('automation on screen', () => {
  it('marks paused, failing, retrying and running apps in the AUTO column', async () => {
    const ui = renderApp({ columns: 120 });
    await tick();
    const base = { enabled: true, prune: false, selfHeal: true };
    withAutomation(ui, 'prod-eu/billing', {
      ...base,
      pausedReason: 'paused by bob (ops) at 2026-12-03 10:00: rollback to #4',
    });
    withAutomation(ui, 'staging/ledger', { ...base, syncError: 'sync to abc1234 failed: hook check failed' });
    withAutomation(ui, 'dev/guestbook-dev', {
      ...base,
      syncError: 'hook failed',
      nextAttemptAt: NOW + 10_000,
    });
    withAutomation(ui, 'prod-eu/guestbook-prod-eu', { ...base, activity: 'healing' });
    const f = await ui.waitFor((fr) => rowOf(fr, 'billing').includes('paused'));
    expect(rowOf(f, 'billing')).toMatch(/paused\s*│?$/);
    expect(rowOf(f, 'ledger')).toMatch(/failed\s*│?$/);
    expect(rowOf(f, 'guestbook-dev')).toMatch(/retry\s*│?$/);
    expect(rowOf(f, 'guestbook-prod-eu')).toMatch(/healing\s*│?$/);
  });

  it('says who paused the app and why, and the sync error with the next attempt, in the app header', async () => {
    const ui = renderApp({ columns: 200, rows: 30 });
    await tick();
    withAutomation(ui, 'staging/guestbook-staging', {
      enabled: true,
      prune: false,
      selfHeal: false,
      syncError: 'sync to ffeeddc failed: hook check failed',
      nextAttemptAt: NOW + 20_000,
    });
    await ui.press(':');
    await ui.type('app guestbook-staging');
    await ui.press(KEY.enter);
    let f = await ui.waitFor((fr) => fr.includes('app guestbook-staging'));
    expect(f).toContain('retry  sync error: sync to ffeeddc failed: hook check failed; next attempt in 20s');

    withAutomation(ui, 'staging/guestbook-staging', {
      enabled: true,
      prune: false,
      selfHeal: false,
      pausedReason: 'paused by bob (ops) at 2026-12-03 10:00: rollback to #4',
    });
    f = await ui.waitFor((fr) => fr.includes('rollback to #4'));
    expect(f).toContain('paused  paused by bob (ops) at 2026-12-03 10:00: rollback to #4');
  });
});
