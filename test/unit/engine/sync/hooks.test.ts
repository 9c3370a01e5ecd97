import { describe, expect, it } from 'vitest';
import type { HookSpec } from '../../../../src/engine/sync/index.js';
import { hookName, hookSpecOf } from '../../../../src/engine/sync/index.js';
import { obj } from './support.js';

const id = { group: '', version: 'v1', kind: 'Pod', namespace: 'web', name: 'hook' };
const hook = (phases: string[]): HookSpec => ({
  kind: 'hook',
  phases: phases as Extract<HookSpec, { kind: 'hook' }>['phases'],
  deletePolicies: ['BeforeHookCreation'],
});

describe('hookSpecOf', () => {
  it.each<[string, Record<string, string>, unknown]>([
    ['no annotation', {}, { kind: 'resource' }],
    ['PreSync', { 'argocd.argoproj.io/hook': 'PreSync' }, hook(['PreSync'])],
    [
      'a comma list with blanks, in phase order',
      { 'argocd.argoproj.io/hook': 'PostSync , PreSync' },
      hook(['PreSync', 'PostSync']),
    ],
    ['Sync and SyncFail', { 'argocd.argoproj.io/hook': 'SyncFail,Sync' }, hook(['Sync', 'SyncFail'])],
    ['Skip alone', { 'argocd.argoproj.io/hook': 'Skip' }, { kind: 'skip' }],
    [
      'Skip with a phase runs in that phase',
      { 'argocd.argoproj.io/hook': 'Skip,PreSync' },
      hook(['PreSync']),
    ],
    [
      'app-deletion hooks',
      { 'argocd.argoproj.io/hook': 'PreDelete' },
      { kind: 'not-for-sync', types: ['PreDelete'] },
    ],
    ['Helm pre-install and pre-upgrade', { 'helm.sh/hook': 'pre-install,pre-upgrade' }, hook(['PreSync'])],
    ['Helm post-upgrade', { 'helm.sh/hook': 'post-upgrade' }, hook(['PostSync'])],
    ['Helm test', { 'helm.sh/hook': 'test' }, { kind: 'not-for-sync', types: ['test'] }],
    ['Helm pre-delete', { 'helm.sh/hook': 'pre-delete' }, { kind: 'not-for-sync', types: ['pre-delete'] }],
    ['Helm crd-install is a plain resource', { 'helm.sh/hook': 'crd-install' }, { kind: 'resource' }],
    [
      'Argo CD wins over Helm',
      { 'argocd.argoproj.io/hook': 'PostSync', 'helm.sh/hook': 'pre-install' },
      hook(['PostSync']),
    ],
  ])('%s', (_case, annotations, spec) => {
    const got = hookSpecOf(obj('Pod', 'hook', annotations), id);
    expect(got.spec).toEqual(spec);
    expect(got.problems).toEqual([]);
  });

  it.each([
    ['a misspelt phase', 'Presync', '"Presync"'],
    ['an empty value', '', 'names no hook type'],
  ])('stops the sync on %s, naming the object and annotation', (_case, value, fragment) => {
    const got = hookSpecOf(obj('Pod', 'hook', { 'argocd.argoproj.io/hook': value }), id);
    expect(got.spec.kind).toBe('not-for-sync');
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatchObject({ code: 'sync.bad-hook', effect: 'stops-sync' });
    expect(got.problems[0]!.message).toContain('Pod web/hook');
    expect(got.problems[0]!.message).toContain('argocd.argoproj.io/hook');
    expect(got.problems[0]!.message).toContain(fragment);
  });
});

describe('hook delete policies', () => {
  const policies = (annotations: Record<string, string>) => {
    const got = hookSpecOf(obj('Pod', 'hook', { 'argocd.argoproj.io/hook': 'PostSync', ...annotations }), id);
    return { spec: got.spec.kind === 'hook' ? got.spec.deletePolicies : undefined, problems: got.problems };
  };

  it.each<[string, Record<string, string>, string[]]>([
    ['none given: BeforeHookCreation', {}, ['BeforeHookCreation']],
    ['HookSucceeded', { 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' }, ['HookSucceeded']],
    [
      'a list',
      { 'argocd.argoproj.io/hook-delete-policy': 'HookFailed, HookSucceeded' },
      ['HookSucceeded', 'HookFailed'],
    ],
    [
      'Helm names mapped',
      { 'helm.sh/hook-delete-policy': 'hook-failed,before-hook-creation' },
      ['BeforeHookCreation', 'HookFailed'],
    ],
    [
      'both annotations together',
      {
        'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
        'helm.sh/hook-delete-policy': 'hook-succeeded',
      },
      ['HookSucceeded'],
    ],
  ])('%s', (_case, annotations, want) => {
    expect(policies(annotations)).toEqual({ spec: want, problems: [] });
  });

  it('warns about an unknown policy and ignores it', () => {
    const got = policies({ 'argocd.argoproj.io/hook-delete-policy': 'OnSuccess' });
    expect(got.spec).toEqual(['BeforeHookCreation']);
    expect(got.problems).toMatchObject([{ code: 'sync.bad-hook-delete-policy', effect: 'warning' }]);
    expect(got.problems[0]!.message).toContain('"OnSuccess"');
  });
});

describe('hookName', () => {
  it.each([
    ['migrate-', 'ABCDEF0123456789', 'PreSync', 1_700_000_000, 'migrate-abcdef0-presync-1700000000'],
    ['hook-', 'abc', 'PostSync', 5.9, 'hook-abc-postsync-5'],
    ['Job-', '0123456789', 'SyncFail', 1, 'job-0123456-syncfail-1'],
  ] as const)('%s %s %s %d → %s', (generateName, revision, phase, startedAt, name) => {
    expect(hookName(generateName, revision, phase, startedAt)).toBe(name);
  });
});
