/** "Did you mean" suggestions for misspelt field names, options and placeholders. */

/** The candidate closest to `word` when it is close enough to be a likely typo, else undefined. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance === 0) return candidate;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  // A third of the word may be wrong: catches `namspace` and `pollIntrval` without offering `repo` for `kind`.
  const tolerated = Math.max(1, Math.floor(word.length / 3));
  if (best.distance <= tolerated) return best.candidate;
  const completion = candidates.find((c) => word.length >= 3 && c.toLowerCase().startsWith(lower));
  return completion;
}

/** `did you mean `x`?` or undefined, ready to use as a hint or part of one. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const match = closestMatch(word, candidates);
  return match === undefined ? undefined : `Did you mean \`${match}\`?`;
}

/** Levenshtein distance, counting a swap of two neighbours as one edit (common when typing fast). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      row[j] = value;
    }
  }
  return at(a.length, b.length);
}
