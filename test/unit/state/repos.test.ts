/** Repo rows in the store: upserts, the alert when a repo keeps failing, its recovery, coalescing. */
import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  createFlotillaStore,
  createPatchCoalescer,
  isRepoStale,
  selectAppRepo,
  selectRepoRows,
  type RepoView,
} from '../../../src/state/index.js';
import { app } from '../../fixtures/ui/fleet.js';

const repo = (name: string, failures: number, extra: Partial<RepoView> = {}): RepoView => ({
  name,
  url: `https://git.example/${name}.git`,
  tips: { main: 'a'.repeat(40) },
  lastPolled: 1_000,
  failures,
  ...(failures > 0 ? { lastError: 'connection refused' } : {}),
  ...extra,
});

describe('repos in the store', () => {
  it('keeps one row per repo, sorted by name, and links an app to its repo', () => {
    const store = createFlotillaStore();
    applyPatch(store, [
      { kind: 'repos', upsert: [repo('infra', 0), repo('deploy', 0)] },
      { kind: 'apps', upsert: [{ ...app('web', 'prod-eu'), repo: 'deploy' }] },
    ]);
    applyPatch(store, { kind: 'repos', upsert: [repo('deploy', 1)] });
    const state = store.getState();
    expect(selectRepoRows(state).map((r) => [r.name, r.failures])).toEqual([
      ['deploy', 1],
      ['infra', 0],
    ]);
    expect(selectAppRepo(state, 'prod-eu/web')?.name).toBe('deploy');
    expect(isRepoStale(selectAppRepo(state, 'prod-eu/web'))).toBe(true);
    expect(isRepoStale(state.repos.infra)).toBe(false);
  });

  it('raises one warning when a repo keeps failing, and an info alert when it recovers', () => {
    const store = createFlotillaStore();
    const texts = () => store.getState().alerts.map((a) => [a.severity, a.text]);
    applyPatch(store, { kind: 'repos', upsert: [repo('deploy', 0)] }, { now: 1 });
    applyPatch(store, { kind: 'repos', upsert: [repo('deploy', 1)] }, { now: 2 });
    applyPatch(store, { kind: 'repos', upsert: [repo('deploy', 2)] }, { now: 3 });
    expect(texts()).toEqual([]);
    applyPatch(store, { kind: 'repos', upsert: [repo('deploy', 3)] }, { now: 4 });
    applyPatch(store, { kind: 'repos', upsert: [repo('deploy', 4)] }, { now: 5 });
    expect(texts()).toEqual([
      [
        'warning',
        'repo deploy failed 3 polls in a row; its apps are compared with its last good commit: connection refused',
      ],
    ]);
    applyPatch(store, { kind: 'repos', upsert: [repo('deploy', 0)] }, { now: 6 });
    expect(texts()[1]).toEqual(['info', 'repo deploy polled again after 4 failures']);
  });

  it('coalesces summaries of one repo to the newest, without losing the transition', () => {
    const store = createFlotillaStore({ repos: { deploy: repo('deploy', 2) } });
    const coalescer = createPatchCoalescer(store, { intervalMs: 1_000_000 });
    coalescer.push({ kind: 'repos', upsert: [repo('deploy', 3)] });
    coalescer.push({ kind: 'repos', upsert: [repo('deploy', 4)] });
    coalescer.push({ kind: 'repos', upsert: [repo('infra', 0)] });
    expect(coalescer.size).toBe(2);
    coalescer.flush();
    expect(store.getState().repos.deploy?.failures).toBe(4);
    expect(store.getState().alerts).toHaveLength(1);
    coalescer.dispose();
  });
});
