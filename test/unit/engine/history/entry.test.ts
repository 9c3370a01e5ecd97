import { describe, expect, it } from 'vitest';
import { historyEntryOf, manifestDigest, taskCounts } from '../../../../src/engine/history/index.js';
import type { CommitInfo } from '../../../../src/engine/git/index.js';
import { fail, ok, type Result } from '../../../../src/engine/problem.js';
import { finished, rendered, task } from './fixtures.js';

const commit = (sha: string): Promise<Result<CommitInfo>> =>
  Promise.resolve(
    ok({
      sha,
      parents: [],
      author: { name: 'Bob', email: 'bob@example.com' },
      date: '2026-12-03T11:00:00Z',
      subject: 'Raise replicas',
    }),
  );
const objects = [rendered('ConfigMap', 'a', { data: { k: 'v' } }), rendered('Deployment', 'web')];

describe('manifestDigest', () => {
  it('is the same whatever the order of the objects', () => {
    expect(manifestDigest([...objects].reverse())).toBe(manifestDigest(objects));
    expect(manifestDigest(objects)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when one field of one object changes', () => {
    const changed = [rendered('ConfigMap', 'a', { data: { k: 'w' } }), rendered('Deployment', 'web')];
    expect(manifestDigest(changed)).not.toBe(manifestDigest(objects));
  });
});

describe('taskCounts', () => {
  it('counts succeeded applies and prunes, not hooks, skips or failures', () => {
    const tasks = [
      task('create', 'succeeded'),
      task('update', 'succeeded'),
      task('unchanged', 'succeeded'),
      task('update', 'failed'),
      task('hook', 'succeeded'),
      task('skipped', 'skipped'),
      task('prune', 'succeeded'),
      task('prune', 'pending'),
    ];
    expect(taskCounts(tasks)).toEqual({ applied: 3, pruned: 1 });
  });
});

describe('historyEntryOf', () => {
  it('records a succeeded sync with its commit, initiator, digest and counts', async () => {
    const entry = await historyEntryOf({
      final: finished({ prune: true, tasks: [task('create', 'succeeded'), task('prune', 'succeeded')] }),
      request: {},
      objects,
      commitInfo: commit,
    });
    expect(entry).toEqual({
      operationId: 'web-op-1',
      kind: 'sync',
      revision: 'a'.repeat(40),
      commit: { subject: 'Raise replicas', author: 'Bob <bob@example.com>', date: '2026-12-03T11:00:00Z' },
      startedAt: '2026-12-03T12:00:00.000Z',
      finishedAt: '2026-12-03T12:00:30.000Z',
      initiator: { user: 'alice', host: 'ops-1' },
      result: 'Succeeded',
      partial: false,
      prune: true,
      manifestDigest: manifestDigest(objects),
      applied: 1,
      pruned: 1,
    });
  });

  it("takes the request's kind and rollback, and a failed task's words when the operation has none", async () => {
    const entry = await historyEntryOf({
      final: finished({
        phase: 'Failed',
        partial: true,
        tasks: [task('update', 'failed', 'web-config', 'admission webhook denied')],
      }),
      request: { kind: 'rollback', rollbackOf: 3 },
      objects,
      commitInfo: commit,
    });
    expect(entry).toMatchObject({ kind: 'rollback', rollbackOf: 3, result: 'Failed', partial: true });
    expect(entry.message).toBe('update ConfigMap/web/web-config failed: admission webhook denied');
  });

  it("prefers the operation's own message, and leaves the commit out when Git cannot tell it", async () => {
    const entry = await historyEntryOf({
      final: finished({ phase: 'Failed', message: 'Stopped after 3m (--timeout).', kind: 'self-heal' }),
      request: {},
      objects,
      commitInfo: () => Promise.resolve(fail({ code: 'git.unreachable', message: 'down' })),
    });
    expect(entry).toMatchObject({ kind: 'self-heal', message: 'Stopped after 3m (--timeout).' });
    expect(entry).not.toHaveProperty('commit');
  });
});
