/** One list row from cells; the cursor row is drawn in the selection role, marked for colourless terminals. */
import { memo } from 'react';
import type { ReactNode } from 'react';
import { useGlyphs, useTheme } from '../context.js';
import { cellsText, mergeCells } from '../render/cells.js';
import type { Cell } from '../render/cells.js';
import type { RoleName } from '../themes/roles.js';
import type { Theme } from '../themes/theme.js';
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
  const theme = useTheme();
  const prefix = gutter ? (selected || marked ? `${glyphs.cursor} ` : '  ') : '';
  if (selected) return <Line role="selection">{prefix + cellsText(cells)}</Line>;
  // Each Ink node costs layout and styling in every frame: same-role cells become one run, and runs
  // in the line's own role need no node of their own.
  const runs = mergeCells([{ text: prefix, role: 'text' }, ...cells], (role) => drawsBlankPlain(theme, role));
  return (
    <Line>
      {runs.map((c, i) =>
        c.role === 'text' ? (
          c.text
        ) : (
          <Span key={i} role={c.role}>
            {c.text}
          </Span>
        ),
      )}
    </Line>
  );
});

/** Whether a blank in `role` looks like a blank in plain text (so it may join a neighbouring run). */
function drawsBlankPlain(theme: Theme, role: RoleName): boolean {
  const style = theme.styles[role];
  return style.backgroundColor === undefined && style.inverse !== true && style.underline !== true;
}
