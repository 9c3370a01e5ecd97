import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../../../src/engine/render/renderer.js';
import type { RenderOutput, RenderRequest } from '../../../../src/engine/render/types.js';
import type { Result } from '../../../../src/engine/problem.js';
import { fixtureTree } from './fixtures.js';

const guestbook = (extra: Partial<RenderRequest> = {}): RenderRequest => ({
  tree: fixtureTree('plain'),
  path: 'apps/guestbook',
  namespace: 'guestbook',
  ...extra,
});

function objects(result: Result<RenderOutput>) {
  if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result.problems)}`);
  return result.value.objects;
}

const names = (result: Result<RenderOutput>) =>
  objects(result).map((o) => `${o.identity.kind}/${o.identity.name}`);

describe('plain directory rendering', () => {
  it('reads .yaml, .yml and .json files recursively, multi-document, in path order', async () => {
    const result = await createRenderer().render(guestbook());
    expect(result.ok && result.value.renderer).toBe('directory');
    expect(new Set(names(result))).toEqual(
      new Set([
        'Deployment/guestbook',
        'Service/guestbook',
        'ClusterRole/guestbook-reader',
        'Namespace/guestbook',
        'ConfigMap/guestbook-settings',
        'ConfigMap/redis-config',
        'Job/seed-',
      ]),
    );
    expect(objects(result).map((o) => o.source.file)).toEqual([
      'apps/guestbook/app.yaml',
      'apps/guestbook/app.yaml',
      'apps/guestbook/cluster.yml',
      'apps/guestbook/cluster.yml',
      'apps/guestbook/settings.json',
      'apps/guestbook/sub/deeper/job.yaml',
      'apps/guestbook/sub/redis.yaml',
    ]);
  });

  it('gives each object the line where it starts', async () => {
    const result = await createRenderer().render(guestbook());
    const service = objects(result).find((o) => o.identity.kind === 'Service');
    expect(service?.source).toEqual({ file: 'apps/guestbook/app.yaml', line: 26, column: 1 });
  });

  it('fills in the app namespace for namespaced kinds and keeps an explicit one', async () => {
    const byName = new Map(
      objects(await createRenderer().render(guestbook())).map((o) => [
        `${o.identity.kind}/${o.identity.name}`,
        o,
      ]),
    );
    expect(byName.get('Deployment/guestbook')?.identity).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'guestbook',
      name: 'guestbook',
    });
    expect(byName.get('Deployment/guestbook')?.object.metadata.namespace).toBe('guestbook');
    expect(byName.get('Service/guestbook')?.identity.namespace).toBe('frontend');
    expect(byName.get('ConfigMap/guestbook-settings')?.identity).toMatchObject({
      group: '',
      version: 'v1',
      namespace: 'guestbook',
    });
  });

  it('gives cluster-scoped kinds no namespace, even when the file sets one', async () => {
    const byName = new Map(
      objects(await createRenderer().render(guestbook())).map((o) => [
        `${o.identity.kind}/${o.identity.name}`,
        o,
      ]),
    );
    expect(byName.get('Namespace/guestbook')?.identity.namespace).toBe('');
    const role = byName.get('ClusterRole/guestbook-reader');
    expect(role?.identity).toEqual({
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      kind: 'ClusterRole',
      namespace: '',
      name: 'guestbook-reader',
    });
    expect(role?.object.metadata).not.toHaveProperty('namespace');
  });

  it('lets cluster discovery override the built-in scope table', async () => {
    const renderer = createRenderer({
      isNamespaced: (group, kind) => (group === 'apps' && kind === 'Deployment' ? false : undefined),
    });
    const byKind = new Map(objects(await renderer.render(guestbook())).map((o) => [o.identity.kind, o]));
    expect(byKind.get('Deployment')?.identity.namespace).toBe('');
    expect(byKind.get('Namespace')?.identity.namespace).toBe(''); // unanswered: the table decides
    expect(byKind.get('ConfigMap')?.identity.namespace).toBe('guestbook');
  });

  it('learns the scope of custom kinds from CRDs in the same app; other custom kinds are namespaced', async () => {
    const result = await createRenderer().render({ tree: fixtureTree('crd'), path: '', namespace: 'apps' });
    expect(objects(result).map((o) => [o.identity.kind, o.identity.namespace])).toEqual([
      ['CustomResourceDefinition', ''],
      ['Widget', ''],
      ['Gadget', 'apps'],
    ]);
  });

  it('reports namespaced objects with no namespace when the app has no destination namespace', async () => {
    const result = await createRenderer().render(
      guestbook({ namespace: '', options: { directory: { include: 'cluster.yml' } } }),
    );
    expect(result.ok).toBe(true); // only cluster-scoped kinds: nothing to place
    const placed = await createRenderer().render(
      guestbook({ namespace: '', options: { directory: { include: 'settings.json' } } }),
    );
    expect(placed).toMatchObject({
      ok: false,
      problems: [
        { code: 'render.namespace-missing', source: { file: 'apps/guestbook/settings.json', line: 1 } },
      ],
    });
  });

  it('marks generateName objects and does not treat them as duplicates', async () => {
    const job = objects(await createRenderer().render(guestbook())).find((o) => o.identity.kind === 'Job');
    expect(job).toMatchObject({ generated: true, identity: { name: 'seed-', namespace: 'guestbook' } });
  });

  it('stays in the top folder when recurse is false', async () => {
    const result = await createRenderer().render(guestbook({ options: { directory: { recurse: false } } }));
    expect(objects(result).every((o) => !o.source.file.includes('/sub/'))).toBe(true);
    expect(objects(result)).toHaveLength(5);
  });

  it('applies include and exclude globs relative to the app path; exclude wins', async () => {
    const renderer = createRenderer();
    const included = await renderer.render(guestbook({ options: { directory: { include: '*.yaml' } } }));
    expect([...new Set(objects(included).map((o) => o.source.file))]).toEqual([
      'apps/guestbook/app.yaml',
      'apps/guestbook/sub/deeper/job.yaml',
      'apps/guestbook/sub/redis.yaml',
    ]);
    const both = await renderer.render(
      guestbook({ options: { directory: { include: ['sub/**', '*.json'], exclude: '**/deeper/*' } } }),
    );
    expect(objects(both).map((o) => o.source.file)).toEqual([
      'apps/guestbook/settings.json',
      'apps/guestbook/sub/redis.yaml',
    ]);
    const excluded = await renderer.render(
      guestbook({ options: { directory: { exclude: ['sub/**', '{cluster,app}.y*ml'] } } }),
    );
    expect(objects(excluded).map((o) => o.source.file)).toEqual(['apps/guestbook/settings.json']);
  });

  it('renders a folder of only empty documents to no objects', async () => {
    const result = await createRenderer().render({
      tree: fixtureTree('plain'),
      path: 'apps/other',
      namespace: 'x',
    });
    expect(result).toMatchObject({ ok: true, value: { objects: [] } });
  });

  it('reports a path that does not exist, and one that climbs out of the repository', async () => {
    const renderer = createRenderer();
    expect(
      await renderer.render({ tree: fixtureTree('plain'), path: 'apps/nope', namespace: 'x' }),
    ).toMatchObject({ ok: false, problems: [{ code: 'render.path-missing' }] });
    expect(
      await renderer.render({ tree: fixtureTree('plain'), path: '../etc', namespace: 'x' }),
    ).toMatchObject({ ok: false, problems: [{ code: 'render.path-invalid' }] });
  });

  it('accepts the app path as users write it', async () => {
    const result = await createRenderer().render(guestbook({ path: './apps/guestbook/' }));
    expect(objects(result)).toHaveLength(7);
  });

  it('reports malformed YAML with file, line and column, and no stack trace', async () => {
    const result = await createRenderer().render({
      tree: fixtureTree('malformed'),
      path: '',
      namespace: 'x',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      code: 'render.yaml-syntax',
      source: { file: 'broken.yaml', line: 7, column: 3 },
    });
    expect(result.problems[0]?.message).not.toMatch(/\bat .+:\d+:\d+\)?$/m);
  });

  it('reports duplicate identities naming both sources', async () => {
    const result = await createRenderer().render({
      tree: fixtureTree('duplicates'),
      path: '',
      namespace: 'team',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1); // the Secret of the same name is a different object
    const [problem] = result.problems;
    expect(problem).toMatchObject({ code: 'render.duplicate', source: { file: 'second.yaml', line: 6 } });
    expect(problem?.message).toContain('ConfigMap team/shared');
    expect(problem?.message).toContain('first.yaml:1:1');
    expect(problem?.message).toContain('second.yaml:6:1');
  });

  it('reports every object without kind, apiVersion or name, with its source', async () => {
    const result = await createRenderer().render({ tree: fixtureTree('invalid'), path: '', namespace: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.source?.line, p.message])).toEqual([
      ['render.invalid-object', 1, 'object has no kind'],
      ['render.invalid-object', 5, 'ConfigMap has no metadata.name'],
      [
        'render.invalid-object',
        10,
        'expected a Kubernetes object (a mapping), found the string "just a string"',
      ],
      ['render.invalid-object', 12, 'expected a Kubernetes object (a mapping), found a list'],
    ]);
  });

  it('applies YAML 1.1 scalar rules to manifests', async () => {
    const result = await createRenderer().render({ tree: fixtureTree('yaml11'), path: '', namespace: 'x' });
    const [configMap, secret] = objects(result);
    expect(configMap?.object.data).toEqual({
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
    expect(secret?.object.stringData).toEqual({ a: 1, b: '2' });
  });

  it('expands kind: List into its items', async () => {
    const result = await createRenderer().render({ tree: fixtureTree('list'), path: '', namespace: 'x' });
    expect(objects(result).map((o) => [o.identity.name, o.source.line])).toEqual([
      ['first', 4],
      ['second', 8],
    ]);
  });
});
