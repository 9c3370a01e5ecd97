import { describe, expect, it } from 'vitest';
import { parseJqPath, resolveJqPath } from '../../../../src/engine/diff/index.js';

const obj = {
  metadata: { annotations: { 'a/b': '1', c: '2' } },
  spec: {
    replicas: 3,
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'X', value: '1' }] },
      { name: 'istio-proxy', image: 'proxy:1', ready: true },
      { name: 'istio-init', image: 'init:1' },
    ],
  },
};

function paths(expr: string) {
  const r = parseJqPath(expr);
  if (!r.ok) throw new Error(r.problems[0]!.message);
  return resolveJqPath(r.value, obj);
}

describe('jq path subset', () => {
  it.each([
    ['.spec.replicas', [['spec', 'replicas']]],
    ['.metadata.annotations["a/b"]', [['metadata', 'annotations', 'a/b']]],
    ['.metadata.annotations."a/b"', [['metadata', 'annotations', 'a/b']]],
    ['.metadata | .annotations | .c', [['metadata', 'annotations', 'c']]],
    ['.spec.containers[0].image', [['spec', 'containers', 0, 'image']]],
    ['.spec.containers[-1]', [['spec', 'containers', 2]]],
    ['.spec.containers[].name', [0, 1, 2].map((i) => ['spec', 'containers', i, 'name'])],
    ['.spec.containers[] | select(.name == "app") | .image', [['spec', 'containers', 0, 'image']]],
    [
      '.spec.containers[] | select(.name != "app")',
      [
        ['spec', 'containers', 1],
        ['spec', 'containers', 2],
      ],
    ],
    [
      '.spec.containers[] | select(.name | startswith("istio")) | .image',
      [
        ['spec', 'containers', 1, 'image'],
        ['spec', 'containers', 2, 'image'],
      ],
    ],
    ['.spec.containers[] | select(.name | endswith("init"))', [['spec', 'containers', 2]]],
    [
      '.spec.containers[] | select(.name == "app" or .ready == true) | .name',
      [
        ['spec', 'containers', 0, 'name'],
        ['spec', 'containers', 1, 'name'],
      ],
    ],
    [
      '.spec.containers[] | select((.name | contains("istio")) and has("ready"))',
      [['spec', 'containers', 1]],
    ],
    [
      '.spec.containers[] | select(.ready == null) | .name',
      [
        ['spec', 'containers', 0, 'name'],
        ['spec', 'containers', 2, 'name'],
      ],
    ],
    [
      '.spec.containers[].env[]? | select(.name == "X") | .value',
      [['spec', 'containers', 0, 'env', 0, 'value']],
    ],
    ['.spec.missing.deeper', []],
    ['.spec.replicas[]', []],
  ])('%s', (expr, expected) => {
    expect(paths(expr)).toEqual(expected);
  });

  it.each([
    ['..', 'diff.jq-unsupported'],
    ['.spec | map(.x)', 'diff.jq-unsupported'],
    ['.spec.replicas + 1', 'diff.jq-unsupported'],
    ['.spec.foo-bar', 'diff.jq-unsupported'],
    ['$x', 'diff.jq-unsupported'],
    ['.a[1:2]', 'diff.jq-unsupported'],
    ['.a, .b', 'diff.jq-unsupported'],
    ['.a[] | select(.name | test("x.*"))', 'diff.jq-unsupported'],
    ['.', 'diff.jq-unsupported'],
    ['.a["b"', 'diff.jq-syntax'],
    ['.a | select(.name == "x"', 'diff.jq-syntax'],
    ['.metadata.annotations["unterminated]', 'diff.jq-syntax'],
  ])('refuses %s with a clear Problem', (expr, code) => {
    const r = parseJqPath(expr, 'ignoreDifferences[0].jqPathExpressions[0]');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({
      code,
      source: { field: 'ignoreDifferences[0].jqPathExpressions[0]' },
    });
    expect(r.problems[0]!.message).toContain(JSON.stringify(expr));
    expect(r.problems[0]!.hint).toBeTruthy();
  });

  it('refuses absurdly long or deeply nested expressions', () => {
    expect(parseJqPath(`.a${'.b'.repeat(600)}`).ok).toBe(false);
    expect(parseJqPath(`.a[] | select(${'('.repeat(40)}.x == 1${')'.repeat(40)})`).ok).toBe(false);
  });
});
