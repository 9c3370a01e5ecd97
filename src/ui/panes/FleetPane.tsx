/** Fleet (home): the cluster strip over the app table or the app × cluster matrix. */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import { selectMatrix } from '../../state/selectors/fleet.js';
import type { PaneId } from '../../state/types.js';
import { AppMatrix } from '../components/AppMatrix.js';
import { AppTable } from '../components/AppTable.js';
import { ClusterStrip } from '../components/ClusterStrip.js';
import { Frame } from '../components/Frame.js';
import { RepoLine } from '../components/RepoLine.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useView } from '../context.js';
import type { Geometry } from '../render/geometry.js';

/** Props of FleetPane. */
interface FleetPaneProps {
  geometry: Geometry;
  focus: PaneId;
}

/** The fleet screen. */
export function FleetPane({ geometry, focus }: FleetPaneProps): ReactNode {
  const { columns, fleet } = geometry;
  const matrix = useView((s) => s.ui.matrix);
  return (
    <Box flexDirection="column">
      <ClusterStrip
        width={columns}
        height={fleet.stripHeight}
        rows={fleet.stripRows}
        focused={focus === 'fleet.clusters'}
      />
      {fleet.repoLine > 0 ? <RepoLine /> : null}
      <Frame height={fleet.tableHeight} width={columns} focused={focus !== 'fleet.clusters'}>
        {matrix ? (
          <>
            <MatrixTitle rows={fleet.tableRows} focused={focus === 'fleet.matrix'} />
            <AppMatrix width={columns} rows={fleet.tableRows - 1} focused={focus === 'fleet.matrix'} />
          </>
        ) : (
          <AppTable width={columns} rows={fleet.tableRows} focused={focus === 'fleet.apps'} />
        )}
      </Frame>
    </Box>
  );
}

function MatrixTitle({ rows, focused }: { rows: number; focused: boolean }): ReactNode {
  const m = useView(selectMatrix);
  const listState = useView((s) => s.ui.lists.matrix);
  const filter = useView((s) => s.ui.filters.apps);
  const win = cursorWindow(m.model, listState, rows - 1);
  return (
    <Title
      title="App × cluster"
      focused={focused}
      details={[filter && `/${filter}`, scrollInfo(win.start, win.end, m.rows.length)]}
      error={m.filterError}
    />
  );
}
