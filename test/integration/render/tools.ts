/** Finds the real kustomize, kubectl and helm for the render integration tests: the test bed's build
 * folder first, then PATH. A missing tool fails the test that needs it (never a silent skip). */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { testbed } from '../../support/testbed.js';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `name`, or an Error saying where it was looked for. */
export function requireTool(name: 'kustomize' | 'kubectl' | 'helm'): string {
  const bin = testbed().bin;
  const candidates = [
    join(bin, name),
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name)),
  ];
  const found = candidates.find(executable);
  if (!found)
    throw new Error(
      `${name} is not in the test bed's folder (${bin}) nor on PATH: build the test bed (npm run testbed -- build) first`,
    );
  return found;
}
