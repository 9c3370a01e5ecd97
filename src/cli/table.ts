/** Plain aligned text tables for command output. */
import { terminalSafe } from '../engine/safe-text.js';

/** Renders rows under a header with columns padded to their widest cell; the last column is not padded.
 * Cells may hold untrusted text: each becomes one line with controls shown as escapes. */
export function formatTable(header: string[], unsafeRows: string[][]): string {
  const rows = unsafeRows.map((r) => r.map(terminalSafe));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
