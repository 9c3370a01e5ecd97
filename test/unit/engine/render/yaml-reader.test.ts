import { describe, expect, it } from 'vitest';
import { readManifests } from '../../../../src/engine/render/yaml-reader.js';

describe('readManifests', () => {
  it('reads plain scalars with YAML 1.1 rules, as kubectl sends them to the API server', () => {
    const text = [
      'switch: on',
      'answer: yes',
      'negative: NO',
      'quoted: "on"',
      'mode: 0644',
      'goOctal: 0o17',
      'hex: 0x1F',
      'time: 12:30',
      'date: 2024-01-02',
      'float: 1e3',
      'y: key-is-a-boolean',
      '',
    ].join('\n');
    const { documents, problems } = readManifests(text, 'scalars.yaml');
    expect(problems).toEqual([]);
    expect(documents[0]?.value).toEqual({
      switch: true,
      answer: true,
      negative: false,
      quoted: 'on',
      mode: 420,
      goOctal: 15,
      hex: 31,
      time: '12:30',
      date: '2024-01-02',
      float: 1000,
      true: 'key-is-a-boolean',
    });
  });

  it('honours merge keys', () => {
    const { documents } = readManifests('base: &b {a: 1}\nmerged:\n  <<: *b\n  c: 2\n', 'merge.yaml');
    expect(documents[0]?.value).toMatchObject({ merged: { a: 1, c: 2 } });
  });

  it('skips empty and comment-only documents and keeps the line of each object', () => {
    const text = '# header\n---\n---\n# only a comment\n---\nkind: A\n---\n\n\nkind: B\n...\n';
    const { documents, problems } = readManifests(text, 'multi.yaml');
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.value, d.source.line])).toEqual([
      [{ kind: 'A' }, 6],
      [{ kind: 'B' }, 10],
    ]);
  });

  it('reports a syntax error with file, line and column', () => {
    const { documents, problems } = readManifests('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml');
    expect(documents).toEqual([]);
    expect(problems[0]).toMatchObject({
      code: 'render.yaml-syntax',
      source: { file: 'bad.yaml', line: 3, column: 1 },
    });
    expect(problems[0]?.message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('treats duplicate keys as an error', () => {
    const { problems } = readManifests('a: 1\na: 2\n', 'dup.yaml');
    expect(problems[0]).toMatchObject({ code: 'render.yaml-syntax', source: { line: 2 } });
    expect(problems[0]?.message).toMatch(/unique/);
  });

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a [x, x]',
      ...Array.from(
        { length: 12 },
        (_, i) => `l${i}: &l${i} [*${i === 0 ? 'a' : `l${i - 1}`}, *${i === 0 ? 'a' : `l${i - 1}`}]`,
      ),
      '',
    ].join('\n');
    const { problems } = readManifests(bomb, 'bomb.yaml');
    expect(problems[0]).toMatchObject({
      code: 'render.yaml-syntax',
      message: expect.stringMatching(/alias/),
    });
  });

  it('expands a List into its items, each with its own line', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - kind: ConfigMap\n    metadata: {name: a}\n  - kind: ConfigMap\n    metadata: {name: b}\n';
    const { documents } = readManifests(text, 'list.yaml');
    expect(
      documents.map((d) => [(d.value as { metadata: { name: string } }).metadata.name, d.source.line]),
    ).toEqual([
      ['a', 4],
      ['b', 6],
    ]);
  });

  it("picks up Helm's `# Source:` comments when asked", () => {
    const text =
      '---\n# Source: web/templates/a.yaml\nkind: A\n---\n# Source: web/templates/b.yaml\nkind: B\n';
    const { documents } = readManifests(text, 'helm output', { helmSources: true });
    expect(documents.map((d) => d.source.template)).toEqual(['web/templates/a.yaml', 'web/templates/b.yaml']);
    expect(readManifests(text, 'plain').documents[0]?.source.template).toBeUndefined();
  });

  it('reads JSON, tabs included', () => {
    const { documents, problems } = readManifests(
      '{\n\t"kind": "ConfigMap",\n\t"data": {"on": "yes"}\n}\n',
      'cm.json',
    );
    expect(problems).toEqual([]);
    expect(documents[0]?.value).toEqual({ kind: 'ConfigMap', data: { on: 'yes' } });
  });
});
