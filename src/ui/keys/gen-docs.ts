/** Regenerates docs/keybindings.md from the registry: `npx tsx src/ui/keys/gen-docs.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDefaultRegistry } from './default-registry.js';
import { renderKeybindingsMarkdown } from './docs.js';

/** Where the generated file lives, relative to this module. */
export const KEYBINDINGS_DOC = fileURLToPath(new URL('../../../docs/keybindings.md', import.meta.url));

/** Writes the file and returns its path. */
function writeKeybindingsDoc(path = KEYBINDINGS_DOC): string {
  writeFileSync(path, renderKeybindingsMarkdown(createDefaultRegistry()));
  return path;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`wrote ${writeKeybindingsDoc()}\n`);
}
