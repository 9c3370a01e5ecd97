import { describe, expect, it } from 'vitest';
import { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import { readRecord, type RecordCluster } from '../../../../src/engine/history/index.js';

/** A cluster whose every request fails with `error`, or answers `body`; `down` when its probe fails. */
function cluster(answer: { error?: unknown; body?: unknown; down?: boolean }): RecordCluster {
  const requestJson = () => (answer.error ? Promise.reject(answer.error) : Promise.resolve(answer.body));
  return {
    name: 'prod',
    context: 'prod-viewer',
    kubeconfigUser: 'carol',
    requestJson: requestJson as RecordCluster['requestJson'],
    request: (() => Promise.reject(new Error('not used'))) as RecordCluster['request'],
    probe: () =>
      Promise.resolve(
        (answer.down
          ? { reachability: 'unreachable', lastError: { message: 'connect ECONNREFUSED 10.0.0.1:6443' } }
          : { reachability: 'reachable' }) as Awaited<ReturnType<RecordCluster['probe']>>,
      ),
  };
}

const failure = (code: 'cluster.forbidden' | 'cluster.unreachable' | 'cluster.not-found', status?: number) =>
  new ClusterRequestError({ code, message: `the server said ${code}` }, status);

describe('readRecord', () => {
  it('answers the stored entries and pause', async () => {
    const entry = {
      id: 1,
      operationId: 'op',
      kind: 'sync',
      revision: 'abc',
      startedAt: 't',
      finishedAt: 't',
      initiator: { user: 'u', host: 'h' },
      result: 'Succeeded',
      partial: false,
      prune: false,
      manifestDigest: 'sha256:0',
      applied: 1,
      pruned: 0,
      attempts: 1,
    };
    const result = await readRecord(
      cluster({ body: { data: { 'history.json': JSON.stringify([entry]) } } }),
      'web',
    );
    expect(result).toEqual({ ok: true, value: { history: [entry] } });
  });

  it('answers an empty history for an app never synced', async () => {
    const result = await readRecord(cluster({ error: failure('cluster.not-found', 404) }), 'web');
    expect(result).toEqual({ ok: true, value: { history: [] } });
  });

  it('names the identity and the permission it needs when forbidden', async () => {
    const result = await readRecord(cluster({ error: failure('cluster.forbidden', 403) }), 'web');
    expect(!result.ok && result.problems[0]).toMatchObject({
      code: 'history.forbidden',
      message:
        'The history of app web could not be read: user carol of context prod-viewer may not read ConfigMap flotilla-app-web in namespace flotilla-system on cluster prod.',
      hint: expect.stringContaining('get on configmaps in namespace flotilla-system'),
    });
  });

  it('says the cluster cannot be reached, when the probe fails or the request does', async () => {
    for (const c of [cluster({ down: true }), cluster({ error: failure('cluster.unreachable') })]) {
      const result = await readRecord(c, 'web');
      expect(!result.ok && result.problems[0]).toMatchObject({
        code: 'history.unreachable',
        message: 'The history of app web could not be read: cluster prod cannot be reached.',
      });
    }
  });
});
