/** Derived fleet data: filtered and grouped app rows, roll-up counts, the app × cluster matrix. */
import { compileFilter } from '../filter.js';
import type { ListModel } from '../list.js';
import { memoizeLast } from '../memo.js';
import { HEALTH_STATUSES, SYNC_STATUSES } from '../types.js';
import type { AppView, ClusterView, Grouping, HealthStatus, SyncStatus, ViewModel } from '../types.js';

/** Counts per status over a set of apps. */
export interface Rollup {
  total: number;
  sync: Record<SyncStatus, number>;
  health: Record<HealthStatus, number>;
}

/** A group header row (not selectable). */
export interface GroupRow {
  kind: 'group';
  key: string;
  label: string;
  rollup: Rollup;
}

/** An app row. */
export interface AppRow {
  kind: 'app';
  key: string;
  app: AppView;
}

/** A row of the app table. */
export type FleetRow = GroupRow | AppRow;

/** The app table: rows in display order plus what the header and cursor need. */
interface FleetRows {
  rows: FleetRow[];
  model: ListModel;
  /** Counts over the apps shown (after filter and cluster scope). */
  rollup: Rollup;
  /** Apps in the fleet, before filtering. */
  total: number;
  filterError?: string;
}

/** An empty roll-up. */
function emptyRollup(): Rollup {
  return {
    total: 0,
    sync: Object.fromEntries(SYNC_STATUSES.map((s) => [s, 0])) as Record<SyncStatus, number>,
    health: Object.fromEntries(HEALTH_STATUSES.map((s) => [s, 0])) as Record<HealthStatus, number>,
  };
}

/** Counts apps per sync and health status. */
function rollupOf(apps: Iterable<AppView>): Rollup {
  const r = emptyRollup();
  for (const a of apps) {
    r.total++;
    r.sync[a.sync]++;
    r.health[a.health]++;
  }
  return r;
}

const searchTextCache = new WeakMap<AppView, string>();

/** The text the `/` filter matches for an app (cached per row object). */
function appSearchText(app: AppView): string {
  let text = searchTextCache.get(app);
  if (text === undefined) {
    text = [
      app.name,
      app.cluster,
      app.namespace,
      app.appSet ?? '',
      app.sync,
      app.health,
      app.revision.ref,
      app.revision.sha.slice(0, 7),
    ].join(' ');
    searchTextCache.set(app, text);
  }
  return text;
}

const byNameThenCluster = (a: AppView, b: AppView): number =>
  compare(a.name, b.name) || compare(a.cluster, b.cluster) || compare(a.id, b.id);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Apps after cluster scope and filter, sorted by name then cluster. */
const visibleApps = memoizeLast(
  (apps: Record<string, AppView>, filterText: string | undefined, scope: string | undefined) => {
    const filter = compileFilter(filterText);
    const list = Object.values(apps).filter(
      (a) => (scope === undefined || a.cluster === scope) && filter.test(appSearchText(a)),
    );
    list.sort(byNameThenCluster);
    return { list, filterError: filter.ok ? undefined : filter.error, total: Object.keys(apps).length };
  },
);

function groupKey(app: AppView, grouping: Grouping): string {
  return grouping === 'cluster' ? app.cluster : (app.appSet ?? '');
}

function groupLabel(key: string, grouping: Grouping): string {
  if (grouping === 'cluster') return key;
  return key === '' ? '(no app set)' : key;
}

const groupedRows = memoizeLast((visible: ReturnType<typeof visibleApps>, grouping: Grouping): FleetRows => {
  const { list, filterError, total } = visible;
  const rollup = rollupOf(list);
  if (grouping === 'none') {
    const rows: FleetRow[] = list.map((app) => ({ kind: 'app', key: app.id, app }));
    return { rows, model: { keys: rows.map((r) => r.key) }, rollup, total, filterError };
  }
  const groups = new Map<string, AppView[]>();
  for (const app of list) {
    const k = groupKey(app, grouping);
    const g = groups.get(k);
    if (g) g.push(app);
    else groups.set(k, [app]);
  }
  // Apps without an app set go last; other groups alphabetically.
  const order = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : compare(a, b)));
  const rows: FleetRow[] = [];
  for (const k of order) {
    const apps = groups.get(k) ?? [];
    rows.push({ kind: 'group', key: `group:${k}`, label: groupLabel(k, grouping), rollup: rollupOf(apps) });
    for (const app of apps) rows.push({ kind: 'app', key: app.id, app });
  }
  return {
    rows,
    model: { keys: rows.map((r) => r.key), selectable: rows.map((r) => r.kind === 'app') },
    rollup,
    total,
    filterError,
  };
});

/** The app table rows for the current filter, cluster scope and grouping (stable reference). */
export function selectFleetRows(state: ViewModel): FleetRows {
  return groupedRows(
    visibleApps(state.apps, state.ui.filters.apps, state.ui.clusterScope),
    state.ui.grouping,
  );
}

/** Clusters sorted by name, filtered by the cluster-strip filter. */
const sortedClusters = memoizeLast(
  (clusters: Record<string, ClusterView>, filterText: string | undefined) => {
    const filter = compileFilter(filterText);
    const list = Object.values(clusters)
      .filter((c) =>
        filter.test(
          `${c.name} ${Object.entries(c.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        ),
      )
      .sort((a, b) => compare(a.name, b.name));
    return {
      list,
      model: { keys: list.map((c) => c.name) } as ListModel,
      filterError: filter.ok ? undefined : filter.error,
    };
  },
);

/** The cluster strip rows (stable reference). */
export function selectClusterRows(state: ViewModel): ReturnType<typeof sortedClusters> {
  return sortedClusters(state.clusters, state.ui.filters.clusters);
}

/** One row of the app × cluster matrix: an app set (or a plain app name) and its app per cluster. */
export interface MatrixRow {
  key: string;
  label: string;
  isAppSet: boolean;
  /** One cell per matrix column; undefined where the row has no app on that cluster. */
  cells: (AppView | undefined)[];
  /** SHA of the newest commit deployed anywhere in the row; cells on another SHA lag behind. */
  newestSha?: string;
}

/** The app × cluster matrix: which revision and status runs where. */
interface Matrix {
  columns: string[];
  rows: MatrixRow[];
  model: ListModel;
  filterError?: string;
}

const healthRank = (h: HealthStatus): number => HEALTH_STATUSES.indexOf(h);

const buildMatrix = memoizeLast(
  (
    visible: ReturnType<typeof visibleApps>,
    clusters: Record<string, ClusterView>,
    scope: string | undefined,
  ): Matrix => {
    const names = new Set(Object.keys(clusters));
    for (const a of visible.list) names.add(a.cluster);
    const columns = [...names].filter((c) => scope === undefined || c === scope).sort(compare);
    const colIndex = new Map(columns.map((c, i) => [c, i]));
    const byRow = new Map<string, MatrixRow>();
    for (const app of visible.list) {
      const key = app.appSet ? `set:${app.appSet}` : `app:${app.name}`;
      let row = byRow.get(key);
      if (!row) {
        row = {
          key,
          label: app.appSet ?? app.name,
          isAppSet: app.appSet !== undefined,
          cells: columns.map(() => undefined),
        };
        byRow.set(key, row);
      }
      const i = colIndex.get(app.cluster);
      if (i === undefined) continue;
      const cur = row.cells[i];
      // Several apps of one set on one cluster: show the worst, so nothing bad hides.
      if (!cur || healthRank(app.health) > healthRank(cur.health)) row.cells[i] = app;
    }
    const rows = [...byRow.values()].sort(
      (a, b) => Number(b.isAppSet) - Number(a.isAppSet) || compare(a.label, b.label),
    );
    for (const row of rows) row.newestSha = newestSha(row.cells);
    return { columns, rows, model: { keys: rows.map((r) => r.key) }, filterError: visible.filterError };
  },
);

function newestSha(cells: readonly (AppView | undefined)[]): string | undefined {
  let best: AppView | undefined;
  for (const c of cells)
    if (c && (!best || (c.revision.commitTime ?? 0) > (best.revision.commitTime ?? 0))) best = c;
  return best?.revision.sha;
}

/** The matrix for the current filter and cluster scope (stable reference). */
export function selectMatrix(state: ViewModel): Matrix {
  return buildMatrix(
    visibleApps(state.apps, state.ui.filters.apps, state.ui.clusterScope),
    state.clusters,
    state.ui.clusterScope,
  );
}

/** Whether a cluster counts as production: as the fleet file says (`production`, or settings.productionClusters),
 * else by its labels (`env: prod` or `production`). */
export function isProductionCluster(cluster: ClusterView | undefined): boolean {
  if (cluster?.production !== undefined) return cluster.production;
  const env = cluster?.labels.env ?? cluster?.labels.environment;
  return env === 'prod' || env === 'production';
}
