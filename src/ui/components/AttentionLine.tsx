/** The attention line: the newest alert not yet acknowledged (an app turned Degraded, a cluster unreachable). */
import type { ReactNode } from 'react';
import { useGlyphs, useView } from '../context.js';
import { displayChord } from '../keys/chord.js';
import { useServices } from '../context.js';
import { Line, Span } from './Span.js';

function clock(time: number): string {
  return new Date(time).toISOString().slice(11, 19);
}

/** The line, or nothing when no alert waits. */
export function AttentionLine(): ReactNode {
  const alerts = useView((s) => s.alerts);
  const glyphs = useGlyphs();
  const { registry } = useServices();
  const open = alerts.filter((a) => !a.acknowledged && a.severity !== 'info');
  const newest = open[open.length - 1];
  if (!newest) return null;
  const ack = registry.get('alerts.ack')?.keys[0];
  const role = newest.severity === 'danger' ? 'danger' : 'warning';
  // The hint and count come before the text, which may be long and is cut at the window's edge.
  const more = open.length > 1 ? `, +${open.length - 1} more` : '';
  return (
    <Line>
      <Span role={role}>{`${glyphs.warning} ${clock(newest.time)}Z `}</Span>
      <Span role="muted">
        {ack ? `(${displayChord(ack, glyphs.ascii)}: ack${more}) ` : more ? `(${more.slice(2)}) ` : ''}
      </Span>
      <Span role={role}>{newest.text}</Span>
    </Line>
  );
}
