/** Generators of adversarial YAML-ish text for property tests of the parsers. Sizes are kept small, and
 * nesting shallow: very deep nesting is a separate concern with its own guards and tests. */
import fc from 'fast-check';
import { hostileString } from './hostile-text.js';

/** Pieces YAML gives meaning to: indicators, anchors and aliases, tags, directives, quotes, block scalars. */
const token = fc.constantFrom(
  '\n',
  '  ',
  '\t',
  '- ',
  ': ',
  ':',
  '? ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '\\',
  '|',
  '>-',
  '#',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '<<: ',
  '!!binary ',
  '!!str ',
  '!local ',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  '~',
  'null',
  'yes',
  'on',
  '0x1F',
  '0o17',
  '0644',
  '1e3',
  '12:30',
  '2024-01-02',
  '.inf',
  '{{cluster.name}}',
  '${X}',
  '\ufeff',
  '\r\n',
  '\x00',
);

/** Words fleet files and manifests use as keys, so generated text reaches the checks beyond the parser. */
export const KEYS = [
  'clusters',
  'repos',
  'apps',
  'appSets',
  'settings',
  'name',
  'context',
  'labels',
  'url',
  'repo',
  'revision',
  'path',
  'destination',
  'cluster',
  'namespace',
  'template',
  'matchLabels',
  'matchExpressions',
  'syncPolicy',
  'automated',
  'syncOptions',
  'ignoreDifferences',
  'helm',
  'values',
  'readOnly',
  'interval',
  'auth',
  'apiVersion',
  'kind',
  'metadata',
  'items',
  'data',
  'spec',
] as const;

/** Text made of YAML tokens, known keys, and hostile strings: mostly not valid YAML, sometimes valid. */
export function yamlishText(): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 5, arbitrary: token },
    { weight: 3, arbitrary: fc.constantFrom(...KEYS).map((k) => `${k}: `) },
    { weight: 2, arbitrary: hostileString(6) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  return fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
}

/** Plain data shaped like fleet files and manifests (known keys, lists of maps, odd scalars), a few levels deep. */
export function yamlishData(): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    hostileString(8),
    fc.constantFrom(
      'staging',
      'main',
      'apps/web',
      '.',
      '..',
      '/abs',
      'https://git.example/x.git',
      '{{cluster.name}}',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), hostileString(4)), tie('node'), { maxKeys: 5 }),
    ),
  })).node;
}
