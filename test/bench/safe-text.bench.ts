/** terminalSafe on long text: time per megabyte for clean text, text with a few escapes, and text that is
 * all escapes; the figures should grow with the length only (one pass, no backtracking). */
import { performance } from 'node:perf_hooks';
import { terminalSafe, terminalSafeLines } from '../../src/engine/safe-text.js';
import type { Bench, Row } from './run.js';

const MB = 1 << 20;

/** Median milliseconds of `runs` calls of `fn`. */
function median(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const inputs: Record<string, (size: number) => string> = {
  'clean ASCII': (n) => 'a'.repeat(n),
  'one ESC per 80 characters': (n) => `${'a'.repeat(79)}\x1b`.repeat(Math.ceil(n / 80)).slice(0, n),
  'all ESC': (n) => '\x1b'.repeat(n),
  'log lines (terminalSafeLines)': (n) =>
    `${'x'.repeat(60)}\t${'y'.repeat(18)}\n`.repeat(Math.ceil(n / 80)).slice(0, n),
};

/** The benchmark. */
export const bench: Bench = {
  name: 'safe-text',
  description: 'terminalSafe on 1, 4 and 16 MB of text (median of 5 runs, ms)',
  needsTestbed: false,
  async run(say) {
    const rows: Row[] = [];
    for (const [label, make] of Object.entries(inputs)) {
      const fn = label.includes('terminalSafeLines') ? terminalSafeLines : terminalSafe;
      const row: Row = { input: label };
      for (const size of [1, 4, 16]) {
        const text = make(size * MB);
        row[`${size} MB`] = Math.round(median(5, () => fn(text)) * 10) / 10;
      }
      say(`${label} done`);
      rows.push(row);
    }
    return rows;
  },
};
