import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../../src/engine/desired/index.js';
import {
  compareRenders,
  historyDiff,
  manifestDigest,
  withEntry,
  type AppRecord,
  type NewHistoryEntry,
} from '../../../../src/engine/history/index.js';
import { fail, ok, type Result } from '../../../../src/engine/problem.js';
import type { RenderedObject } from '../../../../src/engine/render/index.js';
import { rendered } from './fixtures.js';

const secret = (password: string, user = 'app') =>
  rendered('Secret', 'creds', { type: 'Opaque', data: { password, user } });
const config = (mode: string) => rendered('ConfigMap', 'web-config', { data: { MODE: mode } });

/** Renders of each commit of a fake repository. */
const renders: Record<string, RenderedObject[]> = {
  one: [config('normal'), secret('c2VjcmV0LW9uZQ==')],
  two: [config('maintenance'), secret('c2VjcmV0LXR3bw==')],
  three: [config('maintenance'), secret('c2VjcmV0LXR3bw=='), rendered('ConfigMap', 'extra')],
};
const render = (sha: string): Promise<Result<DesiredState>> =>
  Promise.resolve(
    renders[sha]
      ? ok({ output: { objects: renders[sha] } } as unknown as DesiredState)
      : fail({
          code: 'git.revision-not-found',
          message: `Repo deploy: revision ${sha} was not found: gone.`,
        }),
  );

const entry = (revision: string): NewHistoryEntry => ({
  operationId: `op-${revision}`,
  kind: 'sync',
  revision,
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: '2026-12-03T10:00:05.000Z',
  initiator: { user: 'alice', host: 'ops-1' },
  result: 'Succeeded',
  partial: false,
  prune: false,
  manifestDigest: manifestDigest(renders[revision] ?? []),
  applied: 2,
  pruned: 0,
});
const recordOf = (...revisions: string[]): AppRecord =>
  revisions.reduce<AppRecord>((r, rev) => withEntry(r, entry(rev), 10), { history: [] });

describe('compareRenders', () => {
  it('shows a changed field and masks Secret values, a changed one with a new token', () => {
    const changes = compareRenders(renders.one!, renders.two!, { before: '#1', after: '#2' });
    expect(changes.map((c) => [c.identity.kind, c.change])).toEqual([
      ['ConfigMap', 'changed'],
      ['Secret', 'changed'],
    ]);
    expect(changes[0]!.diff).toContain('-  MODE: normal');
    expect(changes[0]!.diff).toContain('+  MODE: maintenance');
    const secretDiff = changes[1]!.diff;
    expect(secretDiff).not.toMatch(/c2VjcmV0/);
    expect(secretDiff).toContain('-  password: ++++++++\n');
    expect(secretDiff).toContain('+  password: ++++++++++++\n');
    // An unchanged value keeps one token on both sides and is no change.
    expect(secretDiff).not.toMatch(/[-+] {2}user:/);
  });

  it('leaves out unchanged objects and names added and removed ones', () => {
    const changes = compareRenders(renders.three!, renders.two!, { before: '#3', after: '#4' });
    expect(changes.map((c) => [c.identity.name, c.change])).toEqual([['extra', 'removed']]);
  });
});

describe('historyDiff', () => {
  it('compares an entry with the next older one kept', async () => {
    const diff = await historyDiff('web', recordOf('one', 'two', 'three'), 3, render);
    expect(diff.ok && [diff.value.entry.id, diff.value.previous?.id]).toEqual([3, 2]);
    expect(diff.ok && diff.value.changes.map((c) => [c.identity.name, c.change])).toEqual([
      ['extra', 'added'],
    ]);
    expect(diff.ok && diff.value.warnings).toEqual([]);
  });

  it('shows everything as added for the oldest entry', async () => {
    const diff = await historyDiff('web', recordOf('one', 'two'), 1, render);
    expect(diff.ok && diff.value.previous).toBeUndefined();
    expect(diff.ok && diff.value.changes.map((c) => c.change)).toEqual(['added', 'added']);
  });

  it('says so when a commit is no longer in the repository', async () => {
    const record = withEntry(recordOf('one'), entry('rewritten'), 10);
    const diff = await historyDiff('web', record, 2, render);
    expect(!diff.ok && diff.problems[0]?.code).toBe('history.commit-gone');
    expect(!diff.ok && diff.problems[0]?.message).toContain('no longer exists');
  });

  it('warns when a commit renders differently than when it was synced', async () => {
    const record = withEntry(recordOf('one'), { ...entry('two'), manifestDigest: 'sha256:old' }, 10);
    const diff = await historyDiff('web', record, 2, render);
    expect(diff.ok && diff.value.warnings.map((w) => w.code)).toEqual(['history.digest-changed']);
  });

  it('names the entries kept when asked for one that is not', async () => {
    const diff = await historyDiff('web', recordOf('one', 'two'), 7, render);
    expect(!diff.ok && diff.problems[0]?.message).toBe('App web has no history entry #7 (kept: #2, #1).');
  });
});
