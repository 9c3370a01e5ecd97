import { describe, expect, it } from 'vitest';
import { fleetOf, lines, problemsOf, where } from './helpers.js';

/** Four clusters (lines 1-5) and a repo (lines 6-7); app sets start at line 8. */
const CLUSTERS = [
  'clusters:',
  '  - { name: staging, context: tb-1, labels: { env: staging, region: eu } }',
  '  - { name: prod-eu, context: tb-2, labels: { env: prod, region: eu } }',
  '  - { name: prod-us, context: tb-3, labels: { env: prod, region: us, canary: "true" } }',
  '  - { name: lab, context: tb-4 }',
  'repos:',
  '  - { name: platform, url: https://git.example.com/platform.git }',
];

function appSet(selector: string, ...template: string[]): string {
  return lines(
    ...CLUSTERS,
    'appSets:',
    '  - name: web',
    `    clusters: ${selector}`,
    '    template:',
    ...template,
  );
}

const SIMPLE = ['      repo: platform', '      path: apps/web', '      destination: { namespace: web }'];
const generated = (text: string) => fleetOf(text).apps.map((a) => a.name);

describe('app set expansion', () => {
  it('yields one app per cluster matching matchLabels, named <appset>-<cluster>, in cluster order', () => {
    expect(generated(appSet('{ matchLabels: { env: prod } }', ...SIMPLE))).toEqual([
      'web-prod-eu',
      'web-prod-us',
    ]);
  });

  it('combines matchLabels and matchExpressions, all of which must match', () => {
    expect(
      generated(
        appSet(
          '{ matchLabels: { env: prod }, matchExpressions: [{ key: region, operator: In, values: [us] }] }',
          ...SIMPLE,
        ),
      ),
    ).toEqual(['web-prod-us']);
  });

  it('supports each matchExpressions operator', () => {
    const expr = (e: string) => generated(appSet(`{ matchExpressions: [${e}] }`, ...SIMPLE));
    expect(expr('{ key: region, operator: In, values: [eu] }')).toEqual(['web-staging', 'web-prod-eu']);
    expect(expr('{ key: env, operator: NotIn, values: [prod] }')).toEqual(['web-staging', 'web-lab']);
    expect(expr('{ key: canary, operator: Exists }')).toEqual(['web-prod-us']);
    expect(expr('{ key: env, operator: DoesNotExist }')).toEqual(['web-lab']);
  });

  it('matches every cluster with an empty selector, and none is not an error', () => {
    expect(generated(appSet('{}', ...SIMPLE))).toEqual([
      'web-staging',
      'web-prod-eu',
      'web-prod-us',
      'web-lab',
    ]);
    const fleet = fleetOf(appSet('{ matchLabels: { env: qa } }', ...SIMPLE));
    expect(fleet.apps).toEqual([]);
    expect(fleet.appSets).toEqual([expect.objectContaining({ name: 'web', clusters: [], apps: [] })]);
  });

  it('fills {{cluster.name}}, {{cluster.context}} and {{cluster.labels.X}} in every string, nested ones included', () => {
    const fleet = fleetOf(
      appSet(
        '{ matchLabels: { env: prod } }',
        '      repo: platform',
        '      path: apps/web/overlays/{{cluster.labels.env}}-{{ cluster.labels.region }}',
        '      destination: { cluster: "{{cluster.name}}", namespace: "web-{{cluster.labels.region}}" }',
        '      helm: { values: { ingress: { host: "web.{{cluster.labels.region}}.example.com" }, ctx: "{{cluster.context}}" } }',
      ),
    );
    const us = fleet.apps.find((a) => a.name === 'web-prod-us')!;
    expect(us.path).toBe('apps/web/overlays/prod-us');
    expect(us.destination).toEqual({ cluster: 'prod-us', namespace: 'web-us' });
    expect(us.render).toMatchObject({
      tool: 'helm',
      helm: {
        releaseName: 'web-prod-us',
        namespace: 'web-us',
        values: { ingress: { host: 'web.us.example.com' }, ctx: 'tb-3' },
      },
    });
  });

  it('sends each app to its own cluster when the template names no destination cluster', () => {
    const fleet = fleetOf(appSet('{ matchLabels: { env: prod } }', ...SIMPLE));
    expect(fleet.apps.map((a) => a.destination.cluster)).toEqual(['prod-eu', 'prod-us']);
  });

  it('remembers the app set, the cluster and the position of the app set', () => {
    const [app] = fleetOf(appSet('{ matchLabels: { region: us } }', ...SIMPLE)).apps;
    expect(app!.origin).toEqual({ kind: 'appSet', appSet: 'web', cluster: 'prod-us' });
    expect(app!.source).toEqual({ file: '/fleet/flotilla.yaml', line: 9, column: 5, field: 'appSets[0]' });
    expect(app!.fieldSources.path).toMatchObject({ line: 13, column: 13, field: 'appSets[0].template.path' });
  });

  it('puts written apps first, then generated ones, and lists the app sets', () => {
    const text = appSet('{ matchLabels: { env: prod } }', ...SIMPLE).replace(
      'appSets:',
      'apps:\n  - { name: solo, repo: platform, destination: { cluster: lab, namespace: x } }\nappSets:',
    );
    const fleet = fleetOf(text);
    expect(fleet.apps.map((a) => [a.name, a.origin.kind])).toEqual([
      ['solo', 'app'],
      ['web-prod-eu', 'appSet'],
      ['web-prod-us', 'appSet'],
    ]);
    expect(fleet.appSets).toEqual([
      expect.objectContaining({
        name: 'web',
        clusters: ['prod-eu', 'prod-us'],
        apps: ['web-prod-eu', 'web-prod-us'],
      }),
    ]);
  });
});

describe('app set problems', () => {
  it('refuses an unknown placeholder at its exact position, with a suggestion', () => {
    const problems = problemsOf(
      appSet(
        '{}',
        '      repo: platform',
        '      path: "apps/{{cluster.name}}/{{cluster.lables.env}}"',
        '      destination: { namespace: web }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-placeholder', line: 13, column: 36, field: 'appSets[0].template.path' },
    ]);
    expect(problems[0]!.hint).toMatch(/Did you mean \{\{cluster\.labels\.env\}\}\?/);
  });

  it('translates Argo CD placeholder spellings in the hint', () => {
    const problems = problemsOf(
      appSet(
        '{}',
        '      repo: platform',
        '      destination: { cluster: "{{name}}", namespace: "{{metadata.labels.env}}" }',
      ),
    );
    expect(problems.map(where)).toEqual([
      {
        code: 'config.bad-placeholder',
        line: 13,
        column: 32,
        field: 'appSets[0].template.destination.cluster',
      },
      {
        code: 'config.bad-placeholder',
        line: 13,
        column: 55,
        field: 'appSets[0].template.destination.namespace',
      },
    ]);
    expect(problems.map((p) => p.hint)).toEqual([
      expect.stringMatching(/\{\{cluster\.name\}\}\?/),
      expect.stringMatching(/\{\{cluster\.labels\.env\}\}\?/),
    ]);
  });

  it('explains that a value starting with a placeholder must be quoted', () => {
    const problems = problemsOf(
      appSet(
        '{}',
        '      repo: platform',
        '      destination:',
        '        cluster: {{cluster.name}}',
        '        namespace: web',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.wrong-type', line: 14, column: 18, field: 'appSets[0].template.destination.cluster' },
    ]);
    expect(problems[0]!.hint).toMatch(/must be quoted/);
  });

  it('refuses an unclosed placeholder, pointing at the second of two identical openings', () => {
    const problems = problemsOf(
      appSet(
        '{}',
        '      repo: platform',
        '      path: "{{cluster.name}}/{{cluster.name"',
        '      destination: { namespace: web }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-placeholder', line: 13, column: 31, field: 'appSets[0].template.path' },
    ]);
  });

  it('reports a label a matching cluster lacks, once per cluster, at the placeholder', () => {
    const problems = problemsOf(
      appSet(
        '{ matchExpressions: [{ key: env, operator: In, values: [staging, prod] }] }',
        '      repo: platform',
        '      path: apps/{{cluster.labels.canary}}',
        '      destination: { namespace: web }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.missing-label', line: 13, column: 18, field: 'appSets[0].template.path' },
      { code: 'config.missing-label', line: 13, column: 18, field: 'appSets[0].template.path' },
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/cluster staging .* no label "canary"/),
      expect.stringMatching(/cluster prod-eu .* no label "canary"/),
    ]);
    expect(problems[0]!.hint).toMatch(/operator: Exists/);
  });

  it('checks the expanded values, naming the cluster, at the template field', () => {
    const problems = problemsOf(
      lines(
        ...CLUSTERS.slice(0, 1),
        '  - { name: prod, labels: { env: PROD } }',
        ...CLUSTERS.slice(5),
        'appSets:',
        '  - name: web',
        '    clusters: {}',
        '    template:',
        '      repo: platform',
        '      destination: { namespace: "web-{{cluster.labels.env}}" }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-name', line: 10, column: 33, field: 'appSets[0].template.destination.namespace' },
    ]);
    expect(problems[0]!.message).toMatch(/^For cluster prod: "web-PROD" is not a valid namespace/);
  });

  it('refuses a generated name longer than 63 characters, at the app set name', () => {
    const long = `web-${'x'.repeat(55)}`;
    const problems = problemsOf(
      appSet('{ matchLabels: { env: prod } }', ...SIMPLE).replace('name: web', `name: ${long}`),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-name', line: 9, column: 11, field: 'appSets[0].name' },
      { code: 'config.bad-name', line: 9, column: 11, field: 'appSets[0].name' },
    ]);
    expect(problems[0]!.message).toMatch(/For cluster prod-eu: .* 67 characters long/);
  });

  it('refuses a generated name already taken by a written app', () => {
    const text = appSet('{ matchLabels: { env: prod } }', ...SIMPLE).replace(
      'appSets:',
      'apps:\n  - { name: web-prod-us, repo: platform, destination: { cluster: prod-us, namespace: x } }\nappSets:',
    );
    const problems = problemsOf(text);
    expect(problems.map(where)).toEqual([
      { code: 'config.duplicate-name', line: 11, column: 11, field: 'appSets[0].name' },
    ]);
    expect(problems[0]!.message).toBe(
      'The name "web-prod-us" of the app generated by app set web for cluster prod-us is already used by the app at line 9.',
    );
  });

  it('refuses a template with a name, since the app set names its apps', () => {
    const problems = problemsOf(appSet('{}', '      name: web', ...SIMPLE));
    expect(problems.map(where)).toEqual([
      { code: 'config.unknown-field', line: 12, column: 7, field: 'appSets[0].template.name' },
    ]);
  });

  it('checks selectors: operators, values and label keys', () => {
    const problems = problemsOf(
      appSet(
        '{ matchLabels: { "a b": x }, matchExpressions: [{ key: env, operator: In }, { key: env, operator: Exists, values: [x] }, { key: env, operator: Gt, values: ["1"] }] }',
        ...SIMPLE,
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-label', line: 10, column: 32, field: 'appSets[0].clusters.matchLabels["a b"]' },
      {
        code: 'config.bad-selector',
        line: 10,
        column: 85,
        field: 'appSets[0].clusters.matchExpressions[0].operator',
      },
      {
        code: 'config.bad-selector',
        line: 10,
        column: 129,
        field: 'appSets[0].clusters.matchExpressions[1].values',
      },
      {
        code: 'config.bad-value',
        line: 10,
        column: 158,
        field: 'appSets[0].clusters.matchExpressions[2].operator',
      },
    ]);
  });

  it('reports a template repo that does not exist once, not once per cluster', () => {
    const problems = problemsOf(
      appSet('{}', '      repo: platfrom', '      destination: { namespace: web }'),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.unknown-repo', line: 12, column: 13, field: 'appSets[0].template.repo' },
    ]);
  });
});
