import { describe, expect, it } from 'vitest';
import { parseSyncArgs, type SyncArgs } from '../../../src/cli/sync-args.js';

function parsed(args: string[]): SyncArgs {
  const r = parseSyncArgs(args);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.value;
}

function refused(args: string[]): string[] {
  const r = parseSyncArgs(args);
  if (r.ok) throw new Error(`accepted ${args.join(' ')}`);
  return r.problems.map((p) => p.message);
}

describe('parseSyncArgs', () => {
  it('asks for a plain sync by default', () => {
    expect(parsed(['shop'])).toEqual({
      apps: ['shop'],
      readonly: false,
      json: false,
      diff: false,
      request: { prune: false, dryRun: false, force: false, replace: false, wait: false, waitLock: false },
    });
  });

  it('carries every option into the request', () => {
    const args = parsed([
      'shop',
      '--prune',
      '--confirm-prune',
      'Namespace/shop',
      '--confirm-prune',
      'ConfigMap/shop/old',
      '--force',
      '--replace',
      '--only-out-of-sync',
      '--resource',
      '/ConfigMap/shop/a',
      '--resource',
      'rbac.authorization.k8s.io/ClusterRole//reader',
      '--wait',
      '--timeout',
      '1h30m',
      '--wait-lock',
      '-o',
      'json',
      '--config',
      'fleet.yaml',
      '--readonly',
    ]);
    expect(args).toEqual({
      apps: ['shop'],
      config: 'fleet.yaml',
      readonly: true,
      json: true,
      diff: false,
      request: {
        prune: true,
        confirmPrune: ['Namespace/shop', 'ConfigMap/shop/old'],
        dryRun: false,
        force: true,
        replace: true,
        onlyOutOfSync: true,
        resources: [
          { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'a' },
          { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'reader' },
        ],
        wait: true,
        timeoutMs: 5_400_000,
        waitLock: true,
      },
    });
  });

  it('keeps the apps in the order named', () => {
    expect(parsed(['db', 'web', 'cache']).apps).toEqual(['db', 'web', 'cache']);
  });

  it('shows diffs for a dry run, and with --diff', () => {
    expect(parsed(['shop', '--dry-run']).diff).toBe(true);
    expect(parsed(['shop', '--dry-run']).request.dryRun).toBe(true);
    expect(parsed(['shop', '--diff']).diff).toBe(true);
  });

  it('turns a confirmation of all into all, whatever else is given', () => {
    expect(
      parsed(['shop', '--prune', '--confirm-prune', 'Namespace/x', '--confirm-prune', 'all']).request
        .confirmPrune,
    ).toBe('all');
  });

  it('refuses a sync without an app', () => {
    expect(refused([])).toEqual(['Name the app to sync.']);
  });

  it('refuses a selector that is not GROUP/KIND/NAMESPACE/NAME, naming it', () => {
    expect(refused(['shop', '--resource', 'ConfigMap/a'])).toEqual([
      '--resource: "ConfigMap/a" does not name a resource as GROUP/KIND/NAMESPACE/NAME.',
    ]);
  });

  it('refuses --resource with several apps', () => {
    expect(refused(['a', 'b', '--resource', '/ConfigMap/x/y'])).toEqual([
      '--resource picks resources of one app, but several apps were named.',
    ]);
  });

  it('refuses a bad duration', () => {
    expect(refused(['shop', '--timeout', '10'])).toEqual(['--timeout "10" is not a duration.']);
  });

  it('refuses confirmations without --prune and tokens of the wrong shape', () => {
    expect(refused(['shop', '--confirm-prune', 'Namespace'])).toEqual([
      '--confirm-prune confirms prunes, but --prune was not given.',
      '--confirm-prune "Namespace" is not Kind/name, Kind/namespace/name or all.',
    ]);
    expect(
      refused(['shop', '--prune', '--confirm-prune', 'a/b/c/d', '--confirm-prune', 'Kind//x']),
    ).toHaveLength(2);
  });

  it('refuses an unknown output format and unknown options', () => {
    expect(refused(['shop', '-o', 'yaml'])).toEqual(['-o must be text or json, not "yaml".']);
    expect(refused(['shop', '--purne'])[0]).toContain("Unknown option '--purne'");
  });

  it('reports every mistake at once', () => {
    expect(refused(['-o', 'x', '--timeout', '5'])).toHaveLength(3);
  });
});
