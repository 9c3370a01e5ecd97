import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleet } from '../../../../src/engine/config/index.js';
import { FILE, lines, problemsOf, where } from './helpers.js';

describe('malformed YAML', () => {
  it('reports a syntax error with its line and column instead of throwing', () => {
    const text = readFileSync(new URL('../../../fixtures/config/malformed.yaml', import.meta.url), 'utf8');
    const result = parseFleet(text, 'malformed.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(where(result.problems[0]!)).toEqual({
      code: 'config.yaml-syntax',
      line: 6,
      column: 1,
      field: undefined,
    });
    expect(result.problems[0]!.message).toMatch(/not valid YAML/);
    expect(result.problems[0]!.message).not.toMatch(/\bat \w+ \(/); // no stack frames
  });

  it('reports a tab used for indentation at the tab', () => {
    const [problem] = problemsOf(lines('apps:', '\t- name: x'));
    expect(where(problem!)).toMatchObject({ code: 'config.yaml-syntax', line: 2, column: 1 });
  });

  it('refuses a key given twice in one mapping, at the second one', () => {
    const problems = problemsOf(
      lines('repos:', '  - name: a', '    url: https://a.example/x.git', '    url: https://b.example/x.git'),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.yaml-syntax', line: 4, column: 5, field: undefined },
    ]);
    expect(problems[0]!.message).toMatch(/unique/);
  });

  it('refuses a second YAML document', () => {
    const problems = problemsOf(lines('apps: []', '---', 'repos: []'));
    expect(problems.map(where)).toEqual([
      { code: 'config.multiple-documents', line: 2, column: 1, field: undefined },
    ]);
  });

  it('calls an empty or comment-only file empty', () => {
    expect(problemsOf('').map((p) => p.code)).toEqual(['config.empty']);
    expect(problemsOf('# nothing yet\n').map((p) => p.code)).toEqual(['config.empty']);
    expect(problemsOf('')[0]!.source).toEqual({ file: FILE });
  });

  it('refuses a file that is a list or a scalar rather than a mapping', () => {
    expect(problemsOf(lines('- apps')).map(where)).toEqual([
      { code: 'config.not-a-mapping', line: 1, column: 1, field: '' },
    ]);
    expect(problemsOf(lines('just text')).map((p) => p.code)).toEqual(['config.not-a-mapping']);
  });

  it('accepts an empty mapping as a fleet with nothing in it', () => {
    const result = parseFleet('{}\n', FILE);
    expect(result.ok && result.value.apps).toEqual([]);
  });

  it('stops an alias bomb instead of expanding it', () => {
    const bomb = lines(
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    );
    expect(problemsOf(bomb).map((p) => p.code)).toContain('config.yaml-syntax');
  });
});
