/** App: the resource tree (children loaded on expand) beside the events of the app's objects; the tree is
 * as wide as its rows need and the events take the rest; Enter shows the event under the cursor whole. */
import { Box } from 'ink';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { cursorIndex, cursorWindow } from '../../state/list.js';
import { detailFor, selectEventRows, selectTreeRows } from '../../state/selectors/detail.js';
import type { PaneId } from '../../state/types.js';
import { AppSummary } from '../components/AppSummary.js';
import { Frame } from '../components/Frame.js';
import { Row } from '../components/Row.js';
import { Line } from '../components/Span.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useGlyphs, useNow, useTheme, useView } from '../context.js';
import { appSplit } from '../render/geometry.js';
import type { Geometry } from '../render/geometry.js';
import {
  TREE_STATUS_WIDTH,
  eventRowCells,
  eventWholeLines,
  treeLabelWidth,
  treeMessageWidth,
  treeRowCells,
} from '../render/detail-rows.js';
import { frameRoleFor } from '../themes/theme.js';
import type { RoleName } from '../themes/roles.js';

/** Props of AppPane. */
interface AppPaneProps {
  appId: string;
  geometry: Geometry;
  focus: PaneId;
}

/** The app screen. */
export function AppPane({ appId, geometry, focus }: AppPaneProps): ReactNode {
  const whole = useView((s) => s.ui.eventWhole === true && focus === 'app.events');
  // Stacked (narrow window), an event shown whole borrows the tree's rows: it needs them more.
  const g = whole && !geometry.app.sideBySide ? stackedForEvent(geometry.app) : geometry.app;
  const theme = useTheme();
  const labels = useView((s) => s.clusters[s.apps[appId]?.cluster ?? '']?.labels);
  const frame = frameRoleFor(theme, labels);
  const tree = useView(selectTreeRows);
  const glyphs = useGlyphs();
  // Label column as wide as the longest Kind/name needs, at most 42 columns (longer names are cut).
  const { label, message } = useMemo(
    () => ({ label: treeLabelWidth(tree.rows, glyphs, 42), message: treeMessageWidth(tree.rows) }),
    [tree.rows, glyphs],
  );
  const split = g.sideBySide
    ? appSplit(geometry.columns, label + TREE_STATUS_WIDTH + message)
    : { treeWidth: geometry.columns, eventsWidth: geometry.columns };
  return (
    <Box flexDirection="column">
      <AppSummary appId={appId} screen="app" />
      <Box flexDirection={g.sideBySide ? 'row' : 'column'}>
        <ResourceTree
          appId={appId}
          width={split.treeWidth}
          label={label}
          height={g.treeHeight}
          rows={g.treeRows}
          focused={focus === 'app.tree'}
          frame={frame}
        />
        <EventList
          appId={appId}
          width={split.eventsWidth}
          height={g.eventsHeight}
          rows={g.eventsRows}
          focused={focus === 'app.events'}
          frame={frame}
        />
      </Box>
    </Box>
  );
}

/** The stacked layout with the tree cut to one row, the rest to the events. */
function stackedForEvent(g: Geometry['app']): Geometry['app'] {
  const treeHeight = Math.min(g.treeHeight, 4);
  const eventsHeight = g.eventsHeight + g.treeHeight - treeHeight;
  return { ...g, treeHeight, treeRows: treeHeight - 3, eventsHeight, eventsRows: eventsHeight - 3 };
}

interface ListPaneProps {
  appId: string;
  width: number;
  height: number;
  rows: number;
  focused: boolean;
  frame: RoleName;
}

function ResourceTree({
  appId,
  width,
  label,
  height,
  rows,
  focused,
  frame,
}: ListPaneProps & { label: number }): ReactNode {
  const detail = useView((s) => detailFor(s, appId));
  const tree = useView(selectTreeRows);
  const listState = useView((s) => s.ui.lists.tree);
  const filter = useView((s) => s.ui.filters.tree);
  const glyphs = useGlyphs();
  const win = cursorWindow(tree.model, listState, rows);
  const status = detail?.status === 'loading' ? `loading${glyphs.ellipsis}` : undefined;
  return (
    <Frame height={height} width={width} focused={focused} frame={frame}>
      <Title
        title="Resources"
        focused={focused}
        details={[status, filter && `/${filter}`, scrollInfo(win.start, win.end, tree.rows.length)]}
        error={detail?.error ?? tree.filterError}
      />
      {detail?.status === 'ready' && tree.rows.length === 0 ? <Line role="muted"> no resources</Line> : null}
      {tree.rows.slice(win.start, win.end).map((row, i) => (
        <Row
          key={i}
          cells={treeRowCells(row, Math.max(14, Math.min(label, width - 4 - TREE_STATUS_WIDTH)), glyphs)}
          selected={focused && win.start + i === win.index}
        />
      ))}
    </Frame>
  );
}

function EventList({ appId, width, height, rows, focused, frame }: ListPaneProps): ReactNode {
  const detail = useView((s) => detailFor(s, appId));
  const events = useView(selectEventRows);
  const listState = useView((s) => s.ui.lists.events);
  const filter = useView((s) => s.ui.filters.events);
  const whole = useView((s) => s.ui.eventWhole === true);
  const glyphs = useGlyphs();
  const now = useNow();
  const current = events.rows[cursorIndex(events.model, listState)];
  // The event shown whole takes the bottom of the pane (at most all but two rows), the list the rest.
  const wholeLines =
    whole && focused && current
      ? eventWholeLines(current, now, width - 4).slice(0, Math.max(1, rows - 2))
      : [];
  const listRows = Math.max(1, rows - wholeLines.length - (wholeLines.length > 0 ? 1 : 0));
  const win = cursorWindow(events.model, listState, listRows);
  const warnings =
    events.warnings > 0 ? `${events.warnings} warning${events.warnings === 1 ? '' : 's'}` : undefined;
  return (
    <Frame height={height} width={width} focused={focused} frame={frame}>
      <Title
        title="Events"
        focused={focused}
        details={[warnings, filter && `/${filter}`, scrollInfo(win.start, win.end, events.rows.length)]}
        error={events.filterError}
      />
      {detail?.status === 'ready' && events.rows.length === 0 ? <Line role="muted"> no events</Line> : null}
      {events.rows.slice(win.start, win.end).map((e, i) => (
        <Row
          key={i}
          cells={eventRowCells(e, now, glyphs)}
          selected={focused && win.start + i === win.index}
        />
      ))}
      {wholeLines.length > 0 ? <Line role="muted">{` ${'-'.repeat(Math.max(0, width - 4))}`}</Line> : null}
      {wholeLines.map((l, i) => (
        <Line key={`w${i}`} role={i === 0 ? 'accent' : 'text'}>{` ${l}`}</Line>
      ))}
    </Frame>
  );
}
