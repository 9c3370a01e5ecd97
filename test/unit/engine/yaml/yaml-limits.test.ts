import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  findCollectionKey,
  findExcessiveNesting,
  MAX_YAML_DEPTH,
  parseWithinLimits,
} from '../../../../src/engine/yaml-limits.js';

const nested = (open: string, close: string, depth: number, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);
const indentedMaps = (depth: number) =>
  Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';

describe('findExcessiveNesting', () => {
  it('accepts the limit and refuses one level more, for flow and block nesting alike', () => {
    expect(findExcessiveNesting(nested('[', ']', MAX_YAML_DEPTH))).toBeNull();
    expect(findExcessiveNesting(nested('[', ']', MAX_YAML_DEPTH + 1))).toEqual({
      depth: MAX_YAML_DEPTH + 1,
      line: 1,
      column: MAX_YAML_DEPTH + 1,
    });
    expect(findExcessiveNesting(indentedMaps(MAX_YAML_DEPTH))).toBeNull();
    expect(findExcessiveNesting(indentedMaps(MAX_YAML_DEPTH + 1))).toMatchObject({
      line: MAX_YAML_DEPTH + 1,
      column: MAX_YAML_DEPTH + 1,
    });
  });

  it.each([
    ['compact sequences', `${'- '.repeat(4000)}x\n`],
    ['explicit keys', `${'? '.repeat(4000)}x\n`],
    ['flow maps', nested('{a: ', '}', 4000)],
    ['JSON', nested('{"a":', '}', 4000)],
    ['tagged flow sequences', nested('!!seq [', ']', 4000)],
    ['unclosed brackets', '['.repeat(4000)],
    [
      'a sequence of maps, each a level more indented',
      Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- a:`).join('\n'),
    ],
  ])('finds %s nested thousands deep', (_, text) => {
    expect(findExcessiveNesting(text)).toMatchObject({ depth: MAX_YAML_DEPTH + 1, line: expect.any(Number) });
  });

  it('counts a key: value item of a flow sequence as a map inside it', () => {
    expect(findExcessiveNesting(nested('[a: ', ']', MAX_YAML_DEPTH / 2))).toBeNull();
    expect(findExcessiveNesting(nested('[a: ', ']', MAX_YAML_DEPTH / 2 + 1))).not.toBeNull();
  });

  it('ignores brackets in comments, quoted and plain scalars and block scalar text', () => {
    const many = '['.repeat(1000);
    const text = [
      `# ${many}`,
      `a: "${many}" # ${many}`,
      `b: '${many}''${many}'`,
      `c: plain ${many}`,
      `d: "multi`,
      `  line ${many}"`,
      `e: |`,
      `  ${many}`,
      `    ${many}`,
      `f: >-`,
      ``,
      `   ${many}`,
      `g: [x, "${many}", '${many}', y]`,
    ].join('\n');
    expect(findExcessiveNesting(text)).toBeNull();
  });

  it('does not let a block scalar hide less-indented lines that end it', () => {
    const text = `a: |\n      text\n  ${'['.repeat(1000)}\n`;
    expect(findExcessiveNesting(text)).toMatchObject({ line: 3 });
  });

  it('finds nothing in the manifests and fleet files of the test fixtures (the hostile repository aside)', () => {
    const root = fileURLToPath(new URL('../../../fixtures', import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => /\.(ya?ml|json)$/.test(f) && !f.startsWith('hostile-repo'),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const file of files)
      expect([file, findExcessiveNesting(readFileSync(join(root, file), 'utf8'))]).toEqual([file, null]);
  });
});

describe('findCollectionKey', () => {
  it('finds a list or map used as a key, at any depth', () => {
    expect(findCollectionKey(parseDocument('a: {b: c}\nd: [e]\n'))).toBeNull();
    expect(findCollectionKey(parseDocument('a:\n  - ? [x]\n    : y\n'))?.toJSON()).toEqual(['x']);
  });

  it('with nestedOnly, finds only a collection key inside another one', () => {
    expect(findCollectionKey(parseDocument('a: {{b}}\n'), true)).toBeNull();
    expect(findCollectionKey(parseDocument('? ? [a]\n  : b\n: c\n'), true)?.toJSON()).toEqual(['a']);
  });
});

describe('parseWithinLimits', () => {
  it('reads a kustomization, and says where a file nests too deep', () => {
    expect(parseWithinLimits('resources: [a, b]\n')).toEqual({ ok: true, value: { resources: ['a', 'b'] } });
    expect(parseWithinLimits(nested('[', ']', 4000))).toMatchObject({ ok: false, tooDeep: { line: 1 } });
  });

  it('refuses collection keys and alias bombs instead of spending seconds on them', () => {
    expect(parseWithinLimits(`${'? '.repeat(200)}a\n`)).toMatchObject({ ok: false });
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(parseWithinLimits(bomb)).toMatchObject({ ok: false, message: expect.stringMatching(/alias/i) });
  });
});
