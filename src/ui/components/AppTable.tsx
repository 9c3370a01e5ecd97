/** The app table: roll-up counts, header, and only the visible rows (5,000 apps scroll as fast as 50). */
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import { selectFleetRows } from '../../state/selectors/fleet.js';
import type { FleetRow } from '../../state/selectors/fleet.js';
import { isRepoStale } from '../../state/selectors/repos.js';
import type { ClusterView, RepoView } from '../../state/types.js';
import { useGlyphs, useNow, useTheme, useView } from '../context.js';
import type { Glyphs } from '../glyphs.js';
import { appCells, appColumns, rollupCells } from '../render/app-row.js';
import type { AppColumn } from '../render/app-row.js';
import type { PlacedColumn } from '../render/columns.js';
import { cell, headerCells } from '../render/cells.js';
import type { Cell } from '../render/cells.js';
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
  const marks = useView((s) => s.ui.selection);
  const markCount = Object.keys(marks).length;
  const glyphs = useGlyphs();
  const theme = useTheme();
  const now = useNow();
  const columns = appColumns(width - 4);
  const win = cursorWindow(fleet.model, listState, rows);
  return (
    <>
      <Row
        cells={[
          ...rollupCells(fleet.rollup, glyphs),
          ...(markCount > 0 ? [cell(`  ${glyphs.mark} ${markCount} marked`, 'accent')] : []),
          cell(`  ${scrollInfo(win.start, win.end, fleet.rows.length) ?? ''}`, 'muted'),
        ]}
        gutter={false}
      />
      <Row cells={headerCells(columns, glyphs.ellipsis)} />
      {fleet.rows.length === 0 ? (
        <Line role="muted">
          {fleet.total === 0 ? '  waiting for the first status from the engine…' : '  no app matches'}
        </Line>
      ) : null}
      {fleet.rows.slice(win.start, win.end).map((row, i) => (
        <Row
          key={i}
          cells={rowCells(row, columns, now, glyphs, { clusters, repos, marks }, theme)}
          selected={focused && win.start + i === win.index}
        />
      ))}
    </>
  );
}

function rowCells(
  row: FleetRow,
  columns: readonly PlacedColumn<AppColumn>[],
  now: number,
  glyphs: Glyphs,
  known: {
    clusters: Record<string, ClusterView>;
    repos: Record<string, RepoView>;
    marks: Record<string, true>;
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
    marked: known.marks[row.app.id] === true,
    stale: (cluster !== undefined && !cluster.reachable) || row.app.stale !== undefined,
    repoStale: row.app.repo !== undefined && isRepoStale(known.repos[row.app.repo]),
    clusterRole: frameRoleFor(theme, cluster?.labels) === 'frame.production' ? 'frame.production' : 'text',
  });
}
