/** End to end: history and rollback from the keyboard. The real `flotilla` TUI in tmux on a test bed cluster:
 * `H` lists the app's history, `R` on the previous entry asks (saying auto-sync will be paused), Enter rolls
 * back; the old revision is live on the cluster and the pause marker shows, with who paused it. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, eventually, getObject } from '../support/scenario.js';
import { explain, syncApp } from '../support/sync.js';
import { tuiCommand } from '../support/tui-command.js';
import { TmuxSession } from '../support/tmux.js';

const configMap = (value: string): string => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {value: ${value}}
`;

const s = new Scenario('tui-history');
const app = s.name('hist');
const ns = s.name('hist');
let tui: TmuxSession | undefined;
let rev1 = '';
let rev2 = '';

/** The ConfigMap's value on test bed cluster 1. */
async function liveValue(): Promise<string | undefined> {
  const cm = await getObject(1, { kind: 'ConfigMap', namespace: ns, name: 'settings' });
  return (cm as { data?: { value?: string } } | undefined)?.data?.value;
}

beforeAll(async () => {
  s.setUp({ 'hist/cm.yaml': configMap('v1') }, [
    { name: app, path: 'hist', namespace: ns, syncPolicy: 'automated: {}' },
  ]);
  rev1 = s.head();
  let run = await syncApp(s, app);
  expect(run.code, explain(run)).toBe(0);
  rev2 = s.commit({ 'hist/cm.yaml': configMap('v2') }, 'settings: value v2');
  run = await syncApp(s, app);
  expect(run.code, explain(run)).toBe(0);
  expect(await liveValue()).toBe('v2');
  tui = TmuxSession.start(
    `flotilla-e2e-history-${s.id}`,
    tuiCommand({ work: s.work, env: s.env, stderrFile: join(s.work, 'tui.err') }),
  );
  await tui.waitFor(new RegExp(`${app}\\s+one\\s+\\S+\\s+✓ Synced`), 90_000);
});

afterAll(async () => {
  tui?.kill();
  await s.tearDown();
});

describe('history and rollback in the TUI', () => {
  it('H lists the history; R on the previous entry rolls back; the old revision is live and the pause shows', async () => {
    const t = tui!;
    await t.type('/', /! inverts/);
    await t.type(app, new RegExp(`^/${app}`, 'm'));
    await t.press('Enter', {
      what: 'the prompt closed',
      test: (sc) => !new RegExp(`^/${app}`, 'm').test(sc),
    });

    const history = await t.press('H', /History\s+\d+ entr/, 30_000);
    expect(history).toContain(rev2.slice(0, 7));
    expect(history).toContain(rev1.slice(0, 7));
    expect(history).toMatch(/auto-sync on/);

    // The cursor starts on the newest entry (rev2, live); one down is the previous one (rev1).
    const row1 = new RegExp(`› +\\d+ ${rev1.slice(0, 7)}`);
    await t.press('j', row1);
    const ask = await t.press('R', /Roll back .* on one\?/, 10_000);
    expect(ask).toContain(`${rev2.slice(0, 7)} (deployed`);
    expect(ask).toMatch(new RegExp(`→ ${rev1.slice(0, 7)} \\(deployed`));
    expect(ask).toContain('Auto-sync is on: it will be PAUSED');
    // Enter opens the rollback's operation screen; Esc goes back to the history.
    await t.press('Enter', /Operation of /, 10_000);
    await t.press('Escape', /History\s+\d+ entr/);

    await eventually(
      'the ConfigMap back at v1',
      async () => ((await liveValue()) === 'v1' ? true : undefined),
      60_000,
    );

    // The history pane asks again once the operation ends: the rollback entry and the pause show.
    const after = await t.waitFor(/auto-sync paused by \S+/, 60_000);
    expect(after).toMatch(/rollback/);

    // Back on the fleet, the app's row carries the pause marker; auto-sync does not undo the rollback.
    await t.press('Escape', { what: 'the fleet table', test: (sc) => /CLUSTER/.test(sc) });
    const fleet = await t.waitFor(new RegExp(`⊘ ${app}\\s+one`), 30_000);
    expect(fleet).toMatch(/paused/);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await liveValue()).toBe('v1');
  });
});
