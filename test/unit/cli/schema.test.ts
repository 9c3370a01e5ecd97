/** `flotilla schema`: the fleet file's JSON Schema, in step with the checks and true to the examples. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { jsonSchemaOf } from '../../../src/engine/config/json-schema.js';
import {
  appSchema,
  appSetSchema,
  clusterSchema,
  repoSchema,
  settingsSchema,
} from '../../../src/engine/config/schema.js';
import { repoRoot } from '../../testbed/layout.js';
import { demoFleetFile } from '../../testbed/demo-fleet.js';
import { runFlotilla } from '../../support/cli.js';

/** The schemas parseFleet checks each section with: the printed schema must be built from these. */
const sections: [string, z.ZodType][] = [
  ['settings', settingsSchema],
  ['clusters', clusterSchema],
  ['repos', repoSchema],
  ['apps', appSchema],
  ['appSets', appSetSchema],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document walked freely below
type Json = Record<string, any>;

async function printedSchema(): Promise<Json> {
  const r = await runFlotilla(['schema']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

const read = (...path: string[]) => readFileSync(join(repoRoot, ...path), 'utf8');

/** The fenced YAML blocks of a Markdown page that are whole fleet files. */
function fleetFilesIn(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .filter((text) => /^(settings|clusters|repos|apps|appSets):/m.test(text));
}

describe('flotilla schema', () => {
  it('prints the JSON Schema of the zod schemas each fleet-file section is checked with', async () => {
    const printed = await printedSchema();
    expect(printed.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(printed.additionalProperties).toBe(false);
    expect(Object.keys(printed.properties)).toEqual(sections.map(([name]) => name));
    for (const [name, schema] of sections) {
      const { $schema: _, ...live } = jsonSchemaOf(schema);
      const section = printed.properties[name].anyOf[0];
      expect(name === 'settings' ? section : section.items, name).toEqual(live);
    }
  });

  it('accepts the fleet files of the docs, the fixtures and the demo, and rejects a broken one', async () => {
    const validate = new Ajv({ allErrors: true, strictTypes: false }).compile(await printedSchema());
    const good = [
      ...fleetFilesIn(read('docs', 'config.md')),
      read('test', 'fixtures', 'config', 'example.yaml'),
      demoFleetFile('http://127.0.0.1:9999'),
    ];
    expect(good.length).toBeGreaterThanOrEqual(3);
    for (const text of good) expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse(read('test', 'fixtures', 'config', 'many-errors.yaml')))).toBe(false);
  });

  it('tells in --help and in docs/config.md how to point an editor at it', async () => {
    const help = await runFlotilla(['schema', '--help']);
    const line = '# yaml-language-server: $schema=./flotilla.schema.json';
    expect(help.stdout).toContain(line);
    expect(read('docs', 'config.md')).toContain(line);
    expect((await runFlotilla(['--help'])).stdout).toMatch(/^ {2}schema\s+\S/m);
  });
});
