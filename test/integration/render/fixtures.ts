/** Fixture trees for the render integration tests (the same folders the unit tests use). */
import { fileURLToPath } from 'node:url';
import { createDiskTree } from '../../../src/engine/render/disk-tree.js';
import type { RenderOutput } from '../../../src/engine/render/types.js';
import type { Result } from '../../../src/engine/problem.js';
import type { FileTree } from '../../../src/engine/source.js';

/** A folder under test/fixtures/render as a FileTree. */
export function fixtureTree(name: string): FileTree {
  return createDiskTree(
    fileURLToPath(new URL(`../../fixtures/render/${name}`, import.meta.url)),
    `fixture ${name}`,
  );
}

/** The output of a render that must succeed; otherwise the test fails showing the problems. */
export function rendered(result: Result<RenderOutput>): RenderOutput {
  if (!result.ok)
    throw new Error(`render failed:\n${result.problems.map((p) => `${p.code}: ${p.message}`).join('\n')}`);
  return result.value;
}
