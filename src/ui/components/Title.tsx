/** A pane's title line: name, then muted details (counts, filter, scroll position). */
import type { ReactNode } from 'react';
import { Line, Span } from './Span.js';

/** Props of Title. */
interface TitleProps {
  title: string;
  focused: boolean;
  details?: readonly (string | undefined | false)[];
  /** Shown in the danger role (e.g. an invalid filter). */
  error?: string;
}

/** One line: `Resources · 12 · /web` with the focused pane's title highlighted. */
export function Title({ title, focused, details = [], error }: TitleProps): ReactNode {
  const parts = details.filter((d): d is string => typeof d === 'string' && d !== '');
  return (
    <Line>
      <Span role={focused ? 'title' : 'muted'}>{`  ${title}`}</Span>
      {parts.length > 0 ? <Span role="muted">{`  ${parts.join('  ')}`}</Span> : null}
      {error ? <Span role="danger">{`  ${error}`}</Span> : null}
    </Line>
  );
}

/** "rows 1-20 of 340" for a windowed list, or nothing when it all fits. */
export function scrollInfo(start: number, end: number, total: number): string | undefined {
  if (total === 0 || (start === 0 && end >= total)) return undefined;
  return `${start + 1}-${end} of ${total}`;
}
