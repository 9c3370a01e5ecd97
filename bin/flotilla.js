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
await import(entry.href);
