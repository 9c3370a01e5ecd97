/** Hostile input never crashes the fleet-file parser: any text gives a fleet or problems in plain words. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadFleet, parseFleet } from '../../../../src/engine/config/index.js';
import type { Result } from '../../../../src/engine/problem.js';
import { hostileString } from '../../../support/hostile-text.js';
import { yamlishData, yamlishText } from '../../../support/yamlish.js';
import { FILE } from './helpers.js';

/** A fleet, or at least one problem, each with a code and a message. */
function expectOkOrProblems(result: Result<unknown>): void {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(typeof p.code).toBe('string');
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
  }
}

const options = { kubeContexts: ['tb-1', 'tb-2'], homeDir: '/home/u' };

describe('parseFleet on hostile input', () => {
  it.each([
    ['an app', 'apps:\n  - null\n', 'apps[0]'],
    ['a repo', 'repos: [null]\n', 'repos[0]'],
    [
      'an ignoreDifferences rule',
      'apps:\n  - { ignoreDifferences: [null] }\n',
      'apps[0].ignoreDifferences[0]',
    ],
    [
      'a selector expression',
      'appSets:\n  - { clusters: { matchExpressions: [7] } }\n',
      'appSets[0].clusters.matchExpressions[0]',
    ],
  ])('%s that is not a mapping is a problem, not a crash', (_what, text, field) => {
    const result = parseFleet(text, FILE, options);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toContainEqual(
        expect.objectContaining({ code: 'config.wrong-type', source: expect.objectContaining({ field }) }),
      );
  });

  it('any text: a fleet or problems, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(80), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        expectOkOrProblems(parseFleet(text, FILE, options));
      }),
      { numRuns: 300 },
    );
  });

  it('adversarial YAML-ish text (anchors, tags, directives, flow and block mixes)', () => {
    fc.assert(
      fc.property(yamlishText(), (text) => {
        expectOkOrProblems(parseFleet(text, FILE, options));
      }),
      { numRuns: 400 },
    );
  });

  it('well-formed YAML of fleet-like shapes with wrong and hostile values', () => {
    const sections = fc.record(
      {
        clusters: yamlishData(),
        repos: yamlishData(),
        apps: fc.array(yamlishData(), { maxLength: 3 }),
        appSets: fc.array(yamlishData(), { maxLength: 2 }),
        settings: yamlishData(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(sections, (data) => {
        expectOkOrProblems(parseFleet(stringify(data), FILE, options));
      }),
      { numRuns: 60 },
    );
  });
});

describe('loadFleet with an injected readFile', () => {
  it('whatever the file holds or however reading fails: a fleet or problems', async () => {
    const failure = fc.oneof(
      fc
        .constantFrom('ENOENT', 'EISDIR', 'EACCES', 'ELOOP')
        .map((code) => Object.assign(new Error(code), { code })),
      fc.constantFrom(null, undefined, 42, 'a string', { code: 7 }),
    );
    const outcome = fc.oneof(
      yamlishText().map((text) => ({ text })),
      failure.map((error) => ({ error })),
    );
    await fc.assert(
      fc.asyncProperty(outcome, hostileString(10), async (read, configArg) => {
        const result = await loadFleet({
          ...options,
          configArg: configArg || 'flotilla.yaml',
          cwd: '/work',
          readFile: async () => {
            if ('error' in read) throw read.error;
            return read.text;
          },
        });
        expectOkOrProblems(result);
      }),
      { numRuns: 200 },
    );
  });
});
