import { cleanup, render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/state/patch.js';
import { noopIntents } from '../../../src/state/intents.js';
import { App } from '../../../src/ui/App.js';
import { BUILTIN_HANDLERS } from '../../../src/ui/commands/builtin.js';
import { UNICODE_GLYPHS } from '../../../src/ui/glyphs.js';
import { createDefaultRegistry } from '../../../src/ui/keys/default-registry.js';
import { createPacedStore } from '../../../src/ui/terminal.js';
import { ThemeCatalog } from '../../../src/ui/themes/loader.js';
import { NOW } from '../../fixtures/ui/fleet.js';
import { cursorRow, fixtureStore, tick } from './helpers.js';

afterEach(() => cleanup());

/** The App as runTui wires it: commands write through the paced store, components read its view. */
function renderPaced(intervalMs: number) {
  const store = fixtureStore();
  const paced = createPacedStore(store, { intervalMs });
  const r = render(
    <App
      store={paced.ui}
      view={paced.view}
      intents={noopIntents}
      registry={createDefaultRegistry()}
      handlers={BUILTIN_HANDLERS}
      themes={new ThemeCatalog()}
      glyphs={UNICODE_GLYPHS}
      clock={{ now: () => NOW, tickMs: 0 }}
      size={{ columns: 100, rows: 30 }}
    />,
  );
  const frame = (): string => stripVTControlCharacters(r.lastFrame() ?? '');
  return { ...r, store, paced, frame };
}

/** Polls until `check` holds (3 s at most) and returns the frame then. */
async function until(check: () => boolean, frame: () => string): Promise<string> {
  const end = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`frame never matched; last frame:\n${frame()}`);
    await tick(5);
  }
  return frame();
}

describe('paced frames', () => {
  it('draws the answer to a key at once, while an engine change waits for its frame', async () => {
    // A long interval: a key's frame comes well before it (polled, so a loaded machine does not
    // make the test fail), an engine change well after.
    const ui = renderPaced(1500);
    await tick(20);
    const before = cursorRow(ui.frame());
    applyPatch(ui.store, { kind: 'readOnly', readOnly: true });
    const pressed = Date.now();
    ui.stdin.write('j');
    const after = await until(() => cursorRow(ui.frame()) !== before, ui.frame);
    expect(Date.now() - pressed).toBeLessThan(1000);
    // The key's frame carries what the engine sent before it.
    expect(after).toContain('read-only');

    applyPatch(ui.store, { kind: 'readOnly', readOnly: false });
    await tick(50);
    expect(ui.frame()).toContain('read-only');
    await until(() => !ui.frame().includes('read-only'), ui.frame);
    // An interval after the last frame, the key's.
    expect(Date.now() - pressed).toBeGreaterThanOrEqual(1450);
    ui.paced.dispose();
  });
});
