/** Loading kubeconfigs: a file that fails to parse is reported by path, line and reason, never quoted. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userKubeConfig } from '../../../src/engine/kubeconfig.js';
import { ProblemError, formatProblem } from '../../../src/engine/problem.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const token = 'sUp3rS3cr3tT0k3nValue';
const good = join(dir, 'good.yaml');
const duplicated = join(dir, 'duplicated.yaml');
writeFileSync(
  good,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\n' +
    'users: [{name: u, user: {}}]\ncontexts: [{name: ctx-a, context: {cluster: c, user: u}}]\n',
);
// Line 11 repeats `token:`; the lines around it hold the token itself.
writeFileSync(
  duplicated,
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    '    server: https://127.0.0.1:6443',
    'users:',
    '- name: u',
    '  user:',
    `    token: ${token}`,
    `    token: ${token}-2`,
    'contexts:',
    '- name: ctx-b',
    '  context: {cluster: c, user: u}',
    '',
  ].join('\n'),
);

function loadError(load: () => unknown): ProblemError {
  try {
    load();
  } catch (err) {
    if (err instanceof ProblemError) return err;
    throw err;
  }
  throw new Error('expected the kubeconfig to be refused');
}

describe('kubeconfig loading', () => {
  it('reports a duplicated key by path, line and reason, without quoting the token', () => {
    const err = loadError(() => userKubeConfig({ KUBECONFIG: duplicated })());
    expect(err.problems).toHaveLength(1);
    const problem = err.problems[0]!;
    expect(problem.code).toBe('kubeconfig.invalid');
    expect(problem.source).toEqual({ file: duplicated, line: 11, column: 5 });
    expect(problem.message).toContain('duplicated mapping key');
    expect(err.message).not.toContain(token);
    expect(formatProblem(problem)).not.toContain(token);
  });

  it('reports the broken file of a merged KUBECONFIG list, not the good one', () => {
    const err = loadError(() => userKubeConfig({ KUBECONFIG: [good, duplicated].join(delimiter) })());
    expect(err.problems[0]?.source?.file).toBe(duplicated);
    expect(err.message).not.toContain(token);
  });

  it('says when a named file does not exist', () => {
    const missing = join(dir, 'missing.yaml');
    const err = loadError(() => userKubeConfig({})(missing));
    expect(err.problems[0]).toMatchObject({
      code: 'kubeconfig.unreadable',
      message: 'Cannot read the kubeconfig file: no such file.',
      source: { file: missing },
    });
  });

  it('loads and merges good files', () => {
    const kc = userKubeConfig({ KUBECONFIG: good })();
    expect(kc.getContexts().map((c) => c.name)).toEqual(['ctx-a']);
  });
});
