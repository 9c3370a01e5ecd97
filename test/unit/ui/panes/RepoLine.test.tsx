/** Repos are never stale silently on screen: the repo line under the cluster strip, the stale mark on
 * the apps of a failing repo, the attention line when it keeps failing, the Repo pane's header, and
 * the recovery. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyPatch } from '../../../../src/state/patch.js';
import type { RepoView } from '../../../../src/state/types.js';
import { NOW, apps, pending } from '../../../fixtures/ui/fleet.js';
import { lines, renderApp, tick } from '../helpers.js';

afterEach(() => cleanup());

const deploy = (failures: number, over: Partial<RepoView> = {}): RepoView => ({
  name: 'deploy',
  url: 'https://git.example/deploy.git',
  tips: { main: pending.tipSha },
  lastPolled: NOW - 45_000,
  failures,
  ...(failures > 0 ? { lastError: 'Repo deploy cannot be reached: connection refused.' } : {}),
  ...over,
});
const infra: RepoView = { name: 'infra', url: '/srv/infra', tips: {}, lastPolled: NOW - 2_000, failures: 0 };

/** The fixture fleet with billing and ledger from `deploy`, the guestbooks from `infra`. */
function renderWithRepos(repos: RepoView[]) {
  const ui = renderApp();
  applyPatch(ui.store, [
    { kind: 'repos', upsert: repos },
    { kind: 'apps', upsert: apps.map((a) => ({ ...a, repo: a.appSet ? 'infra' : 'deploy' })) },
  ]);
  return ui;
}

const row = (frame: string, app: string) => lines(frame).find((l) => l.includes(` ${app} `)) ?? '';

describe('repo line and stale repos', () => {
  it('shows no repo line before the engine reports a repo', async () => {
    const ui = renderApp();
    await tick();
    expect(ui.frame()).not.toContain('repos');
  });

  it('shows each repo with the age of its last poll, under the cluster strip, keeping the frame height', async () => {
    const ui = renderWithRepos([deploy(0), infra]);
    const f = await ui.waitFor((fr) => fr.includes('repos'));
    expect(f).toMatch(/repos\s+● deploy polled 45s ago\s+● infra polled 2s ago/);
    const all = lines(f);
    expect(all).toHaveLength(29);
    expect(all.findIndex((l) => l.includes('repos'))).toBeGreaterThan(
      all.findIndex((l) => l.includes('dev')),
    );
    expect(row(f, 'billing')).not.toContain('▲');
  });

  it('puts a failing repo first with why, and marks its apps as compared with a stale commit', async () => {
    const ui = renderWithRepos([infra, deploy(2)]);
    const f = await ui.waitFor((fr) => fr.includes('failing'));
    expect(f).toMatch(
      /repos\s+✗ deploy failing 2 polls in a row, last good poll 45s ago: Repo deploy cannot be reached/,
    );
    expect(row(f, 'billing')).toContain('▲a1b2c3d main');
    expect(row(f, 'guestbook-dev')).not.toContain('▲');
    // Two failures may be a blip: no alert yet.
    expect(ui.store.getState().alerts).toEqual([]);
  });

  it('raises the attention line when a repo keeps failing, and shows the recovery', async () => {
    const ui = renderWithRepos([deploy(2), infra]);
    await tick();
    applyPatch(ui.store, { kind: 'repos', upsert: [deploy(3)] });
    let f = await ui.waitFor((fr) => fr.includes('failed 3 polls in a row'));
    expect(lines(f)[1]).toContain('repo deploy failed 3 polls in a row');

    applyPatch(ui.store, { kind: 'repos', upsert: [deploy(0, { lastPolled: NOW - 1_000 })] });
    f = await ui.waitFor((fr) => fr.includes('deploy polled 1s ago'));
    expect(f).not.toContain('failing');
    expect(row(f, 'billing')).not.toContain('▲');
    expect(ui.store.getState().alerts.at(-1)?.text).toBe('repo deploy polled again after 3 failures');
  });

  it("says in the Repo pane's header that the tip is only the last good one while the repo fails", async () => {
    const ui = renderWithRepos([deploy(4), infra]);
    await tick();
    await ui.press('c');
    applyPatch(ui.store, { kind: 'commits', app: 'prod-eu/billing', pending });
    const f = await ui.waitFor((fr) => fr.includes('bump image'));
    expect(f).toContain('last good tip 0123456');
    expect(f).toContain('failing 4 polls in a row, last good poll 45s ago: Repo deploy cannot be reached');

    applyPatch(ui.store, { kind: 'repos', upsert: [deploy(0, { lastPolled: NOW - 5_000 })] });
    const ok = await ui.waitFor((fr) => fr.includes('polled 5s ago'));
    const box = lines(ok)
      .filter((l) => l.startsWith('│'))
      .join('\n');
    expect(box).toContain('→ tip 0123456');
    expect(box).toContain('repo deploy https://git.example/deploy.git  polled 5s ago');
    expect(box).not.toContain('last good');
  });
});
