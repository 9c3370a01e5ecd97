import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_OPTIONS } from '../../../../src/engine/config/index.js';
import { BASE, fleetOf, lines, problemsOf, where } from './helpers.js';

const MINIMAL_APP = [
  'apps:',
  '  - name: web',
  '    repo: platform',
  '    destination: { cluster: staging, namespace: web }',
];

describe('defaults', () => {
  it('fill every optional field of a minimal app', () => {
    const [app] = fleetOf(lines(...BASE, ...MINIMAL_APP)).apps;
    expect(app).toMatchObject({
      revision: 'HEAD',
      path: '',
      syncPolicy: { syncOptions: DEFAULT_SYNC_OPTIONS },
      ignoreDifferences: [],
      render: { tool: 'auto', directory: { recurse: false, include: [], exclude: [] } },
      origin: { kind: 'app' },
    });
    expect(app!.syncPolicy.automated).toBeUndefined();
    expect(app!.syncPolicy.retry).toBeUndefined();
  });

  it('give automated apps the default retry policy, and fill partial ones', () => {
    const fleet = fleetOf(
      lines(
        ...BASE,
        ...MINIMAL_APP,
        '    syncPolicy: { automated: {} }',
        '  - name: api',
        '    repo: platform',
        '    destination: { cluster: staging, namespace: api }',
        '    syncPolicy: { retry: { limit: -1, backoff: { duration: 10s } } }',
      ),
    );
    expect(fleet.apps[0]!.syncPolicy).toMatchObject({
      automated: { prune: false, selfHeal: false, allowEmpty: false },
      retry: { limit: 5, backoffMs: 5_000, factor: 2, maxBackoffMs: 180_000 },
    });
    expect(fleet.apps[1]!.syncPolicy.retry).toEqual({
      limit: -1,
      backoffMs: 10_000,
      factor: 2,
      maxBackoffMs: 180_000,
    });
  });

  it('poll repos every 3 minutes, or at settings.pollInterval, unless the repo says otherwise', () => {
    const repos = [
      'repos:',
      '  - { name: a, url: https://git.example.com/a.git }',
      '  - { name: b, url: https://git.example.com/b.git, pollInterval: 10s }',
    ];
    expect(fleetOf(lines(...repos)).repos.map((r) => r.pollIntervalMs)).toEqual([180_000, 10_000]);
    expect(
      fleetOf(lines('settings: { pollInterval: 1m }', ...repos)).repos.map((r) => r.pollIntervalMs),
    ).toEqual([60_000, 10_000]);
  });

  it('reads settings.syncWaveDelay as an extra pause after each sync wave, none by default', () => {
    expect(fleetOf(lines('clusters:', '  - { name: a }')).settings.syncWaveDelayMs).toBe(0);
    expect(fleetOf(lines('settings: { syncWaveDelay: 2s }')).settings.syncWaveDelayMs).toBe(2_000);
    expect(fleetOf(lines('clusters:', '  - { name: a }')).settings.historyLimit).toBe(10);
    expect(fleetOf(lines('settings: { historyLimit: 3 }')).settings.historyLimit).toBe(3);
  });

  it('budget 20 requests a second with bursts of 40 per cluster unless settings.requestBudget says otherwise', () => {
    expect(fleetOf(lines('clusters:', '  - { name: a }')).settings.requestBudget).toEqual({
      qps: 20,
      burst: 40,
    });
    expect(fleetOf(lines('settings: { requestBudget: { qps: 2.5 } }')).settings.requestBudget).toEqual({
      qps: 2.5,
      burst: 40,
    });
    const problems = problemsOf(lines('settings: { requestBudget: { qps: 0, burst: 1.5, rate: 3 } }'));
    expect(problems.map((p) => p.source?.field).sort()).toEqual([
      'settings.requestBudget.burst',
      'settings.requestBudget.qps',
      'settings.requestBudget.rate',
    ]);
  });

  it('normalise paths and resolve value files from the app path; helm defaults to the app name and namespace', () => {
    const [app] = fleetOf(
      lines(
        ...BASE,
        ...MINIMAL_APP,
        '    path: ./charts/web/',
        '    helm: { valueFiles: [values-prod.yaml, ../shared/common.yaml] }',
      ),
    ).apps;
    expect(app!.path).toBe('charts/web');
    expect(app!.render).toEqual({
      tool: 'helm',
      helm: {
        releaseName: 'web',
        namespace: 'web',
        valueFiles: ['charts/web/values-prod.yaml', 'charts/shared/common.yaml'],
        ignoreMissingValueFiles: false,
        values: {},
      },
    });
  });

  it('accept include and exclude as one glob or a list', () => {
    const [app] = fleetOf(
      lines(
        ...BASE,
        ...MINIMAL_APP,
        '    directory: { recurse: true, include: "*.yaml", exclude: [test/*, "*.json"] }',
      ),
    ).apps;
    expect(app!.render).toEqual({
      tool: 'directory',
      directory: { recurse: true, include: ['*.yaml'], exclude: ['test/*', '*.json'] },
    });
  });

  it('use the cluster name as its context, and mark clusters read-only and production', () => {
    const fleet = fleetOf(
      lines(
        'settings: { productionClusters: { matchLabels: { tier: critical } } }',
        'clusters:',
        '  - { name: a, labels: { tier: critical } }',
        '  - { name: b, labels: { tier: critical }, production: false }',
        '  - { name: c, readOnly: true, kubeconfig: ./kube/c.yaml }',
      ),
    );
    expect(fleet.clusters.map((c) => [c.name, c.context, c.readOnly, c.production, c.kubeconfig])).toEqual([
      ['a', 'a', false, true, undefined],
      ['b', 'b', false, false, undefined],
      ['c', 'c', true, false, '/fleet/kube/c.yaml'],
    ]);
  });

  it('count env: prod and env: production as production by default, and let settings.readOnly cover every cluster', () => {
    const fleet = fleetOf(
      lines(
        'settings: { readOnly: true }',
        'clusters:',
        '  - { name: a, labels: { env: prod } }',
        '  - { name: b, labels: { env: production } }',
        '  - { name: c, labels: { env: staging } }',
      ),
    );
    expect(fleet.settings.readOnly).toBe(true);
    expect(fleet.clusters.map((c) => [c.production, c.readOnly])).toEqual([
      [true, true],
      [true, true],
      [false, true],
    ]);
  });

  it('resolve the example fleet file completely', () => {
    const text = readFileSync(new URL('../../../fixtures/config/example.yaml', import.meta.url), 'utf8');
    const fleet = fleetOf(text);
    expect(fleet.apps.map((a) => [a.name, a.destination.cluster, a.path])).toEqual([
      ['guestbook', 'staging', 'apps/guestbook'],
      ['web-prod-eu', 'prod-eu', 'apps/web/overlays/prod'],
    ]);
    expect(fleet.clusters.find((c) => c.name === 'prod-eu')).toMatchObject({
      readOnly: true,
      production: true,
    });
    expect(fleet.repos[0]).toMatchObject({
      pollIntervalMs: 30_000,
      auth: { usernameEnv: 'GIT_USER', tokenEnv: 'GIT_TOKEN' },
    });
  });
});

describe('clusters from the kubeconfig', () => {
  const apps = [
    'repos:',
    '  - { name: platform, url: https://git.example.com/platform.git }',
    'apps:',
    '  - { name: web, repo: platform, destination: { cluster: tb-1, namespace: web } }',
  ];

  it('are every context when the file has no clusters list, named after the context', () => {
    const fleet = fleetOf(lines(...apps), { kubeContexts: ['tb-1', 'tb-2'] });
    expect(fleet.clusters).toEqual([
      { name: 'tb-1', context: 'tb-1', labels: {}, readOnly: false, production: false, origin: 'kubeconfig' },
      { name: 'tb-2', context: 'tb-2', labels: {}, readOnly: false, production: false, origin: 'kubeconfig' },
    ]);
  });

  it('are also used for an empty clusters: section, but not for an explicit empty list', () => {
    expect(
      fleetOf(lines('clusters:', ...apps), { kubeContexts: ['tb-1'] }).clusters.map((c) => c.name),
    ).toEqual(['tb-1']);
    expect(problemsOf(lines('clusters: []', ...apps), { kubeContexts: ['tb-1'] }).map((p) => p.code)).toEqual(
      ['config.unknown-cluster'],
    );
  });

  it('turn context names into DNS labels, keeping the context as written', () => {
    const fleet = fleetOf('{}\n', {
      kubeContexts: ['gke_my-proj_europe-west1_Prod', 'arn:aws:eks:eu-west-1:123:cluster/web'],
    });
    expect(fleet.clusters.map((c) => [c.name, c.context])).toEqual([
      ['gke-my-proj-europe-west1-prod', 'gke_my-proj_europe-west1_Prod'],
      ['arn-aws-eks-eu-west-1-123-cluster-web', 'arn:aws:eks:eu-west-1:123:cluster/web'],
    ]);
  });

  it('refuse two contexts that would get the same name', () => {
    const problems = problemsOf('{}\n', { kubeContexts: ['kind_a', 'kind-a'] });
    expect(problems.map((p) => p.code)).toEqual(['config.duplicate-name']);
    expect(problems[0]!.message).toMatch(/"kind_a" and "kind-a"/);
  });

  it('explain an unknown destination cluster by listing the contexts', () => {
    const problems = problemsOf(lines(...apps).replace('cluster: tb-1', 'cluster: tb-3'), {
      kubeContexts: ['tb-1', 'tb-2'],
    });
    expect(problems.map(where)).toEqual([
      { code: 'config.unknown-cluster', line: 4, column: 58, field: 'apps[0].destination.cluster' },
    ]);
    expect(problems[0]!.hint).toMatch(/kubeconfig's contexts: tb-1, tb-2/);
  });

  it('check each listed cluster context against the kubeconfig when its contexts are known', () => {
    const text = lines(
      'clusters:',
      '  - { name: staging, context: tb-1 }',
      '  - { name: prod, context: prod-ctz }',
      '  - { name: tb-2 }',
      '  - { name: other, context: x, kubeconfig: /etc/other.yaml }',
    );
    const problems = problemsOf(text, { kubeContexts: ['tb-1', 'prod-ctx'] });
    expect(problems.map(where)).toEqual([
      { code: 'config.unknown-context', line: 3, column: 28, field: 'clusters[1].context' },
      { code: 'config.unknown-context', line: 4, column: 13, field: 'clusters[2].name' },
    ]);
    expect(problems[0]!.hint).toMatch(/Did you mean `prod-ctx`\?/);
    expect(fleetOf(text).clusters).toHaveLength(4); // unknown contexts: nothing to check against
  });
});
