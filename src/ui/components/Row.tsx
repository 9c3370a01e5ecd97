/** One list row from cells; the cursor row is drawn in the selection role, marked for colourless terminals. */
import { memo } from 'react';
import type { ReactNode } from 'react';
import { useGlyphs } from '../context.js';
import { cellsText } from '../render/cells.js';
import type { Cell } from '../render/cells.js';
import { Line, Span } from './Span.js';

/** Props of Row. */
interface RowProps {
  cells: readonly Cell[];
  selected?: boolean;
  /** Whether to reserve the two-column cursor gutter (lists with a cursor). */
  gutter?: boolean;
  /** Shows the cursor mark without the selection style (the matrix highlights one cell instead). */
  marked?: boolean;
}

/** A single-line row. */
export const Row = memo(function Row({
  cells,
  selected = false,
  gutter = true,
  marked = false,
}: RowProps): ReactNode {
  const glyphs = useGlyphs();
  const prefix = gutter ? (selected || marked ? `${glyphs.cursor} ` : '  ') : '';
  if (selected) return <Line role="selection">{prefix + cellsText(cells)}</Line>;
  return (
    <Line>
      {prefix}
      {cells.map((c, i) => (
        <Span key={i} role={c.role}>
          {c.text}
        </Span>
      ))}
    </Line>
  );
});
