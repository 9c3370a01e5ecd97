/** The published JSON Schema agrees with the fleet-file checks: what it rejects, flotilla rejects. */
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fleetJsonSchema } from '../../../../src/engine/config/json-schema.js';
import {
  DNS_LABEL_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  dnsLabelProblem,
  labelKeyProblem,
  labelValueProblem,
} from '../../../../src/engine/config/names.js';
import { parseFleet } from '../../../../src/engine/config/index.js';
import { formatProblem } from '../../../../src/engine/problem.js';

const validate = new Ajv({ allErrors: true, strictTypes: false }).compile(fleetJsonSchema());

type Fleet = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test data mutated freely

/** A small fleet using every section, placeholders included; valid by both judges. */
function goodFleet(): Fleet {
  return {
    settings: { pollInterval: '3m', productionClusters: { matchLabels: { env: 'prod' } } },
    clusters: [
      {
        name: 'staging',
        context: 'tb-1',
        labels: { env: 'staging', 'create-ns': 'true', 'example.com/team': 'a_b.c' },
      },
    ],
    repos: [
      {
        name: 'platform',
        url: 'https://git.example.com/platform.git',
        auth: { usernameEnv: 'GIT_USER', tokenEnv: 'GIT_TOKEN' },
        pollInterval: '1h30m',
      },
    ],
    apps: [
      {
        name: 'web',
        repo: 'platform',
        revision: 'release/1.2',
        path: 'apps/web/../web',
        destination: { cluster: 'staging', namespace: 'web' },
        syncPolicy: { syncOptions: ['CreateNamespace=true', 'Prune=confirm'] },
        ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
        directory: { recurse: true, include: '*.yaml', exclude: ['test/*'] },
      },
    ],
    appSets: [
      {
        name: 'shop',
        clusters: { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging'] }] },
        template: {
          repo: 'platform',
          revision: '{{ cluster.labels.env }}',
          path: 'apps/shop/{{cluster.name}}',
          destination: { cluster: '{{cluster.name}}', namespace: 'shop-{{cluster.labels.env}}' },
          syncPolicy: { syncOptions: ['CreateNamespace={{cluster.labels.create-ns}}'] },
        },
      },
    ],
  };
}

/** flotilla's verdict: the problems it finds, none for a valid fleet. */
function flotillaProblems(fleet: Fleet): string[] {
  const result = parseFleet(stringify(fleet), '/fleet/flotilla.yaml');
  return result.ok ? [] : result.problems.map(formatProblem);
}

const app = (f: Fleet) => f.apps[0];
const template = (f: Fleet) => f.appSets[0].template;

/** One mistake each, of the kinds the schema claims to catch. */
const mistakes: [string, (f: Fleet) => void][] = [
  ['an unknown section', (f) => (f.aps = [])],
  ['an unknown field', (f) => (f.clusters[0].contxt = 'tb-1')],
  ['an uppercase cluster name', (f) => (f.clusters[0].name = 'Prod_EU')],
  ['a 64-character app name', (f) => (app(f).name = 'a'.repeat(64))],
  ['a namespace with a dot', (f) => (app(f).destination.namespace = 'web.prod')],
  ['a label key with a bad prefix', (f) => (f.clusters[0].labels = { 'Example.com/x': 'a' })],
  ['a label value with a space', (f) => (f.clusters[0].labels = { env: 'a b' })],
  ['a duration without a unit', (f) => (f.repos[0].pollInterval = '30 seconds')],
  ['an env name with "-"', (f) => (f.repos[0].auth.tokenEnv = 'GIT-TOKEN')],
  ['an empty repo url', (f) => (f.repos[0].url = '')],
  ['a revision with ".."', (f) => (app(f).revision = 'main..dev')],
  ['a revision starting with "-"', (f) => (app(f).revision = '-main')],
  ['an absolute path', (f) => (app(f).path = '/apps/web')],
  ['a JSON pointer without "/"', (f) => (app(f).ignoreDifferences[0].jsonPointers = ['spec/replicas'])],
  ['an ignore rule that ignores nothing', (f) => (app(f).ignoreDifferences = [{ kind: 'Deployment' }])],
  ['a sync option with a bad value', (f) => (app(f).syncPolicy.syncOptions = ['CreateNamespace=yes'])],
  ['a sync option not for apps', (f) => (app(f).syncPolicy.syncOptions = ['Force=true'])],
  ['two renderers', (f) => (app(f).helm = { releaseName: 'web' })],
  ['a Helm release name over 53 characters', (f) => (app(f).helm = { releaseName: 'r'.repeat(54) })],
  ['an empty glob', (f) => (app(f).directory.include = '')],
  ['In without values', (f) => (f.appSets[0].clusters.matchExpressions[0].values = [])],
  [
    'Exists with values',
    (f) => (f.appSets[0].clusters.matchExpressions = [{ key: 'env', operator: 'Exists', values: ['x'] }]),
  ],
  [
    'a template namespace without placeholders that is no name',
    (f) => (template(f).destination.namespace = 'Web'),
  ],
  ['a template sync option without placeholders', (f) => (template(f).syncPolicy.syncOptions = ['Nope=1'])],
  ['a request budget of zero', (f) => (f.settings.requestBudget = { qps: 0 })],
  ['readOnly as a string', (f) => (f.settings.readOnly = 'yes')],
];

describe('the fleet JSON Schema', () => {
  it('accepts a fleet flotilla accepts, placeholders in templates included', () => {
    expect(flotillaProblems(goodFleet())).toEqual([]);
    expect(validate(goodFleet()), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(mistakes)('rejects %s, as flotilla does', (_, mistake) => {
    const fleet = goodFleet();
    mistake(fleet);
    expect(flotillaProblems(fleet)).not.toEqual([]);
    expect(validate(fleet)).toBe(false);
  });
});

describe('its patterns', () => {
  const chars = (alphabet: string, maxLength: number) =>
    fc.string({ unit: fc.constantFrom(...alphabet), maxLength });
  const agree = (pattern: string, check: (s: string) => string | undefined, strings: fc.Arbitrary<string>) =>
    fc.assert(
      fc.property(strings, (s) => new RegExp(pattern, 'u').test(s) === (check(s) === undefined)),
      { numRuns: 2000 },
    );

  it('match exactly the names the checks accept', () => {
    agree(DNS_LABEL_PATTERN, dnsLabelProblem, chars('az09-.A_', 70));
    agree(DNS_LABEL_PATTERN, dnsLabelProblem, fc.constantFrom('a'.repeat(63), 'a'.repeat(64), ''));
  });

  it('match exactly the label keys and values the checks accept', () => {
    agree(LABEL_KEY_PATTERN, labelKeyProblem, chars('aZ09-._/ ', 70));
    agree(LABEL_KEY_PATTERN, labelKeyProblem, fc.constantFrom(`x/${'a'.repeat(63)}`, `x/${'a'.repeat(64)}`));
    agree(LABEL_VALUE_PATTERN, labelValueProblem, chars('aZ09-._/ ', 70));
    agree(LABEL_VALUE_PATTERN, labelValueProblem, fc.constantFrom('a'.repeat(63), 'a'.repeat(64)));
  });
});
