/** The repo line's text: each repo's freshness, and for a failing one how long it has failed and why. */
import type { RepoView } from '../../state/types.js';
import { formatFreshness } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { cell } from './cells.js';
import type { Cell } from './cells.js';

/** Freshness of a repo in words: `polled 12s ago`, `failing 3×, last good poll 2m ago`. */
export function repoFreshness(repo: RepoView, now: number): string {
  const polled =
    repo.lastPolled === undefined ? 'never polled' : `polled ${formatFreshness(repo.lastPolled, now)}`;
  if (repo.failures === 0) return polled;
  const good =
    repo.lastPolled === undefined
      ? 'never polled'
      : `last good poll ${formatFreshness(repo.lastPolled, now)}`;
  return `failing ${repo.failures}${repo.failures === 1 ? ' poll' : ' polls in a row'}, ${good}`;
}

/** Cells of the repo line; failing repos first, so a narrow window never cuts them off. */
export function repoLineCells(repos: readonly RepoView[], now: number, glyphs: Glyphs): Cell[] {
  const ordered = [...repos.filter((r) => r.failures > 0), ...repos.filter((r) => r.failures === 0)];
  const out: Cell[] = [cell('  repos', 'muted')];
  for (const repo of ordered) {
    out.push(cell('  '));
    if (repo.failures === 0) {
      const polled = repo.lastPolled !== undefined;
      out.push(
        cell(polled ? glyphs.reachable : glyphs.connecting, polled ? 'ok' : 'muted'),
        cell(` ${repo.name} `, 'text'),
        cell(repoFreshness(repo, now), 'muted'),
      );
      continue;
    }
    out.push(
      cell(glyphs.unreachable, 'danger'),
      cell(` ${repo.name} `, 'text'),
      cell(repoFreshness(repo, now), 'danger'),
      ...(repo.lastError ? [cell(`: ${repo.lastError}`, 'danger')] : []),
    );
  }
  return out;
}
