/** The cluster strip: one line per cluster, windowed, with freshness that keeps ticking. */
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import { selectClusterRows } from '../../state/selectors/fleet.js';
import { useGlyphs, useNow, useTheme, useView } from '../context.js';
import { clusterCells, clusterColumns } from '../render/cluster-row.js';
import { frameRoleFor } from '../themes/theme.js';
import { Frame } from './Frame.js';
import { Line } from './Span.js';
import { Row } from './Row.js';

/** Props of ClusterStrip. */
interface ClusterStripProps {
  width: number;
  height: number;
  rows: number;
  focused: boolean;
}

/** The cluster strip pane. */
export function ClusterStrip({ width, height, rows, focused }: ClusterStripProps): ReactNode {
  const { list, model, filterError } = useView(selectClusterRows);
  const listState = useView((s) => s.ui.lists.clusters);
  const scope = useView((s) => s.ui.clusterScope);
  const readOnly = useView((s) => s.ui.readOnly);
  const now = useNow();
  const glyphs = useGlyphs();
  const theme = useTheme();
  const columns = clusterColumns(width - 4);
  const win = cursorWindow(model, listState, rows);
  return (
    <Frame height={height} width={width} focused={focused}>
      {list.length === 0 ? <Line role="muted">{filterError ?? '  no clusters yet'}</Line> : null}
      {list.slice(win.start, win.end).map((c, i) => {
        // In global read-only mode flotilla writes to no cluster, whatever each one allows.
        const shown = readOnly && !c.readOnly ? { ...c, readOnly: true } : c;
        const cells = clusterCells(shown, columns, now, glyphs, frameRoleFor(theme, c.labels));
        const scoped = scope === c.name ? [{ text: '  (scope)', role: 'accent' as const }] : [];
        return (
          <Row key={i} cells={[...cells, ...scoped]} selected={focused && win.start + i === win.index} />
        );
      })}
    </Frame>
  );
}
