/** The app table's header and rows (k9s render/dp.go style: a declared header, a pure row function). */
import type { AppView, AutoSyncPolicy, OperationView } from '../../state/types.js';
import type { Rollup } from '../../state/selectors/fleet.js';
import { HEALTH_STATUSES, SYNC_STATUSES } from '../../state/types.js';
import { formatAge, shortSha } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { healthRole, syncRole } from '../themes/roles.js';
import type { RoleName } from '../themes/roles.js';
import { fitColumns } from './columns.js';
import type { ColumnSpec, PlacedColumn } from './columns.js';
import { cell, layoutCells } from './cells.js';
import type { Cell } from './cells.js';

/** Column ids of the app table. */
export type AppColumn =
  'app' | 'cluster' | 'namespace' | 'sync' | 'health' | 'revision' | 'age' | 'drift' | 'auto' | 'op';

/** The app table header, widest first; narrow terminals drop the lowest priorities. */
const APP_COLUMNS: readonly ColumnSpec<AppColumn>[] = [
  { id: 'app', title: 'APP', width: 24, min: 14, priority: 100, flex: true },
  { id: 'cluster', title: 'CLUSTER', width: 10, priority: 9 },
  { id: 'namespace', title: 'NAMESPACE', width: 10, priority: 2 },
  { id: 'sync', title: 'SYNC', width: 11, priority: 10 },
  { id: 'health', title: 'HEALTH', width: 13, priority: 11 },
  { id: 'revision', title: 'REVISION', width: 14, priority: 7 },
  { id: 'age', title: 'AGE', width: 4, priority: 4, align: 'right' },
  { id: 'drift', title: 'DRIFT', width: 5, priority: 6, align: 'right' },
  { id: 'auto', title: 'AUTO', width: 7, priority: 3 },
  // The last operation's result in one mark: narrow enough to stay at 80 columns.
  { id: 'op', title: 'OP', width: 2, priority: 5 },
];

/** Columns of the app table for an inner width. */
export function appColumns(width: number): PlacedColumn<AppColumn>[] {
  return fitColumns(APP_COLUMNS, width);
}

/** Short words for an auto-sync policy and what automation does now. */
export function autoSyncLabel(p: AutoSyncPolicy): string {
  if (p.pausedReason) return 'paused';
  if (!p.enabled) return 'off';
  if (p.activity) return p.activity;
  if (p.syncError) return p.nextAttemptAt !== undefined ? 'retry' : 'failed';
  return p.prune ? (p.selfHeal ? 'auto+ph' : 'auto+p') : p.selfHeal ? 'auto+h' : 'auto';
}

/** The role of the auto-sync label: a pause or a retry warns, a failure alarms, a running attempt shows. */
export function autoSyncRole(p: AutoSyncPolicy): RoleName {
  if (p.pausedReason) return 'warning';
  if (!p.enabled) return 'muted';
  if (p.activity) return 'accent';
  if (p.syncError) return p.nextAttemptAt !== undefined ? 'warning' : 'danger';
  return 'muted';
}

/** One line about automation for an app's detail header: who paused it and why, the sync error and
 * when the next attempt is due; empty when there is nothing to say. */
export function automationDetail(p: AutoSyncPolicy, now: number): string {
  if (p.pausedReason) return p.pausedReason;
  const parts: string[] = [];
  if (p.syncError) parts.push(`sync error: ${p.syncError}`);
  if (p.nextAttemptAt !== undefined)
    parts.push(`next attempt in ${formatAge(Math.max(0, p.nextAttemptAt - now))}`);
  if (p.enabled && p.observing) parts.push('this flotilla does not auto-sync');
  return parts.join('; ');
}

/** The app's name, after a bulk mark and a paused auto-sync marker (on the name: the AUTO column is the first
 * to go at 80 columns). */
function appNameCells(app: AppView, glyphs: Glyphs, marked: boolean, role: RoleName): Cell | Cell[] {
  const before: Cell[] = [];
  if (marked) before.push(cell(`${glyphs.mark} `, 'accent'));
  if (app.autoSync.pausedReason) before.push(cell(`${glyphs.paused} `, 'warning'));
  return before.length === 0 ? cell(app.name, role) : [...before, cell(app.name, role)];
}

/** The mark of an app's running or last operation, in its role; blank when there was none. */
export function operationMark(
  op: OperationView | undefined,
  glyphs: Glyphs,
): { text: string; role: RoleName } {
  if (!op) return { text: '', role: 'muted' };
  switch (op.phase) {
    case 'Running':
      return { text: glyphs.health.Progressing, role: 'health.progressing' };
    case 'Succeeded':
      return { text: glyphs.health.Healthy, role: op.dryRun ? 'muted' : 'ok' };
    case 'Failed':
      return { text: glyphs.health.Degraded, role: 'danger' };
    case 'Interrupted':
    case 'Refused':
      return { text: glyphs.warning, role: 'warning' };
  }
}

/** Cells of one app; `operation`: its running or last operation, shown as a mark. `marked`: marked for a bulk
 * sync (a mark before the name). `stale`: its cluster is unreachable or the monitor is down, so its status is as of
 * the last report. `repoStale`: its repo's polls fail, so it was compared with the repo's last good commit. */
export function appCells(
  app: AppView,
  columns: readonly PlacedColumn<AppColumn>[],
  now: number,
  glyphs: Glyphs,
  opts: {
    stale: boolean;
    clusterRole: RoleName;
    repoStale?: boolean;
    operation?: OperationView;
    marked?: boolean;
  },
): Cell[] {
  const mark = operationMark(opts.operation, glyphs);
  const muted = (role: RoleName): RoleName => (opts.stale ? 'muted' : role);
  const commitTime = app.revision.commitTime;
  return layoutCells(
    columns,
    {
      app: appNameCells(app, glyphs, opts.marked === true, muted('text')),
      cluster: opts.stale
        ? [cell(glyphs.unreachable, 'danger'), cell(app.cluster, 'muted')]
        : cell(app.cluster, opts.clusterRole),
      namespace: cell(app.namespace, 'muted'),
      sync: cell(`${glyphs.sync[app.sync]} ${app.sync}`, muted(syncRole(app.sync))),
      health: cell(`${glyphs.health[app.health]} ${app.health}`, muted(healthRole(app.health))),
      revision: [
        ...(opts.repoStale ? [cell(glyphs.warning, 'warning')] : []),
        cell(shortSha(app.revision.sha), opts.repoStale ? 'warning' : muted('accent')),
        cell(` ${app.revision.ref}`, 'muted'),
      ],
      age: cell(commitTime === undefined ? '-' : formatAge(now - commitTime), 'muted'),
      drift: cell(
        app.driftCount === 0 ? '-' : String(app.driftCount),
        app.driftCount === 0 ? 'muted' : muted('warning'),
      ),
      auto: cell(autoSyncLabel(app.autoSync), autoSyncRole(app.autoSync)),
      op: cell(mark.text, mark.role),
    },
    glyphs.ellipsis,
  );
}

/** Roll-up counts as cells: only statuses that occur, each in its role. */
export function rollupCells(rollup: Rollup, glyphs: Glyphs): Cell[] {
  // Words without glyphs: the line must fit 80 columns with every status present.
  const out: Cell[] = [cell(`${rollup.total} apps`, 'text')];
  for (const s of SYNC_STATUSES)
    if (rollup.sync[s] > 0) out.push(cell(' '), cell(`${s} ${rollup.sync[s]}`, syncRole(s)));
  out.push(cell(` ${glyphs.separator}`, 'muted'));
  for (const h of HEALTH_STATUSES)
    if (rollup.health[h] > 0) out.push(cell(' '), cell(`${h} ${rollup.health[h]}`, healthRole(h)));
  return out;
}
