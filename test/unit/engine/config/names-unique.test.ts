import { describe, expect, it } from 'vitest';
import { lines, problemsOf, where } from './helpers.js';

describe('unique names', () => {
  it('are required of clusters, repos and app sets, reported at the later one', () => {
    const problems = problemsOf(
      lines(
        'clusters:',
        '  - { name: a }',
        '  - { name: a }',
        'repos:',
        '  - { name: r, url: /srv/r }',
        '  - { name: r, url: /srv/s }',
        'appSets:',
        '  - { name: s, clusters: {}, template: { repo: r, destination: { namespace: x } } }',
        '  - { name: s, clusters: { matchLabels: { none: "y" } }, template: { repo: r, destination: { namespace: x } } }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.duplicate-name', line: 3, column: 13, field: 'clusters[1].name' },
      { code: 'config.duplicate-name', line: 6, column: 13, field: 'repos[1].name' },
      { code: 'config.duplicate-name', line: 9, column: 13, field: 'appSets[1].name' },
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'The cluster name "a" is already used by the cluster at line 2.',
      'The repo name "r" is already used by the repo at line 5.',
      'The app set name "s" is already used by the app set at line 8.',
    ]);
  });

  it('are checked even for entries with other problems', () => {
    const problems = problemsOf(
      lines('repos:', '  - { name: r, url: /srv/r, colour: red }', '  - { name: r, url: /srv/s }'),
    );
    expect(problems.map((p) => p.code)).toEqual(['config.unknown-field', 'config.duplicate-name']);
  });

  it('do not cascade: an app naming a repo whose entry is invalid gets no "unknown repo"', () => {
    const problems = problemsOf(
      lines(
        'repos:',
        '  - { name: r, url: "git@host:x.git" }',
        'apps:',
        '  - { name: a, repo: r, destination: { cluster: c, namespace: n } }',
      ),
      { kubeContexts: ['c'] },
    );
    expect(problems.map((p) => p.code)).toEqual(['config.bad-url']);
  });
});
