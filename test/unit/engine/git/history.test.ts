import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkHistory } from '../../../../src/engine/git/history.js';
import type { ObjectStore } from '../../../../src/engine/git/object-store.js';
import { makeTempDir, removeTempDir, RepoBuilder } from './repo-builder.js';

describe('walkHistory', () => {
  let dir: string;
  let repo: RepoBuilder;
  let store: ObjectStore;
  const shas: string[] = [];

  beforeEach(async () => {
    dir = await makeTempDir('git-history');
    repo = await RepoBuilder.create(`${dir}/r.git`);
    shas.length = 0;
    for (let i = 0; i < 5; i++) shas.push(await repo.commit(`c${i}`, { 'f.txt': String(i) }));
    store = { fs, gitdir: repo.gitdir, cache: {}, suspect: false };
  });
  afterEach(() => removeTempDir(dir));

  const sha = (i: number): string => shas[i] as string;

  it('walks newest first down to the stop commit, which it leaves out', async () => {
    const walk = await walkHistory(store, sha(4), { stop: sha(1), max: 10 });
    expect(walk).toMatchObject({ reachedStop: true, truncated: false, incomplete: false });
    expect(walk.commits.map((c) => c.subject)).toEqual(['c4', 'c3', 'c2']);
  });

  it('does not reach a stop commit that is not an ancestor', async () => {
    const other = await repo.commit('elsewhere', { 'g.txt': 'x' }, { parents: [sha(1)], move: false });
    const walk = await walkHistory(store, other, { stop: sha(3), max: 10 });
    expect(walk.reachedStop).toBe(false);
    expect(walk.commits.map((c) => c.subject)).toEqual(['elsewhere']);
  });

  it('stops at the count bound and says more were waiting', async () => {
    expect(await walkHistory(store, sha(4), { max: 2 })).toMatchObject({
      truncated: true,
      commits: [{ subject: 'c4' }, { subject: 'c3' }],
    });
  });

  it('does not walk past commits older than the time bound', async () => {
    // Commits are a minute apart: a bound just above c2's time stops the walk after c2.
    const walk = await walkHistory(store, sha(4), { max: 10, notBefore: 1_700_000_000 + 3 * 60 + 1 });
    expect(walk.commits.map((c) => c.subject)).toEqual(['c4', 'c3', 'c2']);
    expect(walk.incomplete).toBe(false);
  });

  it('flags a history that ends at a missing parent, as in a shallow clone', async () => {
    const orphanParent = '1111111111111111111111111111111111111111';
    const tip = await repo.commit('grafted', { 'h.txt': 'x' }, { parents: [orphanParent], move: false });
    expect(await walkHistory(store, tip, { max: 10 })).toMatchObject({
      incomplete: true,
      commits: [{ subject: 'grafted' }],
    });
  });
});
