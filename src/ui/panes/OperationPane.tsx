/** Operation: one app's operation as phase → wave → object, or (no app) the rollout and every operation. */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import type { OperationView, RolloutView } from '../../state/types.js';
import { AppSummary } from '../components/AppSummary.js';
import { Frame } from '../components/Frame.js';
import { Row } from '../components/Row.js';
import { Line } from '../components/Span.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useGlyphs, useNow, useTheme, useView } from '../context.js';
import { truncate } from '../format.js';
import type { Geometry } from '../render/geometry.js';
import {
  appLabel,
  operationDetailLine,
  operationRowCells,
  operationSummary,
  selectOperationRows,
} from '../render/operation-rows.js';
import type { RoleName } from '../themes/roles.js';
import { frameRoleFor } from '../themes/theme.js';

/** Props of OperationPane. */
interface OperationPaneProps {
  /** The app whose operation is shown; undefined: every operation and the rollout. */
  appId?: string;
  geometry: Geometry;
}

/** Two lines above the rows. */
type Summary = [{ text: string; role: RoleName }, { text: string; role: RoleName }];

/** What one app's operation is and where it is. */
function appSummary(op: OperationView | undefined, now: number, ellipsis: string): Summary {
  if (!op)
    return [
      { text: 'No operation known for this app yet.', role: 'muted' },
      { text: `Following its cluster: one another operator starts shows here${ellipsis}`, role: 'muted' },
    ];
  const detail = operationDetailLine(op);
  return [
    operationSummary(op, now),
    { text: detail, role: op.phase === 'Failed' ? 'danger' : op.phase === 'Running' ? 'text' : 'muted' },
  ];
}

/** What the rollout and the operations list say on top. */
function overviewSummary(rollout: RolloutView | undefined, count: number, running: number): Summary {
  const first = rollout
    ? {
        text: [`rollout ${rollout.appSet} by ${rollout.order}  ${rollout.phase}`, rollout.message ?? '']
          .filter((p) => p !== '')
          .join('  '),
        role: rollout.phase === 'Failed' ? ('danger' as const) : ('text' as const),
      }
    : { text: 'No rollout started from this flotilla.', role: 'muted' as const };
  const second =
    count === 0
      ? { text: 'No operation yet: o on an app follows its operation.', role: 'muted' as const }
      : { text: `${count} operation${count === 1 ? '' : 's'}, ${running} running`, role: 'text' as const };
  return [first, second];
}

/** The operation screen. */
export function OperationPane({ appId, geometry }: OperationPaneProps): ReactNode {
  const data = useView(selectOperationRows);
  const listState = useView((s) => s.ui.lists.operation);
  const apps = useView((s) => s.apps);
  const op = useView((s) => (appId === undefined ? undefined : s.operations[appId]));
  const rollout = useView((s) => s.rollout);
  const count = useView((s) => Object.keys(s.operations).length);
  const running = useView((s) => Object.values(s.operations).filter((o) => o.phase === 'Running').length);
  const cluster = useView((s) =>
    appId === undefined ? undefined : s.clusters[s.apps[appId]?.cluster ?? ''],
  );
  const glyphs = useGlyphs();
  const theme = useTheme();
  const now = useNow();
  const rows = geometry.operation.rows;
  const win = cursorWindow(data.model, listState, rows);
  const width = geometry.columns - 4;
  const summary =
    appId === undefined ? overviewSummary(rollout, count, running) : appSummary(op, now, glyphs.ellipsis);
  const name = (id: string): string => appLabel(apps, id);
  return (
    <Box flexDirection="column">
      {appId !== undefined ? (
        <AppSummary appId={appId} screen="operation" />
      ) : (
        <Line role="title">operations and rollout</Line>
      )}
      <Frame
        height={geometry.operation.boxHeight}
        width={geometry.columns}
        focused
        frame={frameRoleFor(theme, cluster?.labels)}
      >
        <Title
          title={appId === undefined ? 'Operations' : `Operation of ${name(appId)}`}
          focused
          details={[scrollInfo(win.start, win.end, data.rows.length)]}
        />
        {summary.map((l, i) => (
          <Line key={i} role={l.role}>{`  ${truncate(l.text, width, glyphs.ellipsis)}`}</Line>
        ))}
        {data.rows.slice(win.start, win.end).map((row, i) => (
          <Row
            key={i}
            cells={operationRowCells(row, width, glyphs, now, name)}
            selected={win.start + i === win.index}
          />
        ))}
      </Frame>
    </Box>
  );
}
