import { describe, expect, it } from 'vitest';
import { isSelected, parseResourceSelector } from '../../../../src/engine/sync/index.js';

describe('parseResourceSelector', () => {
  it.each([
    ['/Service/web/api', { group: '', kind: 'Service', namespace: 'web', name: 'api' }],
    ['apps/Deployment/web/api', { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'api' }],
    [
      'rbac.authorization.k8s.io/ClusterRole//reader',
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'reader' },
    ],
  ])('%s', (text, selector) => {
    expect(parseResourceSelector(text)).toEqual({ ok: true, value: selector });
  });

  it.each(['Service/api', 'apps/Deployment/web/api/x', '/Service/web/', '//web/api', ''])(
    'refuses %j with a hint',
    (text) => {
      const got = parseResourceSelector(text);
      expect(got.ok).toBe(false);
      if (!got.ok) {
        expect(got.problems[0]!.code).toBe('sync.bad-resource-selector');
        expect(got.problems[0]!.message).toContain(`"${text}"`);
        expect(got.problems[0]!.hint).toContain('/Service/web/api');
      }
    },
  );
});

describe('isSelected', () => {
  const api = { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'web', name: 'api' };
  it.each([
    [{ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'api' }, true],
    [{ group: '', kind: 'Deployment', namespace: 'web', name: 'api' }, false],
    [{ group: 'apps', kind: 'Deployment', namespace: 'db', name: 'api' }, false],
    [{ group: 'apps', kind: 'StatefulSet', namespace: 'web', name: 'api' }, false],
  ])('%j → %s', (selector, want) => {
    expect(isSelected([selector], api)).toBe(want);
  });
});
