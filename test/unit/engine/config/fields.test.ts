import { describe, expect, it } from 'vitest';
import { BASE, fleetOf, lines, problemsOf, where } from './helpers.js';

/** BASE (lines 1-5) plus one app whose extra lines start at line 10. */
function app(...extra: string[]): string {
  return lines(
    ...BASE,
    'apps:',
    '  - name: web',
    '    repo: platform',
    '    destination: { cluster: staging, namespace: web }',
    ...extra,
  );
}

describe('unknown fields', () => {
  it('are errors at the key, with the closest known field suggested', () => {
    const [problem, ...rest] = problemsOf(app('    revison: main'));
    expect(rest).toEqual([]);
    expect(where(problem!)).toEqual({
      code: 'config.unknown-field',
      line: 10,
      column: 5,
      field: 'apps[0].revison',
    });
    expect(problem!.message).toBe('Unknown field `revison`.');
    expect(problem!.hint).toMatch(
      /^Did you mean `revision`\? Fields allowed in apps\[0\]: name, repo, revision, path, destination/,
    );
  });

  it('list the allowed fields without a guess when nothing is close', () => {
    const [problem] = problemsOf(app('    colour: blue'));
    expect(problem!.hint).not.toMatch(/Did you mean/);
    expect(problem!.hint).toMatch(/Fields allowed in apps\[0\]/);
  });

  it('are found at every depth, in flow and block style alike', () => {
    const problems = problemsOf(
      app(
        '    syncPolicy: { automated: { prune: true, selfheal: true } }',
        '    helm:',
        '      releseName: web',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.unknown-field', line: 10, column: 45, field: 'apps[0].syncPolicy.automated.selfheal' },
      { code: 'config.unknown-field', line: 12, column: 7, field: 'apps[0].helm.releseName' },
    ]);
    expect(problems.map((p) => p.hint)).toEqual([
      expect.stringMatching(/`selfHeal`/),
      expect.stringMatching(/`releaseName`/),
    ]);
  });

  it('at the top level are errors too', () => {
    const [problem] = problemsOf(lines('appsets: []'));
    expect(where(problem!)).toEqual({ code: 'config.unknown-field', line: 1, column: 1, field: 'appsets' });
    expect(problem!.hint).toMatch(/Did you mean `appSets`\?/);
  });
});

describe('inline secrets', () => {
  it('refuses a token in auth and says to use tokenEnv, without repeating the token', () => {
    const problems = problemsOf(
      lines(
        'repos:',
        '  - name: platform',
        '    url: https://git.example.com/p.git',
        '    auth: { tokenEnv: GIT_TOKEN, token: ghp_abc123 }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.inline-secret', line: 4, column: 34, field: 'repos[0].auth.token' },
    ]);
    expect(problems[0]!.hint).toMatch(/tokenEnv/);
    expect(JSON.stringify(problems)).not.toContain('ghp_abc123');
  });

  it('refuses a password directly on the repo', () => {
    const problems = problemsOf(
      lines(
        'repos:',
        '  - name: platform',
        '    url: https://git.example.com/p.git',
        '    password: hunter2',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.inline-secret', line: 4, column: 5, field: 'repos[0].password' },
    ]);
    expect(problems[0]!.hint).toMatch(/tokenEnv/);
  });

  it('refuses credentials inside the URL, without repeating them', () => {
    const problems = problemsOf(
      lines('repos:', '  - name: platform', '    url: https://bot:ghp_abc123@git.example.com/p.git'),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.inline-secret', line: 3, column: 10, field: 'repos[0].url' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('ghp_abc123');
  });

  it('refuses a token on a cluster, pointing at the kubeconfig', () => {
    const problems = problemsOf(lines('clusters:', '  - name: prod', '    bearerToken: abc'));
    expect(problems.map(where)).toEqual([
      { code: 'config.inline-secret', line: 3, column: 5, field: 'clusters[0].bearerToken' },
    ]);
    expect(problems[0]!.hint).toMatch(/kubeconfig/);
  });

  it('accepts secrets by environment-variable reference, and checks the variable names', () => {
    const ok = fleetOf(
      lines(
        'repos:',
        '  - name: platform',
        '    url: https://git.example.com/p.git',
        '    auth: { usernameEnv: GIT_USER, tokenEnv: GIT_TOKEN }',
      ),
    );
    expect(ok.repos[0]!.auth).toEqual({ usernameEnv: 'GIT_USER', tokenEnv: 'GIT_TOKEN' });
    const bad = problemsOf(
      lines(
        'repos:',
        '  - name: platform',
        '    url: https://git.example.com/p.git',
        '    auth: { tokenEnv: "$GIT_TOKEN" }',
      ),
    );
    expect(bad.map(where)).toEqual([
      { code: 'config.bad-env-name', line: 4, column: 23, field: 'repos[0].auth.tokenEnv' },
    ]);
  });
});

describe('repo URLs', () => {
  const repo = (url: string, ...extra: string[]) =>
    lines('repos:', '  - name: r', `    url: ${url}`, ...extra);

  it('refuses SSH URLs, which isomorphic-git cannot fetch', () => {
    expect(problemsOf(repo('git@github.com:org/repo.git')).map(where)).toEqual([
      { code: 'config.bad-url', line: 3, column: 10, field: 'repos[0].url' },
    ]);
    expect(problemsOf(repo('ssh://git@github.com/org/repo.git')).map((p) => p.code)).toEqual([
      'config.bad-url',
    ]);
  });

  it('refuses plain http:// to another host unless insecure: true, and allows it on loopback', () => {
    expect(problemsOf(repo('http://git.example.com/r.git')).map(where)).toEqual([
      { code: 'config.insecure-url', line: 3, column: 10, field: 'repos[0].url' },
    ]);
    expect(fleetOf(repo('http://git.example.com/r.git', '    insecure: true')).repos[0]!.location).toEqual({
      kind: 'remote',
      url: 'http://git.example.com/r.git',
      insecure: true,
    });
    expect(fleetOf(repo('http://127.0.0.1:20180/platform.git')).repos[0]!.location.kind).toBe('remote');
  });

  it('treats anything without a scheme, and file:// URLs, as a local path relative to the fleet file', () => {
    expect(fleetOf(repo('./repos/platform')).repos[0]!.location).toEqual({
      kind: 'local',
      path: '/fleet/repos/platform',
    });
    expect(fleetOf(repo('file:///srv/git/platform.git')).repos[0]!.location).toEqual({
      kind: 'local',
      path: '/srv/git/platform.git',
    });
    expect(fleetOf(repo('~/src/platform'), { homeDir: '/home/op' }).repos[0]!.location).toEqual({
      kind: 'local',
      path: '/home/op/src/platform',
    });
    expect(problemsOf(repo('~/src/platform')).map((p) => p.code)).toEqual(['config.bad-path']);
  });

  it('refuses auth on a local repository', () => {
    expect(problemsOf(repo('/srv/git/p', '    auth: { tokenEnv: T }')).map(where)).toEqual([
      { code: 'config.bad-auth', line: 4, column: 5, field: 'repos[0].auth' },
    ]);
  });
});

describe('durations', () => {
  const poll = (value: string) =>
    lines('repos:', '  - name: r', '    url: https://git.example.com/r.git', `    pollInterval: ${value}`);

  it('accept 30s, 5m, 1h and combinations', () => {
    expect(fleetOf(poll('30s')).repos[0]!.pollIntervalMs).toBe(30_000);
    expect(fleetOf(poll('5m')).repos[0]!.pollIntervalMs).toBe(300_000);
    expect(fleetOf(poll('1h30m')).repos[0]!.pollIntervalMs).toBe(5_400_000);
    expect(fleetOf(poll('1500ms')).repos[0]!.pollIntervalMs).toBe(1_500);
  });

  it('refuse words, missing units and zero, at the value', () => {
    for (const bad of ['30', '5 minutes', '0s', '-1m', '1d']) {
      const problems = problemsOf(poll(bad));
      expect(problems.map(where), bad).toEqual([
        {
          code: bad === '30' ? 'config.wrong-type' : 'config.bad-duration',
          line: 4,
          column: 19,
          field: 'repos[0].pollInterval',
        },
      ]);
    }
  });

  it('are checked in settings and retry back-off too', () => {
    const problems = problemsOf(
      lines(
        'settings: { pollInterval: soon }',
        ...BASE.slice(3),
        'apps:',
        '  - name: web',
        '    repo: platform',
        '    destination: { cluster: staging, namespace: web }',
        '    syncPolicy: { retry: { backoff: { duration: 5 } } }',
      ),
      { kubeContexts: ['staging'] },
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-duration', line: 1, column: 27, field: 'settings.pollInterval' },
      { code: 'config.wrong-type', line: 8, column: 49, field: 'apps[0].syncPolicy.retry.backoff.duration' },
    ]);
  });
});

describe('repo fetch limits', () => {
  const repo = (...fields: string[]) =>
    lines(
      'repos:',
      '  - name: r',
      '    url: https://git.example.com/r.git',
      ...fields.map((f) => `    ${f}`),
    );

  it('read timeout as a duration and maxFetchSize as a size, and leave both unset by default', () => {
    expect(fleetOf(repo('timeout: 90s', 'maxFetchSize: 100Mi')).repos[0]).toMatchObject({
      timeoutMs: 90_000,
      maxFetchBytes: 100 * 1024 * 1024,
    });
    expect(fleetOf(repo('maxFetchSize: 2G')).repos[0]!.maxFetchBytes).toBe(2_000_000_000);
    const plain = fleetOf(repo()).repos[0]!;
    expect(plain.timeoutMs).toBeUndefined();
    expect(plain.maxFetchBytes).toBeUndefined();
  });

  it('refuse a size without a number or with an unknown unit, at the value', () => {
    for (const bad of ['lots', '1.5Gi', '10MB', '0']) {
      expect(problemsOf(repo(`maxFetchSize: "${bad}"`)).map(where), bad).toEqual([
        { code: 'config.bad-size', line: 4, column: 19, field: 'repos[0].maxFetchSize' },
      ]);
    }
    expect(problemsOf(repo('timeout: soon')).map((p) => p.code)).toEqual(['config.bad-duration']);
  });
});

describe('names', () => {
  it('must be DNS-1123 labels, because they become label values', () => {
    const problems = problemsOf(
      lines(
        ...BASE,
        'apps:',
        '  - name: Web_App',
        '    repo: platform',
        '    destination: { cluster: staging, namespace: Web }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-name', line: 7, column: 11, field: 'apps[0].name' },
      { code: 'config.bad-name', line: 9, column: 49, field: 'apps[0].destination.namespace' },
    ]);
    expect(problems[0]!.message).toMatch(/uppercase/);
  });

  it('may be at most 63 characters long', () => {
    const long = 'a'.repeat(64);
    const problems = problemsOf(
      lines(
        ...BASE,
        'apps:',
        `  - name: ${long}`,
        '    repo: platform',
        '    destination: { cluster: staging, namespace: web }',
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      `"${long}" is not a valid app name: it is 64 characters long; at most 63 are allowed.`,
    ]);
  });
});

describe('values of the wrong type', () => {
  it('say what was expected and what was found, with a hint', () => {
    const problems = problemsOf(
      lines('clusters:', '  - name: prod', '    labels: { tier: 1 }', '    readOnly: "true"'),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.wrong-type', line: 3, column: 21, field: 'clusters[0].labels.tier' },
      { code: 'config.wrong-type', line: 4, column: 15, field: 'clusters[0].readOnly' },
    ]);
    expect(problems[0]!.message).toBe('Expected text, found a number.');
    expect(problems[0]!.hint).toMatch(/quotes/);
    expect(problems[1]!.hint).toMatch(/without quotes/);
  });

  it('point at the parent key when a required field is missing', () => {
    const problems = problemsOf(
      lines(...BASE, 'apps:', '  - name: web', '    destination:', '      namespace: web'),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.missing-field', line: 7, column: 5, field: 'apps[0].repo' },
      { code: 'config.missing-field', line: 8, column: 5, field: 'apps[0].destination.cluster' },
    ]);
    expect(problems[0]!.message).toBe('The required field `repo` is missing.');
  });
});

describe('labels', () => {
  it('check keys (at the key) and values (at the value)', () => {
    const problems = problemsOf(
      lines('clusters:', '  - name: prod', '    labels: { "Bad Key": x, env: "not ok!" }'),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-label', line: 3, column: 15, field: 'clusters[0].labels["Bad Key"]' },
      { code: 'config.bad-label', line: 3, column: 34, field: 'clusters[0].labels.env' },
    ]);
  });

  it('accept prefixed keys such as topology.kubernetes.io/region', () => {
    const fleet = fleetOf(
      lines('clusters:', '  - name: prod', '    labels: { topology.kubernetes.io/region: eu-west-1 }'),
    );
    expect(fleet.clusters[0]!.labels).toEqual({ 'topology.kubernetes.io/region': 'eu-west-1' });
  });
});

describe('sync options', () => {
  it('accept the Argo CD options and resolve them', () => {
    const fleet = fleetOf(
      app(
        '    syncPolicy: { syncOptions: [CreateNamespace=true, Prune=confirm, PrunePropagationPolicy=background, ServerSideApply=false] }',
      ),
    );
    expect(fleet.apps[0]!.syncPolicy.syncOptions).toMatchObject({
      createNamespace: true,
      prune: 'confirm',
      prunePropagationPolicy: 'background',
      serverSideApply: false,
      validate: true,
    });
  });

  it('refuse unknown names, bad values, per-object options and repeats, each at its entry', () => {
    const problems = problemsOf(
      app(
        '    syncPolicy:',
        '      syncOptions:',
        '        - CreateNamespce=true',
        '        - Validate=yes',
        '        - Force=true',
        '        - PruneLast=true',
        '        - PruneLast=false',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-sync-option', line: 12, column: 11, field: 'apps[0].syncPolicy.syncOptions[0]' },
      { code: 'config.bad-sync-option', line: 13, column: 11, field: 'apps[0].syncPolicy.syncOptions[1]' },
      { code: 'config.bad-sync-option', line: 14, column: 11, field: 'apps[0].syncPolicy.syncOptions[2]' },
      { code: 'config.bad-sync-option', line: 16, column: 11, field: 'apps[0].syncPolicy.syncOptions[4]' },
    ]);
    expect(problems.map((p) => p.hint)).toEqual([
      expect.stringMatching(/Did you mean `CreateNamespace`\?/),
      'Allowed values: true, false.',
      expect.stringMatching(/annotation/),
      'Keep one of them.',
    ]);
  });
});

describe('ignoreDifferences', () => {
  it('keeps the rules, group defaulting to the core group', () => {
    const fleet = fleetOf(
      app(
        '    ignoreDifferences:',
        '      - { kind: Service, jqPathExpressions: [.spec.ports] }',
        '      - { group: apps, kind: Deployment, name: web, managedFieldsManagers: [kube-controller-manager] }',
      ),
    );
    expect(fleet.apps[0]!.ignoreDifferences).toEqual([
      {
        group: '',
        kind: 'Service',
        jsonPointers: [],
        jqPathExpressions: ['.spec.ports'],
        managedFieldsManagers: [],
      },
      {
        group: 'apps',
        kind: 'Deployment',
        name: 'web',
        jsonPointers: [],
        jqPathExpressions: [],
        managedFieldsManagers: ['kube-controller-manager'],
      },
    ]);
  });

  it('refuses a rule that ignores nothing, and JSON pointers that are not pointers', () => {
    const problems = problemsOf(
      app(
        '    ignoreDifferences:',
        '      - { group: apps, kind: Deployment }',
        '      - { kind: Service, jsonPointers: [spec/ports, /a~2b] }',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-ignore-rule', line: 11, column: 30, field: 'apps[0].ignoreDifferences[0].kind' },
      {
        code: 'config.bad-json-pointer',
        line: 12,
        column: 41,
        field: 'apps[0].ignoreDifferences[1].jsonPointers[0]',
      },
      {
        code: 'config.bad-json-pointer',
        line: 12,
        column: 53,
        field: 'apps[0].ignoreDifferences[1].jsonPointers[1]',
      },
    ]);
  });
});

describe('render options and paths', () => {
  it('allow one renderer only, reported at the second one', () => {
    const problems = problemsOf(app('    kustomize: {}', '    directory: { recurse: true }'));
    expect(problems.map(where)).toEqual([
      { code: 'config.conflicting-render', line: 11, column: 5, field: 'apps[0].directory' },
    ]);
  });

  it('are checked even when the entry has other problems, so all are listed at once', () => {
    const problems = problemsOf(
      lines(
        ...BASE,
        'apps:',
        '  - name: web',
        '    destination: { cluster: staging, namespace: web }',
        '    kustomize: {}',
        '    helm: {}',
      ),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.missing-field', line: 7, column: 5, field: 'apps[0].repo' },
      { code: 'config.conflicting-render', line: 10, column: 5, field: 'apps[0].helm' },
    ]);
  });

  it('keep paths and value files inside the repository', () => {
    const problems = problemsOf(
      app('    path: ../other', '    helm: { valueFiles: [../../../etc/values.yaml] }'),
    );
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-path', line: 10, column: 11, field: 'apps[0].path' },
      { code: 'config.bad-path', line: 11, column: 26, field: 'apps[0].helm.valueFiles[0]' },
    ]);
  });

  it('refuse revisions Git would refuse', () => {
    const problems = problemsOf(app('    revision: "main branch"'));
    expect(problems.map(where)).toEqual([
      { code: 'config.bad-revision', line: 10, column: 15, field: 'apps[0].revision' },
    ]);
  });
});
