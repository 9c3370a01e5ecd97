/** The cluster strip's row: status, name in its frame colour, freshness, latency, access, labels, error. */
import type { ClusterView } from '../../state/types.js';
import { formatFreshness } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import type { RoleName } from '../themes/roles.js';
import { fitColumns } from './columns.js';
import type { ColumnSpec, PlacedColumn } from './columns.js';
import { cell, layoutCells } from './cells.js';
import type { Cell } from './cells.js';

type ClusterColumn =
  'glyph' | 'name' | 'state' | 'fresh' | 'latency' | 'version' | 'access' | 'labels' | 'detail';

const COLUMNS: readonly ColumnSpec<ClusterColumn>[] = [
  { id: 'glyph', title: '', width: 1, priority: 100 },
  { id: 'name', title: 'CLUSTER', width: 14, priority: 10 },
  { id: 'state', title: 'STATE', width: 11, priority: 9 },
  { id: 'fresh', title: 'SEEN', width: 8, priority: 8, align: 'right' },
  { id: 'latency', title: 'RTT', width: 6, priority: 4, align: 'right' },
  { id: 'version', title: 'VERSION', width: 8, priority: 2 },
  { id: 'access', title: 'ACCESS', width: 9, priority: 5 },
  { id: 'labels', title: 'LABELS', width: 20, priority: 3 },
  { id: 'detail', title: '', width: 12, min: 8, priority: 7, flex: true },
];

/** Columns of the cluster strip for an inner width. */
export function clusterColumns(width: number): PlacedColumn<ClusterColumn>[] {
  return fitColumns(COLUMNS, width);
}

function accessCell(c: ClusterView): Cell {
  if (c.readOnly) return cell('read-only', 'muted');
  if (!c.canWrite) return cell('no-write', 'warning');
  return cell('rw', 'muted');
}

/** Cells of one cluster. `frame` is the cluster's frame role (production red). */
export function clusterCells(
  c: ClusterView,
  columns: readonly PlacedColumn<ClusterColumn>[],
  now: number,
  glyphs: Glyphs,
  frame: RoleName,
): Cell[] {
  const never = c.lastContact === undefined;
  // A stale row is as of the monitor's last report, whatever it said then.
  const state = c.stale
    ? cell('stale', 'warning')
    : c.reachable
      ? cell('up', 'ok')
      : never && !c.lastError
        ? cell('connecting', 'muted')
        : cell('UNREACHABLE', 'danger');
  const glyph = c.reachable
    ? cell(glyphs.reachable, 'ok')
    : never && !c.lastError
      ? cell(glyphs.connecting, 'muted')
      : cell(glyphs.unreachable, 'danger');
  // The age keeps growing while unreachable: it is the age of everything shown for this cluster.
  const fresh = cell(formatFreshness(c.lastContact, now), c.reachable ? 'muted' : 'danger');
  const labels = Object.entries(c.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (!c.reachable && c.lastError) {
    // Why a cluster is down matters more than its labels and version: the error takes their place.
    const head = columns.filter(
      (col) => col.id === 'glyph' || col.id === 'name' || col.id === 'state' || col.id === 'fresh',
    );
    const used = head.reduce((sum, col) => sum + col.width + 1, 0);
    const total = columns.reduce((sum, col) => sum + col.width, 0) + columns.length - 1;
    const error: PlacedColumn<ClusterColumn> = {
      id: 'detail',
      title: '',
      width: Math.max(8, total - used),
      priority: 0,
    };
    return layoutCells(
      [...head, error],
      {
        glyph,
        name: cell(c.name, frame === 'frame.default' ? 'text' : frame),
        state,
        fresh,
        detail: cell(c.lastError, 'danger'),
      },
      glyphs.ellipsis,
    );
  }
  return layoutCells(
    columns,
    {
      glyph,
      name: cell(c.name, frame === 'frame.default' ? 'text' : frame),
      state,
      fresh,
      latency: cell(c.reachable && c.latencyMs !== undefined ? `${Math.round(c.latencyMs)}ms` : '-', 'muted'),
      version: cell(c.apiVersion ?? '-', 'muted'),
      access: accessCell(c),
      labels: cell(labels, 'muted'),
      detail: c.lastError ? cell(c.lastError, c.reachable ? 'warning' : 'danger') : undefined,
    },
    glyphs.ellipsis,
  );
}
