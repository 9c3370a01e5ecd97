/** A bordered pane: focus, production frames and the glyph set decide its border. */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { useGlyphs, useTheme } from '../context.js';
import type { RoleName } from '../themes/roles.js';

/** Props of Frame. */
interface FrameProps {
  height: number;
  width?: number;
  focused: boolean;
  /** Cluster frame role (`frame.production` …); wins over focus so production is always visible. */
  frame?: RoleName;
  children?: ReactNode;
}

/** A fixed-height box with a border; content beyond its height is clipped, never grows the frame. */
export function Frame({ height, width, focused, frame, children }: FrameProps): ReactNode {
  const theme = useTheme();
  const glyphs = useGlyphs();
  const special = frame !== undefined && frame !== 'frame.default';
  const role: RoleName = special ? frame : focused ? 'focus' : 'border';
  const style = theme.styles[role];
  return (
    <Box
      flexDirection="column"
      height={height}
      width={width}
      flexShrink={0}
      // Vertical clipping only: every line is already cut to the width (Line truncates), and clipping
      // across costs Ink an ANSI-aware slice and a width measure of every line in every frame.
      overflowY="hidden"
      borderStyle={glyphs.border}
      borderColor={style.color}
      borderDimColor={(special && !focused) || style.dimColor === true}
    >
      {children}
    </Box>
  );
}
