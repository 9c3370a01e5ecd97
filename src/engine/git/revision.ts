/** What a revision string can name, judged from its spelling before anything is looked up. */

/** A full 40-hex commit SHA. */
export function isFullSha(revision: string): boolean {
  return /^[0-9a-f]{40}$/i.test(revision);
}

/** 4 to 39 hex digits: possibly an abbreviated commit SHA (or a branch that happens to look like one). */
export function isShortSha(revision: string): boolean {
  return /^[0-9a-f]{4,39}$/i.test(revision);
}

/** The first seven digits of a SHA, as people quote commits. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** The full ref names a branch-or-tag revision may stand for, in the order Git prefers them. */
export function candidateRefs(revision: string): string[] {
  if (revision === 'HEAD') return ['HEAD'];
  if (revision.startsWith('refs/')) return [revision];
  return [`refs/heads/${revision}`, `refs/tags/${revision}`];
}

/** `main` for `refs/heads/main`, `v1` for `refs/tags/v1`: how users spell a ref. */
export function displayRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}
