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
  return (
    <Line>
      <Span role={role}>{`${glyphs.warning} ${clock(newest.time)}Z ${newest.text}`}</Span>
      {open.length > 1 ? <Span role="muted">{`  (+${open.length - 1} more)`}</Span> : null}
      {ack ? <Span role="muted">{`  ${displayChord(ack, glyphs.ascii)}: acknowledge`}</Span> : null}
    </Line>
  );
}
