/**
 * `npm run bench [-- NAME…]`: runs the benchmarks (each `*.bench.ts(x)` here exports `bench`), against
 * the test bed when they need it, and prints one table per benchmark. Figures go to docs/benchmarks.md
 * by hand, with the command that produced them.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What every benchmark module exports. */
export interface Bench {
  name: string;
  description: string;
  /** Whether it needs the test bed (Git server or clusters). */
  needsTestbed: boolean;
  run(say: (line: string) => void): Promise<Row[]>;
}

/** One measured line: a label and its figures. */
export type Row = Record<string, string | number>;

const here = dirname(fileURLToPath(import.meta.url));

async function main(filter: string[]): Promise<void> {
  // Before any benchmark module loads React: its development build is several times slower, and
  // flotilla's launcher runs the production one.
  process.env.NODE_ENV = 'production';
  const files = readdirSync(here).filter((f) => /\.bench\.tsx?$/.test(f));
  const benches: Bench[] = [];
  for (const f of files)
    benches.push(((await import(pathToFileURL(join(here, f)).href)) as { bench: Bench }).bench);
  const selected = benches.filter((b) => filter.length === 0 || filter.includes(b.name));
  if (selected.some((b) => b.needsTestbed)) {
    const { up } = await import('../testbed/testbed.js');
    await up(3, (l) => process.stderr.write(`testbed: ${l}\n`));
  }
  for (const b of selected) {
    process.stdout.write(`\n## ${b.name}: ${b.description}\n\n`);
    const rows = await b.run((l) => process.stderr.write(`${b.name}: ${l}\n`));
    printTable(rows);
  }
}

function printTable(rows: Row[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  process.stdout.write(`| ${cols.join(' | ')} |\n| ${cols.map(() => '---').join(' | ')} |\n`);
  for (const r of rows) process.stdout.write(`| ${cols.map((c) => String(r[c] ?? '')).join(' | ')} |\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
