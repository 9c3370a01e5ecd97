/** Drift: the coloured unified diff of one resource at a time; ] and [ step through resources. */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { scrollWindow } from '../../state/list.js';
import { detailFor, selectCurrentDiff } from '../../state/selectors/detail.js';
import { AppSummary } from '../components/AppSummary.js';
import { Frame } from '../components/Frame.js';
import { Line } from '../components/Span.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useGlyphs, useTheme, useView } from '../context.js';
import type { Geometry } from '../render/geometry.js';
import { diffLineRole } from '../render/detail-rows.js';
import { frameRoleFor } from '../themes/theme.js';

/** Props of DriftPane. */
interface DriftPaneProps {
  appId: string;
  geometry: Geometry;
}

/** The drift screen. */
export function DriftPane({ appId, geometry }: DriftPaneProps): ReactNode {
  const diff = useView((s) => detailFor(s, appId)?.diff);
  const current = useView(selectCurrentDiff);
  const listState = useView((s) => s.ui.lists.diff);
  const labels = useView((s) => s.clusters[s.apps[appId]?.cluster ?? '']?.labels);
  const glyphs = useGlyphs();
  const theme = useTheme();
  const rows = geometry.drift.diffRows;
  const lines = current.resource?.lines ?? [];
  const win = scrollWindow(lines.length, listState, rows);
  const r = current.resource;
  const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
  const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
  const title = r ? `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}` : 'Drift';
  const position = r ? `resource ${current.index + 1}/${current.count}` : undefined;
  return (
    <Box flexDirection="column">
      <AppSummary appId={appId} screen="drift" />
      <Frame
        height={geometry.drift.boxHeight}
        width={geometry.columns}
        focused
        frame={frameRoleFor(theme, labels)}
      >
        <Title
          title={title}
          focused
          details={[position, r && `+${added} -${removed}`, scrollInfo(win.start, win.end, lines.length)]}
        />
        <DiffBody
          status={diff?.status}
          error={diff?.error}
          empty={current.count === 0}
          ellipsis={glyphs.ellipsis}
        />
        {lines.slice(win.start, win.end).map((line, i) => (
          <Line key={i} role={diffLineRole(line)}>
            {line === '' ? ' ' : line}
          </Line>
        ))}
      </Frame>
    </Box>
  );
}

function DiffBody({
  status,
  error,
  empty,
  ellipsis,
}: {
  status?: string;
  error?: string;
  empty: boolean;
  ellipsis: string;
}): ReactNode {
  if (status === 'error') return <Line role="danger">{`  diff failed: ${error ?? 'unknown error'}`}</Line>;
  if (status === 'loading' && empty) return <Line role="muted">{`  computing diff${ellipsis}`}</Line>;
  if (status === 'ready' && empty)
    return <Line role="ok"> no drift: the live state matches the desired state</Line>;
  return null;
}
