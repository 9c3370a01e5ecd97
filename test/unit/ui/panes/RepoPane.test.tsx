import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import { pending } from '../../../fixtures/ui/fleet.js';
import { KEY, cursorRow, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

describe('Repo pane', () => {
  it('lists the commits merged but not yet deployed', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('j', 'j', 'j', 'c');
    await ui.waitFor((f) => f.includes('repo guestbook-staging'));
    expect(ui.calls).toContainEqual(['requestCommits', 'staging/guestbook-staging']);
    expect(ui.frame()).toContain('asking the repo…');
    applyPatch(ui.store, { kind: 'commits', app: 'staging/guestbook-staging', pending });
    const f = await ui.waitFor((fr) => fr.includes('bump image'));
    expect(f).toContain('deployed ffeeddc → tip 0123456');
    expect(f).toContain('2 commits not yet live');
    expect(f).toMatch(/0123456\s+10m\s+Ada\s+guestbook: bump image to 1.5/);
    expect(cursorRow(f)).toContain('0123456');
    await ui.press('j');
    expect(cursorRow(ui.frame())).toContain('89abcde');
    await ui.press(KEY.escape);
    await ui.waitFor((fr) => fr.includes('CLUSTER'));
  });

  it('says when the deployed revision is the tip', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('c');
    applyPatch(ui.store, {
      kind: 'commits',
      app: 'prod-eu/billing',
      pending: { ...pending, commits: [], tipSha: pending.deployedSha },
    });
    await ui.waitFor((f) => f.includes('up to date'));
  });

  it('says when the deployed revision is not recorded yet, instead of claiming the app is up to date', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('c');
    applyPatch(ui.store, {
      kind: 'commits',
      app: 'prod-eu/billing',
      pending: { ...pending, deployedSha: '' },
    });
    const f = await ui.waitFor((fr) => fr.includes('not recorded yet'));
    expect(f).not.toContain('up to date');
    expect(f).toContain('bump image');
  });
});
