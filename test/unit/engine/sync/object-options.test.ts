import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_OPTIONS } from '../../../../src/engine/config/index.js';
import { resolveSyncOptions } from '../../../../src/engine/config/sync-options.js';
import type { ObjectSyncOptions } from '../../../../src/engine/sync/index.js';
import { objectSyncOptions } from '../../../../src/engine/sync/index.js';
import { obj } from './support.js';

const id = { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'a' };
const resolve = (annotations: Record<string, string>, app = DEFAULT_SYNC_OPTIONS) =>
  objectSyncOptions(obj('ConfigMap', 'a', annotations), id, app);

describe('objectSyncOptions', () => {
  it('starts from the app: server-side apply, validation, prune, foreground; never Force', () => {
    expect(resolve({})).toEqual({
      options: {
        serverSideApply: true,
        replace: false,
        force: false,
        validate: true,
        skipDryRunOnMissingResource: false,
        prune: true,
        pruneLast: false,
        prunePropagationPolicy: 'foreground',
      },
      problems: [],
    });
  });

  it.each<[string, string, Partial<ObjectSyncOptions>]>([
    ['ServerSideApply=false', 'ServerSideApply=false', { serverSideApply: false }],
    ['Replace=true', 'Replace=true', { replace: true }],
    ['Force=true', 'Force=true', { force: true }],
    ['Validate=false', 'Validate=false', { validate: false }],
    ['Prune=false', 'Prune=false', { prune: false }],
    ['Prune=confirm', 'Prune=confirm', { prune: 'confirm' }],
    ['PruneLast=true', 'PruneLast=true', { pruneLast: true }],
    [
      'SkipDryRunOnMissingResource=true',
      'SkipDryRunOnMissingResource=true',
      { skipDryRunOnMissingResource: true },
    ],
    ['a list with blanks', ' Replace=true , Prune=false ', { replace: true, prune: false }],
  ])('%s on the object', (_case, value, want) => {
    const got = resolve({ 'argocd.argoproj.io/sync-options': value });
    expect(got.problems).toEqual([]);
    expect(got.options).toMatchObject(want);
  });

  it("lets the object override the app's options both ways", () => {
    const app = resolveSyncOptions(['Prune=false', 'ServerSideApply=false', 'PrunePropagationPolicy=orphan']);
    const got = resolve({ 'argocd.argoproj.io/sync-options': 'Prune=true,ServerSideApply=true' }, app);
    expect(got.options).toMatchObject({
      prune: true,
      serverSideApply: true,
      prunePropagationPolicy: 'orphan',
    });
  });

  it("lets flotilla's annotation win over Argo CD's", () => {
    const got = resolve({
      'argocd.argoproj.io/sync-options': 'Prune=false',
      'flotilla.dev/sync-options': 'Prune=confirm',
    });
    expect(got.options.prune).toBe('confirm');
  });

  it.each([
    ['Prune=flase', 'sync.bad-object-sync-option', 'stops-sync'],
    ['Replace', 'sync.bad-object-sync-option', 'stops-sync'],
    ['PrunePropagationPolicy=orphan', 'sync.app-only-sync-option', 'warning'],
    ['Frobnicate=true', 'sync.unknown-object-sync-option', 'warning'],
  ])('%s → %s (%s), naming the object and annotation', (value, code, effect) => {
    const got = resolve({ 'argocd.argoproj.io/sync-options': value });
    expect(got.problems).toMatchObject([{ code, effect }]);
    expect(got.problems[0]!.message).toContain('ConfigMap web/a');
    expect(got.problems[0]!.message).toContain('argocd.argoproj.io/sync-options');
  });

  it('accepts Delete=false silently (it is about deleting apps)', () => {
    expect(resolve({ 'argocd.argoproj.io/sync-options': 'Delete=false' }).problems).toEqual([]);
  });
});
