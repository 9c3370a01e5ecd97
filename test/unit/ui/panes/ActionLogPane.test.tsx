/** The action log (`@`): asks for the log, lists it newest first, filters with `/` like any list. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import type { ActionLogEntryView } from '../../../../src/state/types.js';
import { ASCII_GLYPHS } from '../../../../src/ui/glyphs.js';
import { NOW } from '../../../fixtures/ui/fleet.js';
import { KEY, cursorRow, lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const at = (hh: number, mm: number, ss: number): number => {
  const d = new Date(NOW);
  d.setHours(hh, mm, ss, 0);
  return d.getTime();
};

/** Three requests, not in order: the pane sorts newest first. */
const entries: ActionLogEntryView[] = [
  {
    time: at(2, 10, 0),
    cluster: 'staging',
    app: 'guestbook-staging',
    verb: 'patch',
    object: 'ConfigMap/guestbook/settings',
    result: 'ok',
  },
  {
    time: at(2, 30, 5),
    cluster: 'prod-eu',
    app: 'billing',
    verb: 'delete',
    object: 'Job/billing/db-migrate',
    result: 'failed 409',
    message: 'conflict',
  },
  {
    time: at(2, 20, 0),
    cluster: 'prod-eu',
    app: 'billing',
    verb: 'patch',
    object: 'Deployment/billing/billing',
    result: 'refused',
    message: 'read-only',
  },
];

describe('Action log pane', () => {
  it('asks for the log on @, lists it newest first with time, cluster, app, verb, object and result', async () => {
    const ui = renderApp({ columns: 120, rows: 30 });
    await tick();
    await ui.press('@');
    await ui.waitFor((f) => f.includes('reading the action log'));
    expect(ui.calls).toEqual([['requestActionLog']]);
    applyPatch(ui.store, { kind: 'actionLog', log: { status: 'ready', entries } });
    const f = await ui.waitFor((fr) => fr.includes('Job/billing/db-migrate'));
    expect(f).toMatch(/TIME\s+CLUSTER\s+APP\s+VERB\s+OBJECT\s+RESULT/);
    expect(f).toContain('3 requests');
    const rows = lines(f).filter((l) => /\d\d:\d\d:\d\d/.test(l));
    expect(rows.map((l) => /\d\d:\d\d:\d\d/.exec(l)?.[0])).toEqual(['02:30:05', '02:20:00', '02:10:00']);
    expect(rows[0]).toMatch(
      /02:30:05\s+prod-eu\s+billing\s+delete\s+Job\/billing\/db-migrate\s+failed 409\s+conflict/,
    );
    expect(cursorRow(f)).toContain('02:30:05');
    await ui.press('j');
    expect(cursorRow(ui.frame())).toContain('02:20:00');

    // @ again reloads, keeping the rows while the fresh copy comes.
    await ui.press('@');
    await ui.waitFor((fr) => fr.includes('reloading'));
    expect(ui.frame()).toContain('Job/billing/db-migrate');
    expect(ui.calls).toEqual([['requestActionLog'], ['requestActionLog']]);
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('CLUSTER') && !fr.includes('Action log'));
  });

  it('filters with / like any list, and says when nothing matches', async () => {
    const ui = renderApp({ columns: 120, rows: 30 });
    await tick();
    await ui.press('@');
    applyPatch(ui.store, { kind: 'actionLog', log: { status: 'ready', entries } });
    await ui.waitFor((fr) => fr.includes('Job/billing/db-migrate'));
    await ui.press('/');
    await ui.type('refused|staging');
    await ui.press(KEY.enter);
    const f = await ui.waitFor((fr) => !fr.includes('db-migrate'));
    expect(f).toContain('/refused|staging');
    expect(f).toContain('Deployment/billing/billing');
    expect(f).toContain('ConfigMap/guestbook/settings');
    await ui.press('/', '\u0015');
    await ui.type('nothing-like-this');
    await ui.press(KEY.enter);
    await ui.waitFor((fr) => fr.includes('no entry matches the filter'));
  });

  it('says why when the log cannot be read, and fits 80x24 in ASCII', async () => {
    const ui = renderApp({ columns: 80, rows: 24, glyphs: ASCII_GLYPHS });
    await tick();
    await ui.press('@');
    applyPatch(ui.store, {
      kind: 'actionLog',
      log: { status: 'error', error: 'audit log unreadable', entries: [] },
    });
    await ui.waitFor((fr) =>
      fr.includes('Could not read the action log: audit log unreadable. @ tries again.'),
    );
    applyPatch(ui.store, {
      kind: 'actionLog',
      log: {
        status: 'ready',
        entries: Array.from({ length: 40 }, (_, i) => ({
          ...entries[0]!,
          time: entries[0]!.time + i * 1000,
        })),
      },
    });
    const f = await ui.waitFor((fr) => fr.includes('1-'));
    expect(lines(f).length).toBeLessThanOrEqual(23);
    for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(79);
    expect(f).not.toMatch(/[^\x20-\x7e\n]/);
  });
});
