/** One line about the app a detail screen shows: name, cluster (production marked), status, revision. */
import type { ReactNode } from 'react';
import { isProductionCluster } from '../../state/selectors/fleet.js';
import { useGlyphs, useNow, useTheme, useView } from '../context.js';
import { formatAge, formatFreshness, shortSha } from '../format.js';
import { automationDetail, autoSyncLabel, autoSyncRole } from '../render/app-row.js';
import { healthRole, syncRole } from '../themes/roles.js';
import { frameRoleFor } from '../themes/theme.js';
import { Line, Span } from './Span.js';

/** Props of AppSummary. */
interface AppSummaryProps {
  appId: string;
  /** What this screen shows, e.g. "drift". */
  screen: string;
  extra?: ReactNode;
}

/** The summary line. */
export function AppSummary({ appId, screen, extra }: AppSummaryProps): ReactNode {
  const app = useView((s) => s.apps[appId]);
  const cluster = useView((s) => (app ? s.clusters[app.cluster] : undefined));
  const glyphs = useGlyphs();
  const theme = useTheme();
  const now = useNow();
  if (!app) return <Line role="warning">{`${screen}: app ${appId} is no longer in the fleet`}</Line>;
  const frame = frameRoleFor(theme, cluster?.labels);
  const stale = cluster !== undefined && !cluster.reachable;
  const automation = automationDetail(app.autoSync, now);
  return (
    <Line>
      <Span role="title">{`${screen} `}</Span>
      {/* Marked at the start too: at 80 columns the line is cut before the auto-sync words. */}
      {app.autoSync.pausedReason ? <Span role="warning">{`${glyphs.paused} `}</Span> : null}
      <Span role="text">{app.name}</Span>
      <Span role="muted"> on </Span>
      <Span role={frame === 'frame.default' ? 'text' : frame}>{app.cluster}</Span>
      {isProductionCluster(cluster) ? <Span role="frame.production"> PROD</Span> : null}
      <Span role="muted">{` ${app.namespace}  `}</Span>
      <Span role={syncRole(app.sync)}>{`${glyphs.sync[app.sync]} ${app.sync}  `}</Span>
      <Span role={healthRole(app.health)}>{`${glyphs.health[app.health]} ${app.health}  `}</Span>
      <Span role="accent">{shortSha(app.revision.sha)}</Span>
      <Span role="muted">{` ${app.revision.ref}${app.revision.commitTime ? ` ${formatAge(now - app.revision.commitTime)}` : ''}  `}</Span>
      <Span role={autoSyncRole(app.autoSync)}>{autoSyncLabel(app.autoSync)}</Span>
      {automation ? <Span role={autoSyncRole(app.autoSync)}>{`  ${automation}`}</Span> : null}
      {stale ? (
        <Span role="danger">{`  ${glyphs.unreachable} cluster unreachable, last contact ${formatFreshness(cluster.lastContact, now)}`}</Span>
      ) : null}
      {extra}
    </Line>
  );
}
