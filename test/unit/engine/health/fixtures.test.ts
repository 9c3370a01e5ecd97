// Runs every case under test/fixtures/health/<kind>/<case>.yaml: each object carries the health it
// must get in annotations (`expected-health`, where `none` means no health, and a message fragment).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assessHealth, hasKindHealthRule } from '../../../../src/engine/health/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';

const root = fileURLToPath(new URL('../../../fixtures/health/', import.meta.url));
const expectedHealth = 'test.flotilla.dev/expected-health';
const expectedMessage = 'test.flotilla.dev/expected-message';

interface Fixture {
  path: string;
  obj: KubeObject;
}

function loadFixtures(): Fixture[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.yaml'))
    .sort()
    .map((p) => ({ path: p, obj: parse(readFileSync(join(root, p), 'utf8')) as KubeObject }));
}

const fixtures = loadFixtures();

describe('health fixtures', () => {
  it.each(fixtures.map((f) => [f.path, f.obj] as const))('%s', (_path, obj) => {
    const want = obj.metadata.annotations?.[expectedHealth];
    expect(want, `${expectedHealth} annotation`).toBeDefined();
    const got = assessHealth(obj);
    if (want === 'none') {
      expect(got).toBeNull();
      return;
    }
    expect(got?.status).toBe(want);
    const fragment = obj.metadata.annotations?.[expectedMessage];
    expect(fragment, `${expectedMessage} annotation`).toBeDefined();
    expect(got?.message).toContain(fragment);
  });

  it('keeps each case in the folder of its kind (custom-resource for kinds judged by the generic rules)', () => {
    for (const { path, obj } of fixtures) {
      const folder = path.split(/[\\/]/)[0];
      if (folder === 'custom-resource') expect(hasKindHealthRule(obj.apiVersion, obj.kind), path).toBe(false);
      else expect(folder, path).toBe(obj.kind.toLowerCase());
    }
  });

  it('has cases for every status and for kinds without health', () => {
    const seen = new Set(fixtures.map((f) => f.obj.metadata.annotations?.[expectedHealth]));
    for (const status of ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Unknown', 'none'])
      expect(seen).toContain(status);
  });
});
