/** Shared helpers for the fleet-file tests: build YAML line by line so positions are easy to read. */
import { formatProblem } from '../../../../src/engine/problem.js';
import type { Problem } from '../../../../src/engine/problem.js';
import { parseFleet } from '../../../../src/engine/config/index.js';
import type { Fleet, ParseFleetOptions } from '../../../../src/engine/config/index.js';

/** The fleet file name the tests use; absolute so relative paths resolve predictably. */
export const FILE = '/fleet/flotilla.yaml';

/** YAML text from lines; line N of the file is argument N. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** The resolved fleet; fails the test with every problem when the text is invalid. */
export function fleetOf(text: string, options?: ParseFleetOptions): Fleet {
  const result = parseFleet(text, FILE, options);
  if (!result.ok)
    throw new Error(`expected a valid fleet, got:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.value;
}

/** The problems; fails the test when the text is valid. */
export function problemsOf(text: string, options?: ParseFleetOptions): Problem[] {
  const result = parseFleet(text, FILE, options);
  if (result.ok) throw new Error('expected problems, but the fleet is valid');
  return result.problems;
}

/** Code, position and field of a problem: what most assertions compare. */
export function where(p: Problem): { code: string; line?: number; column?: number; field?: string } {
  return { code: p.code, line: p.source?.line, column: p.source?.column, field: p.source?.field };
}

/** A repo and cluster that references can point at, to prepend to test files (5 lines). */
export const BASE = [
  'clusters:',
  '  - { name: staging, context: tb-1, labels: { env: staging } }',
  '  - { name: prod-eu, context: tb-2, labels: { env: prod, region: eu } }',
  'repos:',
  '  - { name: platform, url: https://git.example.com/platform.git }',
];
