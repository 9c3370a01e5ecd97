/** The app pane's event list: sized by content (tree narrow, events wide), and Enter shows an event whole. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import type { EventView } from '../../../../src/state/types.js';
import { ASCII_GLYPHS } from '../../../../src/ui/glyphs.js';
import { NOW, events, tree } from '../../../fixtures/ui/fleet.js';
import { KEY, cursorRow, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const APP = 'staging/guestbook-staging';

const LONG =
  'Failed to pull image "registry.example/guestbook:1.5": rpc error: code = NotFound desc = manifest unknown: ' +
  'the tag 1.5 does not exist in registry.example/guestbook (pushed tags: 1.3, 1.4)';

const longEvent: EventView = {
  type: 'Warning',
  reason: 'Failed',
  message: LONG,
  object: 'Pod/web-7d9-abc',
  count: 3,
  lastSeen: NOW - 30_000,
};

async function openApp(columns: number, rows: number, glyphs = undefined as typeof ASCII_GLYPHS | undefined) {
  const ui = renderApp({ columns, rows, ...(glyphs ? { glyphs } : {}) });
  await tick();
  await ui.press(':');
  await ui.type('app guestbook-staging');
  await ui.press(KEY.enter);
  await ui.waitFor((f) => f.includes('Resources'));
  applyPatch(ui.store, {
    kind: 'appDetail',
    app: APP,
    status: 'ready',
    resources: tree,
    events: [longEvent, ...events],
  });
  await ui.waitFor((f) => f.includes('Deployment/web') && f.includes('BackOff'));
  return ui;
}

/** How many characters of the long message the frame shows on the event's row. */
function shownOfLong(frame: string): number {
  const row = lines(frame).find((l) => l.includes('Failed to pull'));
  if (!row) return 0;
  const from = row.indexOf('Failed to pull');
  let n = 0;
  while (n < LONG.length && row[from + n] === LONG[n]) n++;
  return n;
}

describe('app pane event list', () => {
  it('at 160 columns gives the events the width the tree does not need', async () => {
    const ui = await openApp(160, 30);
    const f = ui.frame();
    const row = lines(f).find((l) => l.includes('Deployment/web')) ?? '';
    // The tree's right border comes right after its widest row, well before the middle.
    const treeRight = row.indexOf('╮') >= 0 ? row.indexOf('╮') : row.indexOf('││');
    const border = lines(f).find((l) => l.includes('Resources')) ?? '';
    expect(border.indexOf('││')).toBeLessThan(70);
    expect(treeRight).toBeLessThan(70);
    // Before, messages were cut after ~45 columns of the event line; now ~50 characters of the message show.
    expect(shownOfLong(f)).toBeGreaterThanOrEqual(50);
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(159);
  });

  it('at 80 columns stacks the events under the tree, full width, within the window, in ASCII too', async () => {
    const ui = await openApp(80, 24, ASCII_GLYPHS);
    const f = ui.frame();
    expect(shownOfLong(f)).toBeGreaterThanOrEqual(25);
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(79);
  });

  it('shows the event under the cursor whole on Enter, and one line again on a second Enter', async () => {
    const ui = await openApp(80, 24);
    await ui.press(KEY.tab);
    expect(cursorRow(ui.frame())).toContain('Failed');
    await ui.press(KEY.enter);
    const f = await ui.waitFor((fr) => fr.includes('Warning Failed on Pod/web-7d9-abc, 3x'));
    // Every word of the message is on screen, wrapped inside the pane.
    const text = lines(f).join(' ').replace(/[│|]/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(
      'manifest unknown: the tag 1.5 does not exist in registry.example/guestbook (pushed tags: 1.3, 1.4)',
    );
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(79);
    expect(lines(f).length).toBeLessThanOrEqual(23);
    await ui.press(KEY.enter);
    await ui.waitFor((fr) => !fr.includes('Warning Failed on Pod'));
  });

  it('follows the cursor: j shows the next event whole', async () => {
    const ui = await openApp(160, 30);
    await ui.press(KEY.tab, KEY.enter, 'j');
    await ui.waitFor((fr) => fr.includes('Warning BackOff on Pod/web-7d9-abc, 7x'));
  });
});
