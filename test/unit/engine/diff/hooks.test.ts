/** Which objects the comparison leaves to a sync's hook phases. */
import { describe, expect, it } from 'vitest';
import { isHook } from '../../../../src/engine/diff/tracking.js';
import type { KubeObject } from '../../../../src/engine/objects.js';

const withAnnotations = (annotations: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', annotations },
});

describe('isHook', () => {
  it.each([
    [{ 'argocd.argoproj.io/hook': 'PreSync' }, true],
    [{ 'helm.sh/hook': 'pre-install' }, true],
    [{ 'helm.sh/hook': 'crd-install,pre-upgrade' }, true],
    // Helm's crd-install marks a plain CRD, compared like any other object (as Argo CD does).
    [{ 'helm.sh/hook': 'crd-install' }, false],
    [{ 'helm.sh/hook': ' crd-install ' }, false],
    [{}, false],
  ])('%j → %s', (annotations, expected) => {
    expect(isHook(withAnnotations(annotations))).toBe(expected);
  });
});
