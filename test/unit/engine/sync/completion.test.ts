import { describe, expect, it } from 'vitest';
import { currentCopy, hookCompletion, resourceCompletion } from '../../../../src/engine/sync/completion.js';
import type { KubeObject } from '../../../../src/engine/objects.js';

const deployment = (generation: number, observed: number, uid = 'u1'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid, generation },
  spec: { replicas: 1 },
  status: {
    observedGeneration: observed,
    replicas: 1,
    updatedReplicas: 1,
    availableReplicas: 1,
    readyReplicas: 1,
  },
});
const job = (status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: 'shop', uid: 'j1', generation: 1 },
  spec: {},
  status,
});
const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'c1' } };

describe('currentCopy', () => {
  it('ignores a watched copy of an older generation or another incarnation', () => {
    const applied = deployment(3, 2);
    expect(currentCopy({ applied, latest: deployment(2, 2), gone: false })).toBe(applied);
    expect(currentCopy({ applied, latest: deployment(3, 3, 'other'), gone: false })).toBe(applied);
    const fresh = deployment(3, 3);
    expect(currentCopy({ applied, latest: fresh, gone: false })).toBe(fresh);
  });
});

describe('resourceCompletion', () => {
  it('runs until the controller observed the applied generation, even when the stale copy looked healthy', () => {
    const applied = deployment(3, 2);
    expect(resourceCompletion({ applied, latest: deployment(2, 2), gone: false }).state).toBe('running');
    expect(resourceCompletion({ applied, latest: deployment(3, 3), gone: false }).state).toBe('succeeded');
  });

  it('counts a kind without a health rule as done, and a deleted object as failed', () => {
    expect(resourceCompletion({ applied: configMap, latest: undefined, gone: false }).state).toBe(
      'succeeded',
    );
    expect(resourceCompletion({ applied: configMap, latest: undefined, gone: true })).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('deleted'),
    });
  });
});

describe('hookCompletion', () => {
  it('follows the Job: running, then succeeded or failed with its reason', () => {
    const applied = job({});
    expect(hookCompletion({ applied, latest: job({ active: 1 }), gone: false }).state).toBe('running');
    const complete = job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] });
    expect(hookCompletion({ applied, latest: complete, gone: false }).state).toBe('succeeded');
    const failed = job({
      failed: 1,
      conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'too many' }],
    });
    expect(hookCompletion({ applied, latest: failed, gone: false })).toMatchObject({ state: 'failed' });
  });

  it('fails a hook deleted before it finished instead of waiting on', () => {
    expect(hookCompletion({ applied: job({ active: 1 }), latest: undefined, gone: true })).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('deleted by someone else'),
    });
  });
});
