/**
 * Finding commits in a store that may be shallow: revisions to commits, commits brought in on
 * demand, ancestry and ranges answered by fetching just enough history.
 */
import { ProblemError } from '../problem.js';
import type { Backend } from './backend.js';
import { walkHistory } from './history.js';
import { commitsWithPrefix, hasCommit, readCommit, type ObjectStore } from './object-store.js';
import { ambiguousRevision, revisionNotFound, type RepoContext } from './problems.js';
import { candidateRefs, isFullSha, isShortSha } from './revision.js';
import type { CommitLog, RevisionKind } from './types.js';

/** A revision understood: its kind, the ref followed (none for a commit SHA) and its commit. */
export interface FoundRevision {
  kind: RevisionKind;
  ref?: string;
  sha: string;
}

/** Whether a new tip descends from an old one. */
export type Ancestry = 'descends' | 'rewritten' | 'unknown';

// How far a commit's time may run ahead of its parent's before a walk stops trusting dates.
const CLOCK_SKEW_SECONDS = 24 * 60 * 60;

/** Answers questions about commits, fetching history from the backend only as far as needed. */
export class CommitFinder {
  constructor(
    private readonly store: ObjectStore,
    private readonly backend: Backend,
    private readonly context: () => RepoContext,
    /** Most commits of history ever fetched or walked for one question. */
    private readonly historyLimit: number,
  ) {}

  /** A revision's kind, ref and commit, with the commit brought into the store. */
  async resolve(asked: string): Promise<FoundRevision> {
    const revision = asked.trim() || 'HEAD';
    if (isFullSha(revision)) {
      const sha = revision.toLowerCase();
      await this.ensureCommit(sha, revision);
      return { kind: 'commit', sha };
    }
    for (const ref of candidateRefs(revision)) {
      const tip = await this.backend.lookupRef(ref);
      if (!tip) continue;
      const sha = (await hasCommit(this.store, tip.sha)) ? tip.sha : await this.backend.fetchTip(ref);
      return { kind: refKind(ref), ref, sha };
    }
    if (isShortSha(revision)) return { kind: 'commit', sha: await this.expandShortSha(revision) };
    const what = revision.startsWith('refs/') ? 'no such ref' : 'no branch or tag has this name';
    throw new ProblemError([revisionNotFound(this.context(), revision, `${what} in ${this.context().url}`)]);
  }

  /** Brings a commit into the store, asking the server for it by id when it is missing. */
  async ensureCommit(sha: string, asked: string = sha): Promise<void> {
    if (!isFullSha(sha))
      throw new ProblemError([
        revisionNotFound(this.context(), asked, 'a commit must be given here as a full 40-digit SHA'),
      ]);
    if (await hasCommit(this.store, sha)) return;
    if (await this.backend.fetchCommit(sha)) return;
    const where = this.backend.remote
      ? 'the server has no such commit, or none of its branches or tags reaches it'
      : 'the repository has no such commit';
    throw new ProblemError([revisionNotFound(this.context(), asked, where)]);
  }

  /**
   * Whether `newSha` descends from `oldSha`. History below the new tip is fetched in growing
   * steps; commits older than the old tip (less a day for clock skew) end the search, so a
   * force push on a long history does not fetch all of it.
   */
  async ancestry(oldSha: string, newSha: string): Promise<Ancestry> {
    if (!(await hasCommit(this.store, oldSha)) && !(await this.backend.fetchCommit(oldSha))) return 'unknown';
    const old = await readCommit(this.store, oldSha);
    const notBefore = old.commit.committer.timestamp - CLOCK_SKEW_SECONDS;
    for (const depth of [0, ...this.deepenSteps(16)]) {
      if (depth > 0 && !(await this.backend.deepen(newSha, depth))) break;
      const walk = await walkHistory(this.store, newSha, { stop: oldSha, max: this.historyLimit, notBefore });
      if (walk.reachedStop) return 'descends';
      if (walk.truncated) return 'unknown';
      if (!walk.incomplete) return 'rewritten';
    }
    return 'unknown';
  }

  /** Commits in `to` and not in `from`, newest first, at most `max`, fetching history as needed. */
  async log(from: string | undefined, to: string, max: number): Promise<CommitLog> {
    let walk = await walkHistory(this.store, to, { stop: from, max });
    for (const depth of this.deepenSteps(max + 1)) {
      if (!walk.incomplete || walk.truncated || !(await this.backend.deepen(to, depth))) break;
      walk = await walkHistory(this.store, to, { stop: from, max });
    }
    return { commits: walk.commits, truncated: walk.truncated || (walk.incomplete && !walk.reachedStop) };
  }

  /** A short SHA to a full one, deepening the default branch's history until it shows up. */
  private async expandShortSha(prefix: string): Promise<string> {
    let found = await commitsWithPrefix(this.store, prefix);
    for (const depth of this.deepenSteps(128)) {
      if (found.length > 0 || !(await this.backend.deepen('HEAD', depth))) break;
      found = await commitsWithPrefix(this.store, prefix);
    }
    if (found.length > 1) throw new ProblemError([ambiguousRevision(this.context(), prefix, found.length)]);
    const sha = found[0];
    if (sha) return sha;
    const detail = this.backend.remote
      ? `no branch or tag has this name, and no commit among the last ${this.historyLimit} of the default branch starts with it`
      : 'no branch, tag or commit has this name';
    throw new ProblemError([revisionNotFound(this.context(), prefix, detail)]);
  }

  /** Growing history depths to try, from `first` up to the history limit. */
  private deepenSteps(first: number): number[] {
    const steps = [first, first * 8, this.historyLimit].filter((depth) => depth <= this.historyLimit);
    return [...new Set(steps)].sort((a, b) => a - b);
  }
}

function refKind(ref: string): RevisionKind {
  if (ref === 'HEAD') return 'head';
  return ref.startsWith('refs/tags/') ? 'tag' : 'branch';
}
