/** The app × cluster matrix view of the fleet screen. */
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import { selectMatrix } from '../../state/selectors/fleet.js';
import { useGlyphs, useTheme, useView } from '../context.js';
import { padEnd } from '../format.js';
import { cell } from '../render/cells.js';
import type { Cell } from '../render/cells.js';
import { MATRIX_CELL_WIDTH, matrixLayout, matrixRowCells } from '../render/matrix-row.js';
import { frameRoleFor } from '../themes/theme.js';
import { Row } from './Row.js';
import { Line, Span } from './Span.js';

/** Props of AppMatrix. */
interface AppMatrixProps {
  width: number;
  rows: number;
  focused: boolean;
}

/** Legend, cluster header and the visible matrix rows. */
export function AppMatrix({ width, rows, focused }: AppMatrixProps): ReactNode {
  const matrix = useView(selectMatrix);
  const listState = useView((s) => s.ui.lists.matrix);
  const column = useView((s) => s.ui.matrixColumn);
  const clusters = useView((s) => s.clusters);
  const glyphs = useGlyphs();
  const theme = useTheme();
  const inner = width - 4;
  const cursorColumn = Math.min(column, Math.max(0, matrix.columns.length - 1));
  const layout = matrixLayout(inner, matrix.columns.length, cursorColumn);
  const win = cursorWindow(matrix.model, listState, rows);
  const shown = matrix.columns.slice(layout.first, layout.first + layout.count);
  const header: Cell[] = [cell(padEnd('APP SET / APP', layout.nameWidth), 'header')];
  shown.forEach((name, i) => {
    const down = clusters[name]?.reachable === false;
    const prod = frameRoleFor(theme, clusters[name]?.labels) === 'frame.production';
    const role = down
      ? 'danger'
      : layout.first + i === cursorColumn && focused
        ? 'accent'
        : prod
          ? 'frame.production'
          : 'header';
    // An unreachable cluster's column shows its last known state; the mark says so.
    header.push(
      cell(' '),
      cell(padEnd(down ? `${glyphs.unreachable}${name}` : name, MATRIX_CELL_WIDTH, glyphs.ellipsis), role),
    );
  });
  const more =
    matrix.columns.length > layout.count
      ? `  clusters ${layout.first + 1}-${layout.first + shown.length} of ${matrix.columns.length} (h/l)`
      : '';
  return (
    <>
      <Line role="muted">
        {`  revision ${glyphs.health.Healthy}health ${glyphs.sync.Synced}sync per cluster  `}
        <Span role="warning">{glyphs.behind}</Span>
        {` behind the newest revision${more}`}
      </Line>
      <Row cells={header} />
      {matrix.rows.length === 0 ? <Line role="muted"> no app matches</Line> : null}
      {matrix.rows.slice(win.start, win.end).map((row, i) => {
        const selected = focused && win.start + i === win.index;
        return (
          <Row
            key={i}
            cells={matrixRowCells(row, layout, glyphs, selected ? cursorColumn : undefined)}
            marked={selected}
          />
        );
      })}
    </>
  );
}
