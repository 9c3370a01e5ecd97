import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_BYTES, normaliseDocuments } from '../../../../src/engine/render/normalise.js';
import { readManifests } from '../../../../src/engine/render/yaml-reader.js';

function problemsOf(text: string) {
  const read = readManifests(text, 'apps/x/cm.yaml');
  const result = normaliseDocuments(read.documents, { namespace: 'web' });
  return result.ok ? [] : result.problems.map((p) => [p.code, p.source?.line, p.message]);
}

describe('names no Kubernetes kind accepts', () => {
  it.each([
    ['a terminal escape', 'name: "evil\\e[2Jname"'],
    ['a bell in generateName', 'generateName: "job-\\a"'],
    ['a slash', 'name: "a/b"'],
    ['a percent sign', 'name: "a%2Fb"'],
    ['a line break in the namespace', 'name: ok\n  namespace: "team\\nx"'],
  ])('refuses %s, naming the file and line', (_, field) => {
    const problems = problemsOf(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  ${field}\n`);
    expect(problems).toEqual([
      ['render.invalid-object', 1, expect.stringMatching(/^metadata\.\w+ holds control/)],
    ]);
  });

  it('accepts the names real kinds use', () => {
    expect(problemsOf('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-1.example\n')).toEqual([]);
    expect(
      problemsOf(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: "system:controller:x@y"\n',
      ),
    ).toEqual([]);
  });
});

describe('objects larger than the API server accepts', () => {
  it('are refused with their size, naming the file', () => {
    const big = 'x'.repeat(MAX_OBJECT_BYTES);
    const problems = problemsOf(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: ${big}\n`,
    );
    expect(problems).toEqual([
      ['render.object-too-large', 1, expect.stringMatching(/^ConfigMap huge is 3\.0 MiB as JSON/)],
    ]);
    expect(
      problemsOf(
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fits\ndata:\n  blob: ${'x'.repeat(MAX_OBJECT_BYTES - 200)}\n`,
      ),
    ).toEqual([]);
  });
});
