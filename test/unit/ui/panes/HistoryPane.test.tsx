/** The history screen (H), an entry's diff (Enter), rollback (R) and auto-sync pause/resume (A): what the
 * user sees and which intents the keys send. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import type { HistoryEntryView, HistoryView } from '../../../../src/state/types.js';
import { ASCII_GLYPHS } from '../../../../src/ui/glyphs.js';
import { NOW } from '../../../fixtures/ui/fleet.js';
import { KEY, cursorRow, fixtureStore, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const STAGING = 'staging/guestbook-staging';
const PROD = 'prod-eu/billing';
const LIVE_STAGING = 'ffeeddccbbaa00998877665544332211ffeeddcc';
const LIVE_PROD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const MIN = 60_000;

function entry(id: number, sha: string, over: Partial<HistoryEntryView> = {}): HistoryEntryView {
  return {
    id,
    sha,
    subject: `change number ${id}`,
    author: 'Ada',
    deployedAt: NOW - id * 0 - (10 - id) * 10 * MIN,
    initiator: 'alice@ops1',
    kind: 'sync',
    result: 'Succeeded',
    partial: false,
    attempts: 1,
    ...over,
  };
}

/** Newest first: #4 live, #3 failed, #2 partial, #1 the previous good one. */
function historyOf(appId: string, live: string, now = NOW): Omit<HistoryView, 'diff'> {
  return {
    appId,
    status: 'ready',
    entries: [
      entry(4, live, { subject: 'guestbook: bump image to 1.5', deployedAt: now - 5 * MIN }),
      entry(3, 'cccccccccccccccccccccccccccccccccccccccc', { result: 'Failed', deployedAt: now - 20 * MIN }),
      entry(2, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', { partial: true, deployedAt: now - 40 * MIN }),
      entry(1, '0123456789abcdef0123456789abcdef01234567', {
        subject: 'guestbook: raise memory limit',
        author: 'Linus',
        initiator: 'bob@ops2',
        deployedAt: now - 120 * MIN,
      }),
    ],
  };
}

async function openHistoryOf(appName: string, options: Parameters<typeof renderApp>[0] = {}) {
  const ui = renderApp({ columns: 100, rows: 30, ...options });
  await tick();
  await ui.press(':');
  await ui.type(`app ${appName}`);
  await ui.press(KEY.enter);
  await ui.waitFor((f) => f.includes('Resources'));
  await ui.press('H');
  await ui.waitFor((f) => f.includes('History'));
  return ui;
}

describe('history screen', () => {
  it('opens with H, asks for the history and lists id, SHA, subject, author, deployed, initiator, result, partial', async () => {
    const ui = await openHistoryOf('guestbook-staging', { columns: 140 });
    expect(ui.calls).toContainEqual(['requestHistory', STAGING]);
    expect(ui.frame()).toContain('loading…');
    applyPatch(ui.store, { kind: 'history', history: historyOf(STAGING, LIVE_STAGING) });
    const f = await ui.waitFor((fr) => fr.includes('bob@ops2'));
    expect(f).toContain('history guestbook-staging on staging');
    expect(f).toMatch(/ID\s+SHA\s+SUBJECT\s+AUTHOR\s+DEPLOYED\s+INITIATOR\s+KIND\s+RESULT\s+PART/);
    expect(f).toMatch(
      /1 0123456 guestbook: raise memory limit\s+Linus\s+2h ago\s+bob@ops2\s+sync\s+Succeeded\s+-/,
    );
    expect(f).toMatch(/3 ccccccc change number 3\s+Ada\s+20m ago\s+alice@ops1\s+sync\s+Failed/);
    expect(f).toMatch(/2 bbbbbbb .*Succeeded\s+yes/);
    expect(f).toContain('auto-sync on');
    expect(cursorRow(f)).toContain('4 ffeeddc guestbook: bump image to 1.5');
  });

  it("shows an entry's diff against the one before on Enter", async () => {
    const ui = await openHistoryOf('guestbook-staging');
    applyPatch(ui.store, { kind: 'history', history: historyOf(STAGING, LIVE_STAGING) });
    await ui.waitFor((f) => f.includes('0123456'));
    await ui.press('j', 'j', 'j', KEY.enter);
    expect(ui.calls).toContainEqual(['requestHistoryDiff', STAGING, 1]);
    await ui.waitFor((f) => f.includes('Entry #1 against the one before') && f.includes('computing diff'));
    applyPatch(ui.store, {
      kind: 'historyDiff',
      app: STAGING,
      diff: {
        id: 1,
        status: 'ready',
        resources: [
          {
            key: 'apps/Deployment/guestbook/web',
            kind: 'Deployment',
            name: 'web',
            lines: ['--- live', '+++ entry 1', '@@ -1 +1 @@', '-  memory: 128Mi', '+  memory: 256Mi'],
          },
        ],
      },
    });
    const f = await ui.waitFor((fr) => fr.includes('+  memory: 256Mi'));
    expect(f).toContain('-  memory: 128Mi');
  });

  it('fits 80×24 with ASCII glyphs, the diff box included', async () => {
    const ui = await openHistoryOf('guestbook-staging', { columns: 80, rows: 24, glyphs: ASCII_GLYPHS });
    applyPatch(ui.store, { kind: 'history', history: historyOf(STAGING, LIVE_STAGING) });
    const f = await ui.waitFor((fr) => fr.includes('0123456'));
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(79);
    expect(f).toMatch(/ID\s+SHA\s+SUBJECT/);
    expect(f).toContain('Enter on an entry shows what it changed');
    // Nothing outside printable ASCII in the boxes when the ASCII glyphs are chosen.
    expect(lines(f).slice(2).join('\n')).toMatch(/^[\x20-\x7e\n]*$/);
  });
});

describe('rollback (R)', () => {
  it('asks current (age) → target (age), the subject and that auto-sync will be paused; Enter rolls back', async () => {
    const now = Date.now();
    const ui = await openHistoryOf('guestbook-staging');
    applyPatch(ui.store, { kind: 'history', history: historyOf(STAGING, LIVE_STAGING, now) });
    await ui.waitFor((f) => f.includes('0123456'));
    await ui.press('G', 'R');
    const f = await ui.waitFor((fr) => fr.includes('Roll back guestbook-staging on staging?'));
    expect(f).toContain('ffeeddc (deployed 5m ago) → 0123456 (deployed 2h ago)');
    expect(f).toContain('Target: entry #1, "guestbook: raise memory limit" by Linus');
    expect(f).toContain('Auto-sync is on: it will be PAUSED');
    expect(f).not.toContain('Type staging');
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['rollback', STAGING, 1, { prune: false }]);
    // The rollback's operation screen opens on confirm; Esc goes back to the history.
    await ui.waitFor((fr) => fr.includes('Operation of guestbook-staging'));
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('History'));

    // When the rollback ends, the pane asks for the history again (the new entry, the pause).
    const asked = () => ui.calls.filter((c) => c[0] === 'requestHistory').length;
    const before = asked();
    const op = {
      appId: STAGING,
      id: 'op-1',
      kind: 'rollback' as const,
      dryRun: false,
      partial: false,
      tasks: [],
      mine: true,
      startedAt: now,
    };
    applyPatch(ui.store, { kind: 'operation', operation: { ...op, phase: 'Running' } });
    await tick(20);
    expect(asked()).toBe(before);
    applyPatch(ui.store, {
      kind: 'operation',
      operation: { ...op, phase: 'Succeeded', finishedAt: now + 1 },
    });
    await tick(20);
    expect(asked()).toBe(before + 1);
  });

  it('refuses the live entry and a failed one with a reason', async () => {
    const ui = await openHistoryOf('guestbook-staging');
    applyPatch(ui.store, { kind: 'history', history: historyOf(STAGING, LIVE_STAGING) });
    await ui.waitFor((f) => f.includes('0123456'));
    await ui.press('R');
    await ui.waitFor((f) => f.includes('Entry #4 is the revision live now'));
    await ui.press('j', 'R');
    await ui.waitFor((f) => f.includes('Entry #3 failed'));
    expect(ui.calls.filter((c) => c[0] === 'rollback')).toEqual([]);
    expect(ui.store.getState().ui.dialog).toBeUndefined();
  });

  it('on the app, goes to the previous good entry (not failed, not partial, not live)', async () => {
    const ui = await openHistoryOf('guestbook-staging');
    applyPatch(ui.store, { kind: 'history', history: historyOf(STAGING, LIVE_STAGING) });
    await ui.waitFor((f) => f.includes('0123456'));
    await ui.press(KEY.escape);
    await ui.waitFor((f) => f.includes('Resources'));
    await ui.press('R');
    await ui.waitFor((f) => f.includes('Target: entry #1'));
  });

  it('on an app whose history is not loaded, opens the history first', async () => {
    const ui = renderApp({ columns: 100, rows: 30 });
    await tick();
    await ui.press(':');
    await ui.type('app guestbook-staging');
    await ui.press(KEY.enter, 'R');
    await ui.waitFor((f) => f.includes('press R again'));
    expect(ui.calls).toContainEqual(['requestHistory', STAGING]);
    expect(ui.store.getState().ui.screens.at(-1)).toEqual({ id: 'history', app: STAGING });
  });

  it('on a production cluster, needs the cluster name typed before anything is sent', async () => {
    const ui = await openHistoryOf('billing');
    applyPatch(ui.store, { kind: 'history', history: historyOf(PROD, LIVE_PROD, Date.now()) });
    await ui.waitFor((f) => f.includes('0123456'));
    await ui.press('G', 'R');
    const f = await ui.waitFor((fr) => fr.includes('Type prod-eu to confirm'));
    expect(f).toContain('prod-eu is a production cluster.');
    await ui.press(KEY.enter);
    expect(ui.calls.filter((c) => c[0] === 'rollback')).toEqual([]);
    await ui.type('prod-eu');
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['rollback', PROD, 1, { prune: false }]);
  });

  it('is disabled with the reason: --readonly, a read-only cluster, an identity that may not write', async () => {
    const ro = await openHistoryOf('guestbook-staging');
    ro.store.setState((s) => ({ ...s, ui: { ...s.ui, readOnly: true } }));
    await ro.press('R');
    await ro.waitFor((f) => f.includes('disabled (read-only mode (--readonly))'));
    await ro.press('A');
    await ro.waitFor((f) => f.includes('auto-sync with a reason, or resume it: disabled (read-only mode'));
    cleanup();

    const store = fixtureStore();
    applyPatch(store, {
      kind: 'clusters',
      upsert: [{ ...store.getState().clusters.staging!, readOnly: true }],
    });
    const roCluster = await openHistoryOf('guestbook-staging', { store, columns: 140 });
    await roCluster.press('R');
    await roCluster.waitFor((f) => f.includes('disabled (cluster staging is read-only (fleet file))'));
    cleanup();

    const noWrite = await openHistoryOf('guestbook-dev', { columns: 140 });
    await noWrite.press('R');
    await noWrite.waitFor((f) => f.includes('disabled (no write permission on cluster dev)'));
    expect(noWrite.calls.filter((c) => c[0] === 'rollback' || c[0] === 'setAutoSync')).toEqual([]);
  });
});

describe('auto-sync pause (A)', () => {
  it('asks a reason, sends it, and the pause shows in the row, the header and the history with who and why', async () => {
    const ui = await openHistoryOf('guestbook-staging', { columns: 160 });
    applyPatch(ui.store, { kind: 'history', history: historyOf(STAGING, LIVE_STAGING) });
    await ui.press('A');
    await ui.waitFor((f) => f.includes('Pause auto-sync of guestbook-staging on staging'));
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('Reason: say it in a few words'));
    await ui.type('incident 42');
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['setAutoSync', STAGING, { pause: 'incident 42' }]);

    // What the engine reports back: the app row's pause, and the history's.
    const app = ui.store.getState().apps[STAGING]!;
    const pausedReason = 'paused by alice (ops1) at 2026-09-01 02:55: incident 42';
    applyPatch(ui.store, { kind: 'apps', upsert: [{ ...app, autoSync: { ...app.autoSync, pausedReason } }] });
    applyPatch(ui.store, {
      kind: 'history',
      history: {
        ...historyOf(STAGING, LIVE_STAGING),
        pause: { by: 'alice@ops1', at: NOW - 5 * MIN, reason: 'incident 42' },
      },
    });
    let f = await ui.waitFor((fr) => fr.includes('auto-sync paused by alice@ops1 5m ago: incident 42'));
    // The pane asked for the history again when the app's pause changed.
    expect(ui.calls.filter((c) => c[0] === 'requestHistory')).toHaveLength(2);
    expect(lines(f)[1]).toContain('paused by alice (ops1) at 2026-09-01 02:55: incid');
    expect(lines(f)[1]).toContain('history ⊘ guestbook-staging');
    await ui.press(KEY.escape, KEY.escape);
    f = await ui.waitFor((fr) => fr.includes('CLUSTER'));
    expect(f).toMatch(/⊘ guestbook-staging\s+staging/);
    expect(f).not.toMatch(/⊘ guestbook-dev/);

    // A again resumes, after a confirm.
    await ui.press(':');
    await ui.type('app guestbook-staging');
    await ui.press(KEY.enter, 'A');
    await ui.waitFor((fr) => fr.includes('Resume auto-sync of guestbook-staging on staging?'));
    expect(ui.frame()).toContain('incident 42');
    await ui.press(KEY.enter);
    expect(ui.calls).toContainEqual(['setAutoSync', STAGING, { resume: true }]);
  });

  it('marks a paused app in the fleet table at 80 columns, with ASCII glyphs too', async () => {
    const store = fixtureStore();
    const app = store.getState().apps[PROD]!;
    applyPatch(store, {
      kind: 'apps',
      upsert: [
        {
          ...app,
          autoSync: { ...app.autoSync, pausedReason: 'paused by bob (ops2) at 2026-09-01 01:00: rollback' },
        },
      ],
    });
    const ui = renderApp({ store, columns: 80, rows: 24, glyphs: ASCII_GLYPHS });
    const f = await ui.waitFor((fr) => fr.includes('billing'));
    expect(f).toMatch(/# billing\s+prod-eu/);
    expect(f).not.toContain('# guestbook');
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(79);
  });
});
