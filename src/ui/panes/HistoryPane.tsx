/** History: an app's sync history (newest first) over the diff of the entry Enter was pressed on, with who
 * paused auto-sync and why. R rolls back to the entry under the cursor, A pauses or resumes auto-sync. */
import { Box } from 'ink';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { cursorWindow, scrollWindow } from '../../state/list.js';
import { selectHistoryDiffLines, selectHistoryRows } from '../../state/selectors/history.js';
import type { HistoryView, PaneId } from '../../state/types.js';
import { AppSummary } from '../components/AppSummary.js';
import { Frame } from '../components/Frame.js';
import { Row } from '../components/Row.js';
import { Line } from '../components/Span.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useGlyphs, useNow, useServices, useTheme, useView } from '../context.js';
import { headerCells } from '../render/cells.js';
import { diffLineRole } from '../render/detail-rows.js';
import type { Geometry } from '../render/geometry.js';
import { historyColumns, historyRowCells, pauseLine } from '../render/history-rows.js';
import { frameRoleFor } from '../themes/theme.js';
import type { RoleName } from '../themes/roles.js';

/** Props of HistoryPane. */
interface HistoryPaneProps {
  appId: string;
  geometry: Geometry;
  focus: PaneId;
}

/** The history screen. */
export function HistoryPane({ appId, geometry, focus }: HistoryPaneProps): ReactNode {
  const labels = useView((s) => s.clusters[s.apps[appId]?.cluster ?? '']?.labels);
  const theme = useTheme();
  const frame = frameRoleFor(theme, labels);
  useRefreshWhenOperationEnds(appId);
  return (
    <Box flexDirection="column">
      <AppSummary appId={appId} screen="history" />
      <EntryList appId={appId} geometry={geometry} focused={focus === 'history.list'} frame={frame} />
      <EntryDiff geometry={geometry} focused={focus === 'history.diff'} frame={frame} />
    </Box>
  );
}

/** Asks for the history again when an operation of the app ends (a rollback or sync adds an entry, a
 * rollback pauses auto-sync) or the app's pause changes (A here or elsewhere), so the screen shows it
 * without a key. */
function useRefreshWhenOperationEnds(appId: string): void {
  const { intents } = useServices();
  const change = useView((s) => {
    const op = s.operations[appId];
    const ended = op && op.phase !== 'Running' ? (op.finishedAt ?? op.phase) : '';
    return `${ended}|${s.apps[appId]?.autoSync.pausedReason ?? ''}`;
  });
  const seen = useRef(change);
  useEffect(() => {
    if (change === seen.current) return;
    seen.current = change;
    intents.requestHistory(appId);
  }, [change, appId, intents]);
}

interface BoxProps {
  geometry: Geometry;
  focused: boolean;
  frame: RoleName;
}

function EntryList({ appId, geometry, focused, frame }: BoxProps & { appId: string }): ReactNode {
  const data = useView(selectHistoryRows);
  const app = useView((s) => s.apps[appId]);
  const listState = useView((s) => s.ui.lists.history);
  const filter = useView((s) => s.ui.filters.history);
  const glyphs = useGlyphs();
  const now = useNow();
  const g = geometry.history;
  const win = cursorWindow(data.model, listState, g.listRows);
  const columns = historyColumns(geometry.columns - 4);
  const pause = pauseLine(data.history, app, now);
  const live = app?.revision.sha;
  return (
    <Frame height={g.listHeight} width={geometry.columns} focused={focused} frame={frame}>
      <Title
        title="History"
        focused={focused}
        details={[
          status(data.history, glyphs.ellipsis),
          filter && `/${filter}`,
          scrollInfo(win.start, win.end, data.rows.length),
        ]}
        error={data.filterError}
      />
      <Line role={pause.role}>{`  ${pause.text}`}</Line>
      <Row cells={headerCells(columns, glyphs.ellipsis)} />
      {data.history?.status === 'ready' && data.rows.length === 0 ? (
        <Line role="muted"> no sync recorded yet (flotilla records each sync on the cluster)</Line>
      ) : null}
      {data.rows.slice(win.start, win.end).map((e, i) => (
        <Row
          key={i}
          cells={historyRowCells(e, columns, now, glyphs, e.sha === live)}
          selected={focused && win.start + i === win.index}
          marked={!focused && win.start + i === win.index}
        />
      ))}
    </Frame>
  );
}

/** Loading or failed, in words; nothing once the entries are here. */
function status(history: HistoryView | undefined, ellipsis: string): string | undefined {
  if (!history || history.status === 'loading') return `loading${ellipsis}`;
  if (history.status === 'error') return `failed: ${history.error ?? 'unknown error'}`;
  return `${history.entries.length} entr${history.entries.length === 1 ? 'y' : 'ies'}`;
}

function EntryDiff({ geometry, focused, frame }: BoxProps): ReactNode {
  const diff = useView((s) => s.history?.diff);
  const lines = useView(selectHistoryDiffLines);
  const listState = useView((s) => s.ui.lists.historyDiff);
  const glyphs = useGlyphs();
  const g = geometry.history;
  const win = scrollWindow(lines.length, listState, g.diffRows);
  const title = diff ? `Entry #${diff.id} against the one before` : 'Diff';
  return (
    <Frame height={g.diffHeight} width={geometry.columns} focused={focused} frame={frame}>
      <Title title={title} focused={focused} details={[scrollInfo(win.start, win.end, lines.length)]} />
      <DiffState diff={diff} empty={lines.length === 0} ellipsis={glyphs.ellipsis} />
      {lines.slice(win.start, win.end).map((line, i) => (
        <Line key={i} role={diffLineRole(line)}>
          {line === '' ? ' ' : line}
        </Line>
      ))}
    </Frame>
  );
}

function DiffState({
  diff,
  empty,
  ellipsis,
}: {
  diff: HistoryView['diff'];
  empty: boolean;
  ellipsis: string;
}): ReactNode {
  if (!diff)
    return <Line role="muted"> Enter on an entry shows what it changed (Tab here to scroll it)</Line>;
  if (diff.status === 'error')
    return <Line role="danger">{`  diff failed: ${diff.error ?? 'unknown error'}`}</Line>;
  if (diff.status === 'loading') return <Line role="muted">{`  computing diff${ellipsis}`}</Line>;
  if (diff.error) return <Line role="warning">{`  ${diff.error}`}</Line>;
  if (empty) return <Line role="muted"> no change against the entry before</Line>;
  return null;
}
