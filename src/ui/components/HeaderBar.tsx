/** The top line: where you are (breadcrumbs), scope/filter, and fleet-wide counts. */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { selectFleetRows } from '../../state/selectors/fleet.js';
import type { Grouping, Screen } from '../../state/types.js';
import { useGlyphs, useView } from '../context.js';
import { Line, Span } from './Span.js';

const GROUP_WORDS: Record<Grouping, string | undefined> = {
  none: undefined,
  cluster: 'by cluster',
  appSet: 'by app set',
};

/** Words describing the table state, for the header line. */
function useFleetDetails(): string[] {
  const fleet = useView(selectFleetRows);
  const grouping = useView((s) => s.ui.grouping);
  const scope = useView((s) => s.ui.clusterScope);
  const filter = useView((s) => s.ui.filters.apps);
  return [
    scope ? `cluster ${scope}` : '',
    filter ? `/${filter}` : '',
    GROUP_WORDS[grouping] ?? '',
    fleet.filterError ?? '',
  ].filter((s) => s !== '');
}

function crumb(screen: Screen, appName: (id: string) => string): string {
  switch (screen.id) {
    case 'fleet':
      return 'fleet';
    case 'app':
    case 'drift':
    case 'repo':
    case 'history':
      return screen.id === 'app' ? appName(screen.app) : screen.id;
    case 'help':
      return 'help';
    case 'operation':
      return screen.app === undefined ? 'operations' : 'operation';
    case 'actions':
      return 'action log';
  }
}

/** Props of HeaderBar. */
interface HeaderBarProps {
  width: number;
}

/** The header line. */
export function HeaderBar({ width }: HeaderBarProps): ReactNode {
  const screens = useView((s) => s.ui.screens);
  const apps = useView((s) => s.apps);
  const clusters = useView((s) => s.clusters);
  const readOnly = useView((s) => s.ui.readOnly);
  const glyphs = useGlyphs();
  const details = useFleetDetails();
  const path = screens.map((s) => crumb(s, (id) => apps[id]?.name ?? id)).join(` ${glyphs.arrow} `);
  const all = Object.values(clusters);
  const down = all.filter((c) => !c.reachable && (c.lastContact !== undefined || c.lastError)).length;
  const appCount = Object.keys(apps).length;
  return (
    <Box width={width} justifyContent="space-between">
      <Box flexShrink={1}>
        <Line>
          <Span role="title">flotilla</Span>
          <Span role="muted">{` ${glyphs.separator} `}</Span>
          <Span role="text">{path}</Span>
          {details.length > 0 && screens.length === 1 ? (
            <Span role="accent">{`  ${details.join('  ')}`}</Span>
          ) : null}
        </Line>
      </Box>
      <Box flexShrink={0}>
        <Line>
          {readOnly ? <Span role="warning">read-only </Span> : null}
          {down > 0 ? <Span role="danger">{`${glyphs.unreachable} ${down} unreachable  `}</Span> : null}
          <Span role="muted">{`${all.length} clusters ${appCount} apps`}</Span>
        </Line>
      </Box>
    </Box>
  );
}
