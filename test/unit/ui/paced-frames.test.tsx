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

describe('paced frames', () => {
  it('draws the answer to a key at once, while an engine change waits for its frame', async () => {
    // A long interval, so "at once" and "later" cannot be confused on a loaded machine.
    const ui = renderPaced(1500);
    await tick(20);
    const before = cursorRow(ui.frame());
    applyPatch(ui.store, { kind: 'readOnly', readOnly: true });
    ui.stdin.write('j');
    await tick(20);
    const after = ui.frame();
    expect(cursorRow(after)).not.toBe(before);
    // The key's frame carries what the engine sent before it.
    expect(after).toContain('read-only');

    applyPatch(ui.store, { kind: 'readOnly', readOnly: false });
    await tick(50);
    expect(ui.frame()).toContain('read-only');
    await tick(1600);
    expect(ui.frame()).not.toContain('read-only');
    ui.paced.dispose();
  });
});
