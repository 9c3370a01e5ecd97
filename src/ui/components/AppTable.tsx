/** The app table: roll-up counts, header, and only the visible rows (5,000 apps scroll as fast as 50). */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import { selectFleetRows } from '../../state/selectors/fleet.js';
import type { FleetRow } from '../../state/selectors/fleet.js';
import { isRepoStale } from '../../state/selectors/repos.js';
import type { ClusterView, OperationView, RepoView } from '../../state/types.js';
import { useGlyphs, useNow, useTheme, useView } from '../context.js';
import type { Glyphs } from '../glyphs.js';
import { appCells, appColumns, rollupCells } from '../render/app-row.js';
import type { AppColumn } from '../render/app-row.js';
import type { PlacedColumn } from '../render/columns.js';
import { cell, headerCells, sameCells } from '../render/cells.js';
import type { Cell } from '../render/cells.js';
import { createRowCache } from '../render/row-cache.js';
import type { RowCache } from '../render/row-cache.js';
import type { Theme } from '../themes/theme.js';
import { frameRoleFor } from '../themes/theme.js';
import { Row } from './Row.js';
import { scrollInfo } from './Title.js';
import { Line } from './Span.js';

/** Props of AppTable. */
interface AppTableProps {
  /** Width of the frame around the table. */
  width: number;
  rows: number;
  focused: boolean;
}

/** The rows of the app table (the frame and title are the Fleet pane's). */
export function AppTable({ width, rows, focused }: AppTableProps): ReactNode {
  const fleet = useView(selectFleetRows);
  const listState = useView((s) => s.ui.lists.apps);
  const clusters = useView((s) => s.clusters);
  const repos = useView((s) => s.repos);
  const operations = useView((s) => s.operations);
  const selection = useView((s) => s.ui.selection);
  const marks = Object.keys(selection).length;
  const glyphs = useGlyphs();
  const theme = useTheme();
  const now = useNow();
  const [cache] = useState(() => createRowCache<Cell[]>({ same: sameCells }));
  const columns = useMemo(() => appColumns(width - 4), [width]);
  const header = useMemo(() => headerCells(columns, glyphs.ellipsis), [columns, glyphs]);
  const win = cursorWindow(fleet.model, listState, rows);
  const scroll = scrollInfo(win.start, win.end, fleet.rows.length) ?? '';
  const summary = useMemo(
    () => [
      ...rollupCells(fleet.rollup, glyphs),
      ...(marks > 0 ? [cell(`  ${glyphs.mark} ${marks} marked`, 'accent')] : []),
      cell(`  ${scroll}`, 'muted'),
    ],
    [fleet.rollup, glyphs, scroll, marks],
  );
  const known = { clusters, repos, operations, selection };
  return (
    <>
      <Row cells={summary} gutter={false} />
      <Row cells={header} />
      {fleet.rows.length === 0 ? (
        <Line role="muted">
          {fleet.total === 0 ? '  waiting for the first status from the engine…' : '  no app matches'}
        </Line>
      ) : null}
      {fleet.rows.slice(win.start, win.end).map((row, i) => (
        <Row
          key={i}
          cells={cachedRowCells(cache, row, { columns, now, glyphs, theme, known })}
          selected={focused && win.start + i === win.index}
        />
      ))}
    </>
  );
}

/** What a fleet row is drawn from besides the row itself. */
interface RowContext {
  columns: readonly PlacedColumn<AppColumn>[];
  now: number;
  glyphs: Glyphs;
  theme: Theme;
  known: {
    clusters: Record<string, ClusterView>;
    repos: Record<string, RepoView>;
    operations: Record<string, OperationView>;
    selection: Record<string, true>;
  };
}

/**
 * A row's cells from the cache. The inputs list everything that can change an app row: its app
 * (auto-sync pause included), its cluster and repo, its operation and selection mark, the columns,
 * the clock, glyphs and theme. A part that adds a mark to the row from elsewhere adds that here.
 */
function cachedRowCells(cache: RowCache<Cell[]>, row: FleetRow, ctx: RowContext): Cell[] {
  const { columns, now, glyphs, theme, known } = ctx;
  if (row.kind === 'group')
    return cache.get(`group:${row.label}`, [row, glyphs], () =>
      rowCells(row, columns, now, glyphs, known, theme),
    );
  const { app } = row;
  const inputs = [
    app,
    known.clusters[app.cluster],
    app.repo === undefined ? undefined : known.repos[app.repo],
    known.operations[app.id],
    known.selection[app.id],
    columns,
    now,
    glyphs,
    theme,
  ];
  return cache.get(`app:${app.id}`, inputs, () => rowCells(row, columns, now, glyphs, known, theme));
}

function rowCells(
  row: FleetRow,
  columns: readonly PlacedColumn<AppColumn>[],
  now: number,
  glyphs: Glyphs,
  known: {
    clusters: Record<string, ClusterView>;
    repos: Record<string, RepoView>;
    operations: Record<string, OperationView>;
    selection: Record<string, true>;
  },
  theme: Theme,
): Cell[] {
  if (row.kind === 'group') {
    const bad = row.rollup.health.Degraded + row.rollup.health.Missing;
    const oos = row.rollup.sync.OutOfSync;
    return [
      cell(`${glyphs.expanded} ${row.label}`, 'title'),
      cell(`  ${row.rollup.total} apps`, 'muted'),
      ...(oos > 0 ? [cell(`  ${glyphs.sync.OutOfSync} ${oos}`, 'sync.outOfSync')] : []),
      ...(bad > 0 ? [cell(`  ${glyphs.health.Degraded} ${bad}`, 'health.degraded')] : []),
    ];
  }
  const cluster = known.clusters[row.app.cluster];
  return appCells(row.app, columns, now, glyphs, {
    marked: known.selection[row.app.id] === true,
    stale: (cluster !== undefined && !cluster.reachable) || row.app.stale !== undefined,
    repoStale: row.app.repo !== undefined && isRepoStale(known.repos[row.app.repo]),
    clusterRole: frameRoleFor(theme, cluster?.labels) === 'frame.production' ? 'frame.production' : 'text',
    operation: known.operations[row.app.id],
  });
}
