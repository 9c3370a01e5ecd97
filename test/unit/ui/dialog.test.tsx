/** The confirm and text dialogs: they take every key, send nothing until confirmed, and on a production
 * cluster send nothing until the cluster's name is typed exactly. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { openDialog } from '../../../src/state/ui-actions.js';
import type { DialogState } from '../../../src/state/types.js';
import { KEY, renderApp, tick } from './helpers.js';

afterEach(() => cleanup());

const rollbackOnProd: DialogState = {
  kind: 'confirm',
  title: 'Roll back billing on prod-eu?',
  lines: ['current abc1234 (2 h ago) → target 0ff1ce0 (1 d ago)', 'Auto-sync of billing will be paused.'],
  typeToConfirm: 'prod-eu',
  typed: '',
  danger: true,
  action: { type: 'rollback', appId: 'prod-eu/billing', prune: false },
};

async function withDialog(dialog: DialogState) {
  const ui = renderApp({ columns: 100, rows: 24 });
  await tick();
  ui.store.setState((s) => openDialog(s, dialog));
  await ui.waitFor((f) => f.includes(dialog.kind === 'sync' ? '' : dialog.title));
  return ui;
}

describe('the confirm dialog', () => {
  it('sends nothing until the cluster name is typed exactly, then sends the action once', async () => {
    const ui = await withDialog(rollbackOnProd);
    expect(ui.frame()).toContain('Type prod-eu to confirm');
    await ui.type('prod');
    await ui.press(KEY.enter);
    expect(ui.calls).toEqual([]);
    expect(ui.store.getState().ui.dialog).toBeDefined();
    await ui.waitFor((f) => f.includes('Type prod-eu exactly'));

    await ui.type('-eux');
    await ui.press(KEY.backspace, KEY.enter);
    // Sent once, then its operation screen follows it.
    expect(ui.calls).toEqual([
      ['rollback', 'prod-eu/billing', undefined, { prune: false }],
      ['followOperation', 'prod-eu/billing'],
    ]);
    expect(ui.store.getState().ui.dialog).toBeUndefined();
  });

  it('takes letters as text while open: keys that mean something on the screen do nothing', async () => {
    const ui = await withDialog(rollbackOnProd);
    await ui.type('q?/:');
    expect(ui.store.getState().ui.dialog).toMatchObject({ typed: 'q?/:' });
    expect(ui.store.getState().ui.prompt).toBeUndefined();
    expect(ui.calls).toEqual([]);
  });

  it('closes on Esc and sends nothing', async () => {
    const ui = await withDialog({ ...rollbackOnProd, typeToConfirm: undefined, danger: false });
    await ui.press(KEY.escape);
    expect(ui.store.getState().ui.dialog).toBeUndefined();
    expect(ui.calls).toEqual([]);
    await ui.waitFor((f) => f.includes('nothing was sent'));
  });

  it('confirms with a plain Enter where no name is asked for', async () => {
    const ui = await withDialog({
      kind: 'confirm',
      title: 'Stop the sync of ledger?',
      lines: ['Running hooks are deleted; the operation ends Failed.'],
      typed: '',
      danger: false,
      action: { type: 'terminate', appId: 'staging/ledger' },
    });
    await ui.press(KEY.enter);
    expect(ui.calls).toEqual([['terminate', 'staging/ledger']]);
  });
});

describe('the text dialog', () => {
  it('asks for a reason and sends it trimmed; an empty reason is refused', async () => {
    const ui = await withDialog({
      kind: 'text',
      title: 'Pause auto-sync of ledger',
      lines: ['Auto-sync and self-heal leave the app alone until resumed.'],
      label: 'Reason',
      text: '',
      action: { type: 'pause', appId: 'staging/ledger' },
    });
    await ui.press(KEY.enter);
    expect(ui.calls).toEqual([]);
    await ui.type(' INC-42 hotfix ');
    await ui.press(KEY.enter);
    expect(ui.calls).toEqual([['setAutoSync', 'staging/ledger', { pause: 'INC-42 hotfix' }]]);
  });
});
