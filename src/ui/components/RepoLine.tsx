/** The repo line under the cluster strip: whether each repo still answers, so a stale repo is never
 * silent (its freshness keeps ticking, a failing one says why). */
import type { ReactNode } from 'react';
import { selectRepoRows } from '../../state/selectors/repos.js';
import type { RepoView } from '../../state/types.js';
import { useGlyphs, useNow, useView } from '../context.js';
import { repoFreshness, repoLineCells } from '../render/repo-line.js';
import { Row } from './Row.js';
import { Line } from './Span.js';

/** The line, or nothing before the engine has reported any repo. */
export function RepoLine(): ReactNode {
  const repos = useView(selectRepoRows);
  const now = useNow();
  const glyphs = useGlyphs();
  if (repos.length === 0) return null;
  return <Row cells={repoLineCells(repos, now, glyphs)} gutter={false} />;
}

/** One repo's poll state for the Repo pane's header: its URL and freshness, or, while it fails, that
 * what the pane shows rests on its last good commit and why. Blank until the repo is known. */
export function RepoState({ repo, now }: { repo: RepoView | undefined; now: number }): ReactNode {
  if (!repo) return <Line> </Line>;
  if (repo.failures === 0)
    return <Line role="muted">{`  repo ${repo.name} ${repo.url}  ${repoFreshness(repo, now)}`}</Line>;
  const why = repo.lastError ? `: ${repo.lastError}` : '';
  return <Line role="danger">{`  repo ${repo.name} ${repoFreshness(repo, now)}${why}`}</Line>;
}
