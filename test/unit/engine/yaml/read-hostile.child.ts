/** Child process for yaml-guard.test.ts: reads each file given with every YAML reader of the engine and
 * prints their problems as JSON. Run apart from vitest so that a reader exhausting the stack fails the
 * test instead of ending the test run. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseYamlSource } from '../../../../src/engine/config/yaml-source.js';
import { parseLeniently } from '../../../../src/engine/render/closure.js';
import { readManifests } from '../../../../src/engine/render/yaml-reader.js';
import type { Problem } from '../../../../src/engine/problem.js';

const results = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const name = basename(file);
  const fleet = parseYamlSource(text, name);
  const kustomization: Problem[] = [];
  await parseLeniently(async () => text, name, kustomization);
  results.push({
    manifests: readManifests(text, name).problems,
    fleet: fleet.ok ? [] : fleet.problems,
    kustomization,
  });
}
process.stdout.write(JSON.stringify(results));
