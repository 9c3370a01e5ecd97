import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../src/state/patch.js';
import { ASCII_GLYPHS } from '../../../src/ui/glyphs.js';
import { apps, clusters } from '../../fixtures/ui/fleet.js';
import { KEY, cursorRow, lines, renderApp, tick } from './helpers.js';

afterEach(() => cleanup());

describe('App: command line', () => {
  it('completes verbs and names with Tab and opens an app with :app NAME', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(':');
    await ui.type('ap');
    await ui.press(KEY.tab);
    expect(ui.frame()).toContain(':app _');
    await ui.type('guestbook-st');
    await ui.press(KEY.tab);
    expect(ui.frame()).toContain(':app guestbook-staging_');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('Resources'));
    expect(ui.calls).toContainEqual(['requestAppDetail', 'staging/guestbook-staging']);
  });

  it('suggests candidates while typing', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(':');
    await ui.type('theme ');
    const f = ui.frame();
    expect(f).toContain('colorblind-safe');
    expect(f).toContain('high-contrast');
  });

  it(':cluster NAME scopes the fleet, :cluster all clears it', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(':');
    await ui.type('cluster staging');
    await ui.press(KEY.enter);
    let f = await ui.waitFor((fr) => fr.includes('cluster staging'));
    expect(f).toContain('2 apps');
    await ui.press(':');
    await ui.type('cluster all');
    await ui.press(KEY.enter);
    f = await ui.waitFor((fr) => fr.includes('5 apps'));
    expect(f).not.toContain('cluster staging');
  });

  it(':theme switches themes, and an unknown theme is an error message, not a crash', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(':');
    await ui.type('theme high-contrast');
    await ui.press(KEY.enter);
    expect(ui.store.getState().ui.theme).toBe('high-contrast');
    await ui.waitFor((f) => f.includes('theme high-contrast'));
    await ui.press(':');
    await ui.type('theme nope');
    await ui.press(KEY.enter);
    const f = await ui.waitFor((fr) => fr.includes('theme "nope": not found'));
    expect(f).toContain('keeping high-contrast');
    expect(ui.store.getState().ui.theme).toBe('high-contrast');
  });

  it('reports unknown commands and names', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(':');
    await ui.type('frobnicate');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('unknown command ":frobnicate"'));
    await ui.press(':');
    await ui.type('app nothere');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('no app named "nothere"'));
  });

  it(':q and Ctrl-c quit', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(':');
    await ui.type('q');
    await ui.press(KEY.enter);
    expect(ui.quits()).toBe(1);
    await ui.press(KEY.ctrlC);
    expect(ui.quits()).toBe(2);
  });

  it(':matrix and :group switch fleet views from any screen', async () => {
    const ui = renderApp();
    await tick();
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('Resources'));
    await ui.press(':');
    await ui.type('matrix');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('App × cluster'));
    await ui.press(':');
    await ui.type('group appset');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('▾ guestbook'));
  });
});

describe('App: attention and freshness', () => {
  it('shows an attention line when an app turns Degraded; a acknowledges it', async () => {
    const ui = renderApp({ rows: 24 });
    await tick();
    const before = ui.frame();
    applyPatch(ui.store, {
      kind: 'apps',
      upsert: [{ ...apps[0]!, health: 'Degraded', healthMessage: 'CrashLoopBackOff' }],
    });
    const f = await ui.waitFor((fr) => fr.includes('turned Degraded'));
    expect(lines(f)[1]).toContain('▲');
    expect(lines(f)[1]).toContain('guestbook-prod-eu on prod-eu turned Degraded: CrashLoopBackOff');
    expect(lines(f)[1]).toContain('(a: ack)');
    // The frame keeps its height: the table gave up a row for the line.
    expect(lines(f).length).toBe(lines(before).length);
    await ui.press('a');
    await ui.waitFor((fr) => !fr.includes('turned Degraded'));
  });

  it('shows an attention line when a cluster becomes unreachable', async () => {
    const ui = renderApp();
    await tick();
    applyPatch(ui.store, {
      kind: 'clusters',
      upsert: [{ ...clusters[1]!, reachable: false, lastError: 'TLS handshake timeout' }],
    });
    await ui.waitFor((f) => f.includes('cluster staging unreachable: TLS handshake timeout'));
  });
});

describe('App: read-only mode', () => {
  it('marks the header and every cluster read-only only while the UI state says so, on every screen', async () => {
    const ui = renderApp();
    await tick();
    expect(ui.frame()).not.toContain('read-only');
    applyPatch(ui.store, { kind: 'readOnly', readOnly: true });
    const fleet = await ui.waitFor((f) => (lines(f)[0] ?? '').includes('read-only'));
    for (const c of clusters) {
      expect(lines(fleet).find((l) => l.includes(` ${c.name} `))).toContain('read-only');
    }
    await ui.press(KEY.enter);
    const app = await ui.waitFor((f) => f.includes('Resources'));
    expect(lines(app)[0]).toContain('read-only');
  });
});

describe('App: rendering', () => {
  it('keeps the cursor on the same app when rows are added above it', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('j', 'j');
    expect(cursorRow(ui.frame())).toContain('guestbook-prod-eu');
    applyPatch(ui.store, {
      kind: 'apps',
      upsert: [{ ...apps[0]!, id: 'dev/aaa', name: 'aaa', cluster: 'dev' }],
    });
    await ui.waitFor((f) => f.includes('aaa'));
    expect(cursorRow(ui.frame())).toContain('guestbook-prod-eu');
  });

  it('draws with ASCII glyphs and borders when asked', async () => {
    const ui = renderApp({ glyphs: ASCII_GLYPHS });
    await tick();
    const f = ui.frame();
    expect(f).toContain('+----');
    expect(f).toContain('! OutOfSync');
    expect(f).toContain('x Degraded');
    expect(f).toMatch(/> billing/);
    expect([...f].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
  });

  it('never renders a frame taller than rows-1, whatever the screen', async () => {
    const rows = 20;
    const ui = renderApp({ rows });
    await tick();
    const heights: number[] = [lines(ui.frame()).length];
    for (const keys of [
      [KEY.enter],
      [KEY.tab],
      ['D'],
      [KEY.escape, 'c'],
      [KEY.escape, '?'],
      [KEY.escape, 'm'],
      ['b'],
    ]) {
      await ui.press(...keys);
      heights.push(lines(ui.frame()).length);
    }
    for (const h of heights) expect(h).toBeLessThanOrEqual(rows - 1);
  });

  it('splits several keys delivered in one read into separate keypresses', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('jj');
    expect(cursorRow(ui.frame())).toContain('guestbook-prod-eu');
    await ui.press(':theme no\t');
    expect(ui.frame()).toContain(':theme no-color_');
    await ui.press('\r:q\r');
    expect(ui.store.getState().ui.theme).toBe('no-color');
    expect(ui.quits()).toBe(1);
  });
});
