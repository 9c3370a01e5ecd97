import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  createFlotillaStore,
  openApp,
  selectClusterRows,
  selectEventRows,
  selectFleetRows,
  selectMatrix,
  selectTreeRows,
  setClusterScope,
  setFilter,
  setGrouping,
  toggleExpanded,
  markChildrenLoading,
} from '../../../src/state/index.js';
import type { FlotillaStore } from '../../../src/state/index.js';
import { apps, clusters, deploymentChildren, events, tree } from '../../fixtures/ui/fleet.js';

function fleetStore(): FlotillaStore {
  const store = createFlotillaStore();
  applyPatch(store, [
    { kind: 'clusters', upsert: clusters },
    { kind: 'apps', upsert: apps },
  ]);
  return store;
}

const appNames = (store: FlotillaStore): string[] =>
  selectFleetRows(store.getState()).rows.flatMap((r) => (r.kind === 'app' ? [r.app.name] : [`[${r.label}]`]));

describe('fleet selectors', () => {
  it('sorts apps by name and rolls up counts', () => {
    const store = fleetStore();
    expect(appNames(store)).toEqual([
      'billing',
      'guestbook-dev',
      'guestbook-prod-eu',
      'guestbook-staging',
      'ledger',
    ]);
    const { rollup } = selectFleetRows(store.getState());
    expect(rollup.total).toBe(5);
    expect(rollup.sync).toMatchObject({ Synced: 3, OutOfSync: 1, Unknown: 1 });
    expect(rollup.health).toMatchObject({ Healthy: 2, Progressing: 1, Degraded: 1, Unknown: 1 });
  });

  it('returns the same reference while inputs are unchanged', () => {
    const store = fleetStore();
    const a = selectFleetRows(store.getState());
    store.setState((s) => ({ ...s, alerts: [] }));
    expect(selectFleetRows(store.getState())).toBe(a);
  });

  it('filters by regex, inverts with !, and reports an invalid regex without filtering', () => {
    const store = fleetStore();
    store.setState((s) => setFilter(s, 'apps', 'guest.*(dev|staging)'));
    expect(appNames(store)).toEqual(['guestbook-dev', 'guestbook-staging']);
    store.setState((s) => setFilter(s, 'apps', '!guestbook'));
    expect(appNames(store)).toEqual(['billing', 'ledger']);
    store.setState((s) => setFilter(s, 'apps', 'Degraded'));
    expect(appNames(store)).toEqual(['billing']);
    store.setState((s) => setFilter(s, 'apps', 'guest('));
    const rows = selectFleetRows(store.getState());
    expect(rows.filterError).toMatch(/^invalid regex/);
    expect(rows.rows).toHaveLength(5);
  });

  it('scopes to one cluster', () => {
    const store = fleetStore();
    store.setState((s) => setClusterScope(s, 'staging'));
    expect(appNames(store)).toEqual(['guestbook-staging', 'ledger']);
  });

  it('groups by cluster and by app set with non-selectable headers', () => {
    const store = fleetStore();
    store.setState((s) => setGrouping(s, 'cluster'));
    expect(appNames(store)).toEqual([
      '[dev]',
      'guestbook-dev',
      '[prod-eu]',
      'billing',
      'guestbook-prod-eu',
      '[staging]',
      'guestbook-staging',
      'ledger',
    ]);
    expect(selectFleetRows(store.getState()).model.selectable?.slice(0, 2)).toEqual([false, true]);
    store.setState((s) => setGrouping(s, 'appSet'));
    expect(appNames(store)).toEqual([
      '[guestbook]',
      'guestbook-dev',
      'guestbook-prod-eu',
      'guestbook-staging',
      '[(no app set)]',
      'billing',
      'ledger',
    ]);
  });

  it('builds the app × cluster matrix with the newest revision per row', () => {
    const m = selectMatrix(fleetStore().getState());
    expect(m.columns).toEqual(['dev', 'prod-eu', 'staging']);
    const guestbook = m.rows[0]!;
    expect(guestbook).toMatchObject({ label: 'guestbook', isAppSet: true });
    expect(guestbook.cells.map((c) => c?.name)).toEqual([
      'guestbook-dev',
      'guestbook-prod-eu',
      'guestbook-staging',
    ]);
    expect(guestbook.newestSha).toBe('ffeeddccbbaa00998877665544332211ffeeddcc');
    expect(m.rows.map((r) => r.label)).toEqual(['guestbook', 'billing', 'ledger']);
  });

  it('lists clusters sorted and filterable by label', () => {
    const store = fleetStore();
    expect(selectClusterRows(store.getState()).list.map((c) => c.name)).toEqual([
      'dev',
      'prod-eu',
      'staging',
    ]);
    store.setState((s) => setFilter(s, 'clusters', 'env=prod'));
    expect(selectClusterRows(store.getState()).list.map((c) => c.name)).toEqual(['prod-eu']);
  });
});

describe('detail selectors', () => {
  it('flattens the expanded tree with a loading placeholder, then children', () => {
    const store = createFlotillaStore();
    store.setState((s) => openApp(s, 'a'));
    applyPatch(store, { kind: 'appDetail', app: 'a', status: 'ready', resources: tree, events });
    const key = tree[0]!.key;
    store.setState((s) => markChildrenLoading(toggleExpanded(s, key), key));
    expect(selectTreeRows(store.getState()).rows.map((r) => (r.loading ? 'loading' : r.node?.kind))).toEqual([
      'Deployment',
      'loading',
      'Service',
    ]);
    applyPatch(store, { kind: 'resourceChildren', app: 'a', resource: key, children: deploymentChildren });
    const rows = selectTreeRows(store.getState()).rows;
    expect(rows.map((r) => [r.node?.kind, r.depth])).toEqual([
      ['Deployment', 0],
      ['ReplicaSet', 1],
      ['Service', 0],
    ]);
  });

  it('puts warnings first, then newest first', () => {
    const store = createFlotillaStore();
    store.setState((s) => openApp(s, 'a'));
    applyPatch(store, { kind: 'appDetail', app: 'a', events });
    const rows = selectEventRows(store.getState());
    expect(rows.rows.map((e) => e.reason)).toEqual(['BackOff', 'Pulled', 'ScalingReplicaSet']);
    expect(rows.warnings).toBe(1);
  });
});
