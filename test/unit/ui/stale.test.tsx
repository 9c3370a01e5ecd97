/** When the monitor stops, the screen says so at once instead of showing the last report as live. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/state/patch.js';
import { NOW } from '../../fixtures/ui/fleet.js';
import { fixtureStore, lines, renderApp, tick } from './helpers.js';

afterEach(() => cleanup());

describe('a stopped monitor', () => {
  it('shows the reason on the attention line, every cluster as stale and every app muted', async () => {
    const store = fixtureStore();
    const ui = renderApp({ store });
    await tick();
    expect(ui.frame()).not.toMatch(/\bstale\b/);
    applyPatch(
      store,
      { kind: 'stale', reason: 'the monitor stopped: out of memory; restarting in 1 s' },
      { now: NOW },
    );
    const f = await ui.waitFor((fr) => fr.includes('the monitor stopped'));
    const strip = lines(f).filter((l) => /prod-eu|staging|dev/.test(l) && /\bstale\b/.test(l));
    expect(strip.length).toBe(Object.keys(store.getState().clusters).length);
    expect(lines(f).find((l) => l.includes('guestbook-staging'))).toMatch(/✗staging/);
  });
});
