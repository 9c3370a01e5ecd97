/** The action log: every mutating request this flotilla sent, newest first, filterable with `/`. */
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import { Frame } from '../components/Frame.js';
import { Row } from '../components/Row.js';
import { Line } from '../components/Span.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useGlyphs, useView } from '../context.js';
import { actionCells, actionColumns, selectActionRows } from '../render/action-rows.js';
import { headerCells } from '../render/cells.js';
import type { Geometry } from '../render/geometry.js';

/** Props of ActionLogPane. */
interface ActionLogPaneProps {
  geometry: Geometry;
}

/** What to say when no entry shows. */
function emptyText(
  status: string | undefined,
  error: string | undefined,
  filtered: boolean,
  ellipsis: string,
): string {
  if (status === 'error') return `Could not read the action log: ${error ?? 'unknown error'}. @ tries again.`;
  if (status === 'loading' || status === undefined) return `reading the action log${ellipsis}`;
  return filtered
    ? 'no entry matches the filter'
    : 'No request has changed a cluster from this flotilla yet.';
}

/** The action log screen. */
export function ActionLogPane({ geometry }: ActionLogPaneProps): ReactNode {
  const data = useView(selectActionRows);
  const listState = useView((s) => s.ui.lists.actions);
  const filter = useView((s) => s.ui.filters.actions);
  const log = useView((s) => s.actionLog);
  const glyphs = useGlyphs();
  const rows = geometry.actions.rows;
  const win = cursorWindow(data.model, listState, rows);
  const columns = actionColumns(geometry.columns - 4);
  const total = log?.entries.length ?? 0;
  const count = `${total} request${total === 1 ? '' : 's'}`;
  return (
    <Frame height={geometry.actions.boxHeight} width={geometry.columns} focused>
      <Title
        title="Action log"
        focused
        details={[
          count,
          log?.status === 'loading' && total > 0 ? 'reloading' : undefined,
          filter && `/${filter}`,
          scrollInfo(win.start, win.end, data.rows.length),
        ]}
        error={data.filterError ?? (log?.status === 'error' && total > 0 ? log.error : undefined)}
      />
      <Row cells={headerCells(columns, glyphs.ellipsis)} />
      {data.rows.length === 0 ? (
        <Line role={log?.status === 'error' ? 'danger' : 'muted'}>
          {`  ${emptyText(log?.status, log?.error, filter !== undefined && total > 0, glyphs.ellipsis)}`}
        </Line>
      ) : null}
      {data.rows.slice(win.start, win.end).map((e, i) => (
        <Row
          key={i}
          cells={actionCells(e, columns, glyphs.ellipsis)}
          selected={win.start + i === win.index}
        />
      ))}
    </Frame>
  );
}
