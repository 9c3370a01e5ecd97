/** YAML and JSON for a terminal: no control character reaches it, and the document parses back unchanged. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { jsonForTerminal, yamlForTerminal } from '../../../src/engine/safe-output.js';
import {
  C1_CLEAR,
  CLEAR,
  OSC52,
  OSC8,
  RLO,
  UNSAFE_CHAR_IN_DOCUMENT,
  hostileString,
} from '../../support/hostile-text.js';

const hostileManifest = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: `web${OSC8}`, labels: { [`team${RLO}`]: 'a' } },
  data: { clip: OSC52, clear: `line one\nline two${CLEAR}`, c1: C1_CLEAR, del: 'a\x7f' },
};

/** Plain data of the shapes manifests have, with hostile strings as keys and values. */
const data = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString(16),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(hostileString(8), tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('yamlForTerminal', () => {
  it('writes unsafe characters as escapes inside double quotes, and parses back to the same object', () => {
    const text = yamlForTerminal(hostileManifest);
    expect(text).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(text).toContain('name: "web\\e]8;;https://evil.example/\\e\\\\click me\\e]8;;\\e\\\\"');
    expect(text).toContain('"team\\u202e": a');
    expect(text).toContain('c1: "\\x9b2J"');
    expect(parse(text)).toEqual(hostileManifest);
  });

  it('writes a normal manifest exactly as yaml.stringify does', () => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', annotations: { note: 'multi\nline\n', tab: 'a\tb' } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'web:1.4' }] } } },
    };
    expect(yamlForTerminal(manifest)).toBe(stringify(manifest, { lineWidth: 0 }));
  });

  it('never lets a control other than tab and newline through, and always parses back', () => {
    fc.assert(
      fc.property(data, (value) => {
        const text = yamlForTerminal(value);
        expect(text).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
        expect(parse(text)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('jsonForTerminal', () => {
  it('escapes what JSON.stringify leaves raw (DEL, C1, bidi) and parses back to the same value', () => {
    const text = jsonForTerminal(hostileManifest);
    expect(JSON.stringify(hostileManifest, null, 2)).toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(text).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
    expect(text).toContain('"c1": "\\u009b2J"');
    expect(JSON.parse(text)).toEqual(hostileManifest);
  });

  it('never lets a control through, and always parses back', () => {
    fc.assert(
      fc.property(data, (value) => {
        const text = jsonForTerminal(value);
        expect(text).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
        expect(JSON.parse(text)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});
