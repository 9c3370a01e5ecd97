import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import { diffs } from '../../../fixtures/ui/fleet.js';
import { KEY, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const APP = 'staging/guestbook-staging';

async function openDrift() {
  const ui = renderApp();
  await tick();
  await ui.press('j', 'j', 'j', 'D');
  await ui.waitFor((f) => f.includes('drift guestbook-staging'));
  return ui;
}

describe('Drift pane', () => {
  it('D opens the drift of the selected app and asks for its diff', async () => {
    const ui = await openDrift();
    expect(ui.calls).toContainEqual(['requestDiff', APP]);
    expect(ui.frame()).toContain('computing diff…');
  });

  it('shows the unified diff of one resource at a time, ] and [ step through resources', async () => {
    const ui = await openDrift();
    applyPatch(ui.store, { kind: 'diff', app: APP, status: 'ready', resources: diffs });
    let f = await ui.waitFor((fr) => fr.includes('replicas: 5'));
    expect(f).toContain('Deployment guestbook/web');
    expect(f).toContain('resource 1/2');
    expect(f).toContain('+1 -1');
    expect(lines(f).some((l) => l.includes('-    replicas: 3'))).toBe(true);
    expect(lines(f).some((l) => l.includes('+    replicas: 5'))).toBe(true);
    await ui.press(']');
    f = await ui.waitFor((fr) => fr.includes('resource 2/2'));
    expect(f).toContain('Secret guestbook/web-creds');
    expect(f).toContain('password: ++++++++ (masked)');
    expect(f).not.toContain('replicas');
    await ui.press(']');
    expect(ui.frame()).toContain('resource 2/2');
    await ui.press('[');
    await ui.waitFor((fr) => fr.includes('resource 1/2'));
  });

  it('says so when there is no drift, and shows a failed diff in plain words', async () => {
    const ui = await openDrift();
    applyPatch(ui.store, { kind: 'diff', app: APP, status: 'ready', resources: [] });
    await ui.waitFor((f) => f.includes('no drift'));
    applyPatch(ui.store, {
      kind: 'diff',
      app: APP,
      status: 'error',
      error: 'server-side dry run timed out',
      resources: [],
    });
    await ui.waitFor((f) => f.includes('diff failed: server-side dry run timed out'));
  });

  it('scrolls long diffs within the window', async () => {
    const ui = renderApp({ rows: 16 });
    await tick();
    await ui.press('j', 'j', 'j', 'D');
    const long = {
      ...diffs[0]!,
      lines: ['--- a', '+++ b', ...Array.from({ length: 60 }, (_, i) => `+line ${i}`)],
    };
    applyPatch(ui.store, { kind: 'diff', app: APP, status: 'ready', resources: [long] });
    let f = await ui.waitFor((fr) => fr.includes('+line 0'));
    expect(lines(f).length).toBeLessThanOrEqual(15);
    expect(f).not.toContain('+line 59');
    await ui.press('G');
    f = await ui.waitFor((fr) => fr.includes('+line 59'));
    expect(f).not.toContain('+line 0 ');
    await ui.press('g', 'j');
    f = await ui.waitFor((fr) => !fr.includes('--- a'));
    expect(f).toContain('+++ b');
  });

  it('Esc goes back to where D was pressed', async () => {
    const ui = await openDrift();
    await ui.press(KEY.escape);
    await ui.waitFor((f) => f.includes('CLUSTER') && !f.includes('drift'));
  });
});
