import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import { deploymentChildren, events, tree } from '../../../fixtures/ui/fleet.js';
import { KEY, cursorRow, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const APP = 'staging/guestbook-staging';

async function openGuestbookStaging() {
  const ui = renderApp({ columns: 140, rows: 30 });
  await tick();
  await ui.press(':');
  await ui.type('app guestbook-staging');
  await ui.press(KEY.enter);
  await ui.waitFor((f) => f.includes('Resources'));
  return ui;
}

describe('App pane', () => {
  it('shows loading, then the resource tree beside the events, warnings first', async () => {
    const ui = await openGuestbookStaging();
    expect(ui.calls).toContainEqual(['requestAppDetail', APP]);
    expect(ui.frame()).toContain('loading…');
    applyPatch(ui.store, { kind: 'appDetail', app: APP, status: 'ready', resources: tree, events });
    const f = await ui.waitFor((fr) => fr.includes('Deployment/web'));
    expect(f).toContain('app guestbook-staging on staging');
    expect(f).toMatch(/▸ Deployment\/web\s+≠ OutOfSync\s+✗ Degraded\s+1\/3/);
    expect(f).toMatch(/· Service\/web\s+✓ Synced\s+✓ Healthy/);
    expect(f).toContain('1 warning');
    const eventLines = lines(f).filter((l) => /BackOff|Pulled|ScalingReplicaS/.test(l));
    expect(eventLines[0]).toContain('▲ BackOff');
    expect(eventLines[0]).toContain('7x');
    // Tree and events share the same lines: side by side at 140 columns.
    expect(lines(f).some((l) => l.includes('Deployment/web') && l.includes('BackOff'))).toBe(true);
  });

  it('loads children when a node is expanded and shows them under it', async () => {
    const ui = await openGuestbookStaging();
    applyPatch(ui.store, { kind: 'appDetail', app: APP, status: 'ready', resources: tree, events });
    await ui.waitFor((f) => f.includes('Deployment/web'));
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['requestChildren', APP, tree[0]!.key]);
    let f = await ui.waitFor((fr) => fr.includes('▾ Deployment/web'));
    expect(f).toContain('loading…');
    applyPatch(ui.store, {
      kind: 'resourceChildren',
      app: APP,
      resource: tree[0]!.key,
      children: deploymentChildren,
    });
    f = await ui.waitFor((fr) => fr.includes('ReplicaSet/web-7d9'));
    expect(f).toMatch(/└─· ReplicaSet\/web-7d9\s+↻ Progressing/);
    await ui.press('j');
    expect(cursorRow(ui.frame())).toContain('ReplicaSet/web-7d9');
    await ui.press('k', 'h');
    f = await ui.waitFor((fr) => !fr.includes('ReplicaSet'));
    expect(f).toContain('▸ Deployment/web');
    // Expanding again uses the loaded children: no second request.
    await ui.press('l');
    await ui.waitFor((fr) => fr.includes('ReplicaSet/web-7d9'));
    expect(ui.calls.filter((c) => c[0] === 'requestChildren')).toHaveLength(1);
  });

  it('moves focus to the events with Tab and goes back to the fleet with Esc', async () => {
    const ui = await openGuestbookStaging();
    applyPatch(ui.store, { kind: 'appDetail', app: APP, status: 'ready', resources: tree, events });
    await ui.waitFor((f) => f.includes('Deployment/web'));
    expect(cursorRow(ui.frame())).toContain('Deployment/web');
    await ui.press(KEY.tab);
    const f = ui.frame();
    // The cursor moves to the events (Enter there shows one whole).
    expect(cursorRow(f)).toContain('› ▲ BackOff');
    expect(cursorRow(f)).not.toContain('› ▸ Deployment/web');
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('CLUSTER') && !fr.includes('Resources'));
    expect(ui.calls).toContainEqual(['releaseAppDetail', APP]);
    expect(ui.store.getState().detail).toBeUndefined();
  });

  it('marks an app on a production cluster', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(KEY.enter); // billing, on prod-eu (env: prod)
    const f = await ui.waitFor((fr) => fr.includes('Resources'));
    expect(f).toContain('app billing on prod-eu PROD');
    await ui.press(KEY.escape, 'j', KEY.enter); // guestbook-dev, on dev
    const g = await ui.waitFor((fr) => fr.includes('app guestbook-dev'));
    expect(g).not.toContain('PROD');
  });

  it('ignores detail patches for another app (a late answer never overwrites the open app)', async () => {
    const ui = await openGuestbookStaging();
    applyPatch(ui.store, {
      kind: 'appDetail',
      app: 'prod-eu/billing',
      status: 'ready',
      resources: tree,
      events,
    });
    await tick(20);
    expect(ui.frame()).not.toContain('Deployment/web');
  });

  it('stacks the tree over the events at 80 columns and stays within the window', async () => {
    const ui = renderApp({ columns: 80, rows: 24 });
    await tick();
    await ui.press('j', 'j', 'j', KEY.enter);
    await ui.waitFor((f) => f.includes('Resources'));
    applyPatch(ui.store, {
      kind: 'appDetail',
      app: 'staging/guestbook-staging',
      status: 'ready',
      resources: tree,
      events,
    });
    const f = await ui.waitFor((fr) => fr.includes('Deployment/web'));
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(80);
    const treeAt = lines(f).findIndex((l) => l.includes('Resources'));
    const eventsAt = lines(f).findIndex((l) => l.includes('Events'));
    expect(eventsAt).toBeGreaterThan(treeAt);
  });
});
