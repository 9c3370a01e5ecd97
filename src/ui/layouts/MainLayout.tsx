/** The frame: header line, attention line, the top screen, bottom line; exactly `rows - 1` high. */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { selectTopScreen } from '../../state/selectors/detail.js';
import { selectFocus } from '../../state/ui-actions.js';
import { AttentionLine } from '../components/AttentionLine.js';
import { BottomLine } from '../components/BottomLine.js';
import { QuestionDialog } from '../components/Dialog.js';
import { HeaderBar } from '../components/HeaderBar.js';
import { useView } from '../context.js';
import { AppPane } from '../panes/AppPane.js';
import { DriftPane } from '../panes/DriftPane.js';
import { FleetPane } from '../panes/FleetPane.js';
import { HelpPane } from '../panes/HelpPane.js';
import { HistoryPane } from '../panes/HistoryPane.js';
import { RepoPane } from '../panes/RepoPane.js';
import { OperationPane } from '../panes/OperationPane.js';
import { ActionLogPane } from '../panes/ActionLogPane.js';
import { SyncDialog } from '../panes/SyncDialog.js';
import type { Geometry } from '../render/geometry.js';

/** Props of MainLayout. */
interface MainLayoutProps {
  geometry: Geometry;
}

/** The whole frame. */
export function MainLayout({ geometry }: MainLayoutProps): ReactNode {
  // Clipped vertically only, like Frame: lines are cut to the width where they are drawn.
  return (
    <Box flexDirection="column" width={geometry.columns} height={geometry.frameRows} overflowY="hidden">
      <HeaderBar width={geometry.columns} />
      {geometry.attention ? <AttentionLine /> : null}
      <Box height={geometry.bodyRows} flexDirection="column" overflowY="hidden">
        <DialogOrScreen geometry={geometry} />
      </Box>
      <BottomLine width={geometry.columns} />
    </Box>
  );
}

/** An open dialog takes the body (and every key); the screen comes back when it closes. */
function DialogOrScreen({ geometry }: { geometry: Geometry }): ReactNode {
  const dialog = useView((s) => s.ui.dialog);
  if (dialog?.kind === 'confirm' || dialog?.kind === 'text')
    return <QuestionDialog dialog={dialog} height={geometry.bodyRows} width={geometry.columns} />;
  if (dialog?.kind === 'sync')
    return <SyncDialog dialog={dialog} height={geometry.bodyRows} width={geometry.columns} />;
  return <ScreenView geometry={geometry} />;
}

function ScreenView({ geometry }: { geometry: Geometry }): ReactNode {
  const screen = useView(selectTopScreen);
  const focus = useView(selectFocus);
  switch (screen.id) {
    case 'fleet':
      return <FleetPane geometry={geometry} focus={focus} />;
    case 'app':
      return <AppPane appId={screen.app} geometry={geometry} focus={focus} />;
    case 'drift':
      return <DriftPane appId={screen.app} geometry={geometry} />;
    case 'repo':
      return <RepoPane appId={screen.app} geometry={geometry} />;
    case 'history':
      return <HistoryPane appId={screen.app} geometry={geometry} focus={focus} />;
    case 'help':
      return <HelpPane pane={screen.pane} geometry={geometry} />;
    case 'operation':
      return <OperationPane appId={screen.app} geometry={geometry} />;
    case 'actions':
      return <ActionLogPane geometry={geometry} />;
  }
}
