/** Helpers shared by the render tests: fixture trees and a tree that counts its reads. */
import { fileURLToPath } from 'node:url';
import { createDiskTree } from '../../../../src/engine/render/disk-tree.js';
import type { FileTree } from '../../../../src/engine/source.js';

/** Absolute path of a folder under test/fixtures/render. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/render/${name}`, import.meta.url));
}

/** A fixture folder as a FileTree. */
export function fixtureTree(name: string): FileTree {
  return createDiskTree(fixturePath(name), `fixture ${name}`);
}

/** Wraps a tree so a test can see how often it was read. */
export function countingTree(tree: FileTree): FileTree & { reads: number } {
  const counting = {
    label: tree.label,
    reads: 0,
    listFiles: (dir: string) => tree.listFiles(dir),
    readFile: (path: string) => {
      counting.reads++;
      return tree.readFile(path);
    },
  };
  return counting;
}
