import { describe, expect, it } from 'vitest';
import { normalizeObject } from '../../../../src/engine/diff/index.js';
import { load } from './support.js';

describe('normalizeObject', () => {
  it('removes server-set metadata, tool annotations and status', () => {
    const live = load('deployment.live.yaml');
    live.metadata.selfLink = '/apis/apps/v1/namespaces/shop/deployments/web';
    live.metadata.deletionGracePeriodSeconds = 30;
    live.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration'] = '{"kind":"Deployment"}';
    live.metadata.annotations!['team'] = 'payments';
    // Written by every sync with the commit it applied: a new commit must not make the object differ.
    live.metadata.annotations!['flotilla.dev/revision'] = '0123456789abcdef0123456789abcdef01234567';

    const n = normalizeObject(live);

    for (const field of [
      'managedFields',
      'resourceVersion',
      'uid',
      'generation',
      'creationTimestamp',
      'selfLink',
      'deletionGracePeriodSeconds',
    ]) {
      expect(n.metadata).not.toHaveProperty(field);
    }
    expect(n.metadata.annotations).toEqual({
      'flotilla.dev/tracking-id': 'shop:apps/Deployment:shop/web',
      team: 'payments',
    });
    expect(n).not.toHaveProperty('status');
    expect((n.spec as { template: { metadata: object } }).template.metadata).not.toHaveProperty(
      'creationTimestamp',
    );
    // The input is left alone: normalisation works on a copy.
    expect(live.metadata.uid).toBeDefined();
    expect(live.status).toBeDefined();
  });

  it('drops an annotation map left empty, so absent and empty compare equal', () => {
    const n = normalizeObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', annotations: { 'deployment.kubernetes.io/revision': '3' }, labels: {} },
    });
    expect(n.metadata).toEqual({ name: 'a' });
  });

  it('folds Secret stringData into base64 data, stringData winning, null values as empty', () => {
    const n = normalizeObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'b2xk', c: null },
      stringData: { a: 'new' },
    });
    expect(n.data).toEqual({ a: Buffer.from('new').toString('base64'), c: '' });
    expect(n).not.toHaveProperty('stringData');
  });

  it('drops status of custom resources too', () => {
    const n = normalizeObject({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1 },
      status: { phase: 'Ready' },
    });
    expect(n).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1 },
    });
  });
});
