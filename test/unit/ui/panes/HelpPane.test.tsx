import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createDefaultRegistry } from '../../../../src/ui/keys/default-registry.js';
import { KEY, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

describe('Help pane', () => {
  it('lists the commands of the focused pane from the registry', async () => {
    const ui = renderApp({ rows: 50 });
    await tick();
    await ui.press('?');
    const f = await ui.waitFor((fr) => fr.includes('Help: app table'));
    expect(f).toMatch(/j, ↓\s+Move down one row/);
    expect(f).toMatch(/Enter\s+Open the app/);
    expect(f).toMatch(/D\s+Show the drift/);
    expect(f).not.toContain('Expand or collapse'); // tree commands belong to another pane
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('CLUSTER'));
  });

  it('is specific to the pane that had focus', async () => {
    const ui = renderApp({ rows: 50 });
    await tick();
    await ui.press(KEY.tab, '?');
    const f = await ui.waitFor((fr) => fr.includes('Help: cluster strip'));
    expect(f).toContain("Show only this cluster's apps");
    expect(f).not.toContain('Open the app');
  });

  it('shows a mutating command disabled, with the reason, in read-only mode', async () => {
    // The real `s` (app.sync): a mutating command of the acting side.
    const registry = createDefaultRegistry();
    const ui = renderApp({ registry, rows: 50, columns: 100 });
    ui.store.setState((s) => ({ ...s, ui: { ...s.ui, readOnly: true } }));
    await tick();
    expect(ui.frame()).toContain('sync(off)');
    await ui.press('s');
    await ui.waitFor((f) => f.includes('Sync: plan, then confirm: disabled (read-only mode (--readonly))'));
    await ui.press('?');
    const f = await ui.waitFor((fr) => fr.includes('Help: app table'));
    expect(f).toMatch(/s\s+Sync: plan, then confirm\s+disabled: read-only mode/);
  });

  it('reports a mutating command on a read-only cluster with that reason', async () => {
    // The real `s` (app.sync): a mutating command of the acting side.
    const registry = createDefaultRegistry();
    const ui = renderApp({ registry, columns: 100 });
    ui.store.setState((s) => ({
      ...s,
      clusters: { ...s.clusters, 'prod-eu': { ...s.clusters['prod-eu']!, readOnly: true } },
    }));
    await tick();
    await ui.press('s'); // cursor is on billing (prod-eu)
    await ui.waitFor((f) => f.includes('cluster prod-eu is read-only'));
  });
});
