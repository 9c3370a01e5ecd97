/** Repo: the commits merged on the app's ref but not yet deployed (deployed..tip). */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { cursorWindow } from '../../state/list.js';
import { selectCommitRows } from '../../state/selectors/detail.js';
import { selectAppRepo } from '../../state/selectors/repos.js';
import { AppSummary } from '../components/AppSummary.js';
import { Frame } from '../components/Frame.js';
import { Row } from '../components/Row.js';
import { Line } from '../components/Span.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useGlyphs, useNow, useView } from '../context.js';
import { shortSha } from '../format.js';
import type { Geometry } from '../render/geometry.js';
import { commitRowCells } from '../render/detail-rows.js';
import { RepoState } from '../components/RepoLine.js';

/** Props of RepoPane. */
interface RepoPaneProps {
  appId: string;
  geometry: Geometry;
}

/** The repo screen. */
export function RepoPane({ appId, geometry }: RepoPaneProps): ReactNode {
  const data = useView(selectCommitRows);
  const listState = useView((s) => s.ui.lists.commits);
  const filter = useView((s) => s.ui.filters.commits);
  const repo = useView((s) => selectAppRepo(s, appId));
  const glyphs = useGlyphs();
  const now = useNow();
  const rows = geometry.repo.rows;
  const win = cursorWindow(data.model, listState, rows);
  const p = data.pending;
  const count = p ? `${p.commits.length} commit${p.commits.length === 1 ? '' : 's'} not yet live` : undefined;
  // A failing repo's tip is only its last good commit: say so where the tip is shown.
  const tip = repo && repo.failures > 0 ? 'last good tip' : 'tip';
  const title = p
    ? `${p.repo} ${p.ref}: deployed ${shortSha(p.deployedSha)} ${glyphs.arrow} ${tip} ${shortSha(p.tipSha)}`
    : 'Commits not yet deployed';
  return (
    <Box flexDirection="column">
      <AppSummary appId={appId} screen="repo" />
      <Frame height={geometry.repo.boxHeight} width={geometry.columns} focused>
        <Title
          title={title}
          focused
          details={[count, filter && `/${filter}`, scrollInfo(win.start, win.end, data.rows.length)]}
          error={data.filterError}
        />
        <RepoState repo={repo} now={now} />
        {!p ? <Line role="muted">{`  asking the repo${glyphs.ellipsis}`}</Line> : null}
        {p && p.deployedSha === '' ? (
          <Line role="muted">{`  deployed revision not recorded yet (flotilla records it when it syncs); newest commits of ${p.ref}:`}</Line>
        ) : null}
        {p && p.deployedSha !== '' && p.commits.length === 0 ? (
          <Line role="ok"> up to date: the deployed revision is the tip</Line>
        ) : null}
        {data.rows.slice(win.start, win.end).map((c, i) => (
          <Row key={i} cells={commitRowCells(c, now, glyphs)} selected={win.start + i === win.index} />
        ))}
      </Frame>
    </Box>
  );
}
