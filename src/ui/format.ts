/** Text formatting shared by panes: ages, padding, truncation, short SHAs. */

/** A duration as the shortest readable unit: `12s`, `5m`, `3h`, `4d`. Negative ages (clock skew) show as `0s`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** Freshness of a contact time: `12s ago`, or `never` when there was no contact. */
export function formatFreshness(lastContact: number | undefined, now: number): string {
  return lastContact === undefined ? 'never' : `${formatAge(now - lastContact)} ago`;
}

/** The first 7 characters of a commit SHA. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** Cuts `text` to `width` columns, marking the cut with `ellipsis`. Assumes one column per character. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  const mark = [...ellipsis];
  if (width <= mark.length) return chars.slice(0, width).join('');
  return chars.slice(0, width - mark.length).join('') + ellipsis;
}

/** Truncates then pads on the right to exactly `width` columns. */
export function padEnd(text: string, width: number, ellipsis = '…'): string {
  const t = truncate(text, width, ellipsis);
  return t + ' '.repeat(Math.max(0, width - [...t].length));
}

/** Truncates then pads on the left to exactly `width` columns (numbers). */
export function padStart(text: string, width: number, ellipsis = '…'): string {
  const t = truncate(text, width, ellipsis);
  return ' '.repeat(Math.max(0, width - [...t].length)) + t;
}
