#!/usr/bin/env node
// Launcher: runs the compiled CLI, or says how to build it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('flotilla: not built yet; run `npm ci && npm run build` in the flotilla checkout.\n');
  process.exit(2);
}
// React's development build is several times slower; a user never wants it.
process.env.NODE_ENV ??= 'production';
// With a CI variable set, Ink draws nothing until exit; the terminal UI on a terminal must draw.
const command = process.argv[2];
if (process.stdout.isTTY && (command === undefined || command === 'ui' || command.startsWith('-')))
  process.env.CI = 'false';
await import(entry.href);
