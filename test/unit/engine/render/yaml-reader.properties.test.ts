/** Hostile input never crashes the manifest reader: any text gives documents and problems in plain words. */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { readManifests, type ReadResult } from '../../../../src/engine/render/yaml-reader.js';
import { hostileString } from '../../../support/hostile-text.js';
import { yamlishData, yamlishText } from '../../../support/yamlish.js';

function expectWellFormed(result: ReadResult): void {
  expect(Array.isArray(result.documents)).toBe(true);
  for (const p of result.problems) {
    expect(typeof p.code).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.source?.file).toBe('m.yaml');
  }
  for (const d of result.documents) expect(d.source.file).toBe('m.yaml');
}

afterEach(() => vi.restoreAllMocks());

describe('readManifests on hostile input', () => {
  it('prints nothing to the process, even for a mapping used as a key (refused as a problem)', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { documents, problems } = readManifests('{a: 1}: x\n', 'm.yaml');
    expect(documents).toHaveLength(0);
    expect(problems[0]?.source?.file).toBe('m.yaml');
    expect(warn).not.toHaveBeenCalled();
  });

  it('any text, with and without Helm source comments: documents or problems, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileString(80), fc.string({ unit: 'binary', maxLength: 200 })),
        fc.boolean(),
        (text, helmSources) => {
          expectWellFormed(readManifests(text, 'm.yaml', { helmSources }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adversarial YAML-ish text (anchors, aliases, merge keys, tags, directives, many documents)', () => {
    fc.assert(
      fc.property(yamlishText(), fc.boolean(), (text, helmSources) => {
        expectWellFormed(readManifests(text, 'm.yaml', { helmSources }));
      }),
      { numRuns: 400 },
    );
  });

  it('well-formed streams of manifest-like documents, Lists included, read back as data', () => {
    const doc = fc.oneof(
      yamlishData(),
      fc.record({
        kind: fc.constantFrom('List', 'ConfigMapList'),
        items: fc.array(yamlishData(), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 4 }), (docs) => {
        const text = docs.map((d) => `# Source: t/${docs.length}.yaml\n${stringify(d)}`).join('---\n');
        const result = readManifests(text, 'm.yaml', { helmSources: true });
        expectWellFormed(result);
      }),
      { numRuns: 80 },
    );
  });
});
