import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleet } from '../../../../src/engine/config/index.js';
import { where } from './helpers.js';

describe('a fleet file with many mistakes', () => {
  const file = 'test/fixtures/config/many-errors.yaml';
  const text = readFileSync(new URL('../../../fixtures/config/many-errors.yaml', import.meta.url), 'utf8');

  it('lists every problem at once, in file order, each with file, line, column and field path', () => {
    const result = parseFleet(text, file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(where)).toEqual([
      { code: 'config.wrong-type', line: 3, column: 13, field: 'settings.readOnly' },
      { code: 'config.unknown-field', line: 6, column: 5, field: 'clusters[0].contxt' },
      { code: 'config.bad-name', line: 8, column: 11, field: 'clusters[1].name' },
      { code: 'config.missing-field', line: 13, column: 5, field: 'repos[0].auth.tokenEnv' },
      { code: 'config.inline-secret', line: 13, column: 36, field: 'repos[0].auth.token' },
      { code: 'config.bad-duration', line: 14, column: 19, field: 'repos[0].pollInterval' },
      { code: 'config.unknown-repo', line: 17, column: 11, field: 'apps[0].repo' },
      { code: 'config.unknown-cluster', line: 19, column: 29, field: 'apps[0].destination.cluster' },
      { code: 'config.duplicate-name', line: 20, column: 11, field: 'apps[1].name' },
      { code: 'config.missing-field', line: 22, column: 5, field: 'apps[1].destination.namespace' },
      {
        code: 'config.bad-value',
        line: 25,
        column: 58,
        field: 'appSets[0].clusters.matchExpressions[0].operator',
      },
      { code: 'config.bad-placeholder', line: 28, column: 22, field: 'appSets[0].template.path' },
    ]);
    expect(result.problems.every((p) => p.source?.file === file)).toBe(true);
  });

  it('explains each problem in plain words with what to do', () => {
    const result = parseFleet(text, file);
    if (result.ok) throw new Error('expected problems');
    const byField = new Map(result.problems.map((p) => [p.source?.field, p]));
    expect(byField.get('clusters[0].contxt')?.hint).toMatch(/Did you mean `context`\?/);
    expect(byField.get('apps[0].repo')?.hint).toMatch(/Did you mean `platform`\?/);
    expect(byField.get('apps[0].destination.cluster')?.hint).toMatch(/Did you mean `staging`\?/);
    expect(byField.get('appSets[0].clusters.matchExpressions[0].operator')?.hint).toMatch(
      /Did you mean "In"\?/,
    );
    expect(byField.get('appSets[0].template.path')?.hint).toMatch(/\{\{cluster\.labels\.env\}\}/);
    expect(byField.get('apps[1].name')?.message).toMatch(/already used by the app at line 16/);
    // The refused inline token is never repeated back.
    expect(JSON.stringify(result.problems)).not.toContain('s3cr3t');
  });
});
