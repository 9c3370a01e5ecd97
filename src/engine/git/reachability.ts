/**
 * Whether a commit is still part of a repository: a commit is, when a branch or tag reaches it. A commit the
 * cache still holds after a force push (or that a server still hands out by its id until it collects garbage)
 * is not: nobody can find it in the repository any more.
 */
import type { Backend, RefTip } from './backend.js';
import type { CommitFinder } from './commit-finder.js';
import { errorMessage } from './errors.js';
import { hasCommit, type ObjectStore } from './object-store.js';
import { displayRef } from './revision.js';

/** Where a commit stands in the repository now. */
export type CommitPresence =
  /** A branch or tag reaches it; `from` names it as users spell it. */
  | { state: 'reachable'; from: string }
  /** Neither the cache nor the server has it. */
  | { state: 'missing' }
  /** It can be read, but no branch or tag reaches it: history was rewritten. */
  | { state: 'unreachable' }
  /** No branch or tag was seen to reach it, but at least one could not be searched to the end. */
  | { state: 'undecided'; reason: string };

/** What the check reads: the store, the source of refs and commits, and the finder that walks history. */
export interface PresenceDeps {
  store: ObjectStore;
  backend: Pick<Backend, 'listRefs' | 'fetchTip' | 'fetchCommit'>;
  finder: Pick<CommitFinder, 'ancestry'>;
}

/** Most branches and tags searched before the answer is "undecided"; a rollback is rare, a walk is not free. */
export const MAX_REFS_SEARCHED = 64;

/**
 * Where `sha` stands: `first` (the app's own revision, just polled) is searched before the other branches and
 * tags, since that is where a deployed commit almost always lives.
 */
export async function commitPresence(
  deps: PresenceDeps,
  sha: string,
  first?: { name: string; sha: string },
): Promise<CommitPresence> {
  if (!(await hasCommit(deps.store, sha)) && !(await deps.backend.fetchCommit(sha)))
    return { state: 'missing' };
  const refs = await deps.backend.listRefs();
  const candidates = [
    ...(first ? [{ name: first.name, sha: first.sha, ref: undefined }] : []),
    ...refs.map((r) => ({ name: displayRef(r.ref), sha: r.sha, ref: r })),
  ];
  const exact = candidates.find((c) => c.sha === sha);
  if (exact) return { state: 'reachable', from: exact.name };
  const undecided: string[] = [];
  const seen = new Set<string>([sha]);
  let searched = 0;
  for (const c of candidates) {
    if (seen.has(c.sha)) continue;
    seen.add(c.sha);
    if (++searched > MAX_REFS_SEARCHED) {
      undecided.push(`more than ${MAX_REFS_SEARCHED} branches and tags`);
      break;
    }
    const answer = await reaches(deps, c.ref, c.sha, sha);
    if (answer === 'descends') return { state: 'reachable', from: c.name };
    if (answer !== 'rewritten') undecided.push(`${c.name}: ${answer}`);
  }
  return undecided.length > 0
    ? { state: 'undecided', reason: undecided.join('; ') }
    : { state: 'unreachable' };
}

/** Whether the tip reaches `sha`: `descends`, `rewritten` (it does not), or why that could not be told. */
async function reaches(
  deps: PresenceDeps,
  ref: RefTip | undefined,
  tip: string,
  sha: string,
): Promise<'descends' | 'rewritten' | string> {
  try {
    if (!(await hasCommit(deps.store, tip))) {
      if (!ref) return 'its commit could not be read';
      await deps.backend.fetchTip(ref.ref);
    }
    const ancestry = await deps.finder.ancestry(sha, tip);
    return ancestry === 'unknown' ? 'its history is longer than flotilla searches' : ancestry;
  } catch (err) {
    // A tag on a tree, or a fetch that failed: this tip proves nothing either way.
    return errorMessage(err);
  }
}
