/** Walking commit history in a possibly shallow store, newest first, within bounds. */
import type { ReadCommitResult } from 'isomorphic-git';
import { hasCommit, readCommit, toCommitInfo, type ObjectStore } from './object-store.js';
import type { CommitInfo } from './types.js';

/** Bounds and stop conditions of one walk. */
interface WalkOptions {
  /** The "old" side of a range: it and its ancestors are left out, as in `git log stop..tip`. */
  stop?: string;
  /** Most commits to return. */
  max: number;
  /** Commits whose committer time (Unix seconds) is earlier are not walked past. */
  notBefore?: number;
}

/** What one walk found. */
interface Walk {
  commits: CommitInfo[];
  /** The stop commit itself was reached from the tip: the tip descends from it. */
  reachedStop: boolean;
  /** `max` commits were collected and more were waiting. */
  truncated: boolean;
  /** Some parents are missing from the store (a shallow boundary): fetching more history may help. */
  incomplete: boolean;
}

interface Pending {
  result: ReadCommitResult;
  excluded: boolean;
}

/**
 * Walks from `tip` towards the roots, always taking the most recently committed pending commit
 * next (as `git log` does). Ancestors of `stop` are painted excluded by walking them alongside,
 * so a merge does not drag the whole shared history into the result.
 */
export async function walkHistory(store: ObjectStore, tip: string, options: WalkOptions): Promise<Walk> {
  const walk: Walk = { commits: [], reachedStop: false, truncated: false, incomplete: false };
  const pending: Pending[] = [];
  const painted = new Map<string, 'included' | 'excluded'>();

  const enqueue = async (sha: string, excluded: boolean): Promise<void> => {
    const before = painted.get(sha);
    if (before === 'excluded') {
      if (!excluded && sha === options.stop) walk.reachedStop = true;
      return;
    }
    if (before === 'included') {
      if (excluded) excludePending(pending, painted, sha);
      return;
    }
    painted.set(sha, excluded ? 'excluded' : 'included');
    if (!(await hasCommit(store, sha))) {
      if (!excluded) walk.incomplete = true;
      return;
    }
    insertByTime(pending, { result: await readCommit(store, sha), excluded });
  };

  if (options.stop) await enqueue(options.stop, true);
  await enqueue(tip, false);
  while (pending.some((entry) => !entry.excluded)) {
    const next = pending.shift() as Pending;
    const { commit } = next.result;
    if (next.excluded) {
      for (const parent of commit.parent) await enqueue(parent, true);
      continue;
    }
    if (walk.commits.length >= options.max) {
      walk.truncated = true;
      break;
    }
    walk.commits.push(toCommitInfo(next.result));
    if (options.notBefore !== undefined && commit.committer.timestamp < options.notBefore) continue;
    for (const parent of commit.parent) await enqueue(parent, false);
  }
  return walk;
}

function excludePending(pending: Pending[], painted: Map<string, string>, sha: string): void {
  painted.set(sha, 'excluded');
  const entry = pending.find((p) => p.result.oid === sha);
  if (entry) entry.excluded = true;
}

/** Keeps `pending` sorted newest committer time first. */
function insertByTime(pending: Pending[], item: Pending): void {
  const time = item.result.commit.committer.timestamp;
  const at = pending.findIndex((other) => other.result.commit.committer.timestamp < time);
  pending.splice(at < 0 ? pending.length : at, 0, item);
}
