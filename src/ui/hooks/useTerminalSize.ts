/** The terminal size, updated on resize (Ink 6.8 has no useWindowSize). */
import { useEffect, useState } from 'react';
import type { TerminalSize } from '../render/geometry.js';

/** The part of a stream the hook needs. */
export interface SizedStream {
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

/** Reads the size of a stream, with 80x24 when it does not know (pipes, some CI). */
function readSize(stream: SizedStream): TerminalSize {
  return { columns: stream.columns || 80, rows: stream.rows || 24 };
}

/** The current size of `stream`; re-renders on 'resize'. */
export function useTerminalSize(stream: SizedStream): TerminalSize {
  const [size, setSize] = useState(() => readSize(stream));
  useEffect(() => {
    const onResize = (): void => {
      const next = readSize(stream);
      setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
    };
    stream.on('resize', onResize);
    return () => {
      stream.off('resize', onResize);
    };
  }, [stream]);
  return size;
}
