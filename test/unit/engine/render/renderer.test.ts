import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskTree } from '../../../../src/engine/render/disk-tree.js';
import { createRenderer } from '../../../../src/engine/render/renderer.js';
import type { RenderOutput } from '../../../../src/engine/render/types.js';
import type { Result } from '../../../../src/engine/problem.js';
import type { FileTree } from '../../../../src/engine/source.js';
import { countingTree, fixtureTree } from './fixtures.js';

const cleanups: string[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(files: Record<string, string>): Promise<FileTree> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-render-test-'));
  cleanups.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return createDiskTree(dir);
}

function value(result: Result<RenderOutput>): RenderOutput {
  if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result.problems)}`);
  return result.value;
}

describe('content hashes', () => {
  const yamlText =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {p: "1", q: "2"}\ndata:\n  k: v\n';
  const jsonText =
    '{"data": {"k": "v"}, "metadata": {"labels": {"q": "2", "p": "1"}, "name": "a"}, "kind": "ConfigMap", "apiVersion": "v1"}';

  it('does not depend on key order or file format', async () => {
    const fromYaml = value(
      await createRenderer().render({
        tree: await folder({ 'a.yaml': yamlText }),
        path: '',
        namespace: 'ns',
      }),
    );
    const fromJson = value(
      await createRenderer().render({
        tree: await folder({ 'a.json': jsonText }),
        path: '',
        namespace: 'ns',
      }),
    );
    expect(fromYaml.objects[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fromYaml.objects[0]?.hash).toBe(fromJson.objects[0]?.hash);
    expect(fromYaml.digest).toBe(fromJson.digest);
  });

  it('changes with any value, and with the namespace filled in', async () => {
    const base = value(
      await createRenderer().render({
        tree: await folder({ 'a.yaml': yamlText }),
        path: '',
        namespace: 'ns',
      }),
    );
    const changed = value(
      await createRenderer().render({
        tree: await folder({ 'a.yaml': yamlText.replace('k: v', 'k: w') }),
        path: '',
        namespace: 'ns',
      }),
    );
    const otherNs = value(
      await createRenderer().render({
        tree: await folder({ 'a.yaml': yamlText }),
        path: '',
        namespace: 'other',
      }),
    );
    expect(new Set([base.objects[0]?.hash, changed.objects[0]?.hash, otherNs.objects[0]?.hash]).size).toBe(3);
  });

  it('gives a manifest digest that ignores file order', async () => {
    const two = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
    const ab = value(
      await createRenderer().render({
        tree: await folder({ 'a.yaml': yamlText, 'b.yaml': two }),
        path: '',
        namespace: 'ns',
      }),
    );
    const ba = value(
      await createRenderer().render({
        tree: await folder({ 'b.yaml': yamlText, 'a.yaml': two }),
        path: '',
        namespace: 'ns',
      }),
    );
    expect(ab.objects.map((o) => o.identity.name)).toEqual(['a', 'b']);
    expect(ba.objects.map((o) => o.identity.name)).toEqual(['b', 'a']);
    expect(ab.digest).toBe(ba.digest);
  });
});

describe('render cache', () => {
  const request = (tree: FileTree, extra: object = {}) => ({
    tree,
    commit: 'c0ffee',
    path: 'apps/guestbook',
    namespace: 'guestbook',
    ...extra,
  });

  it('serves the same commit, path and parameters from the cache without reading files', async () => {
    const renderer = createRenderer();
    const tree = countingTree(fixtureTree('plain'));
    const first = await renderer.render(request(tree));
    const reads = tree.reads;
    expect(reads).toBeGreaterThan(0);
    const second = await renderer.render(request(tree));
    expect(tree.reads).toBe(reads);
    expect(second).toBe(first);
    expect(renderer.cacheStats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(renderer.cacheStats().bytes).toBeGreaterThan(0);
  });

  it('misses when the commit, the namespace or the options differ', async () => {
    const renderer = createRenderer();
    const tree = fixtureTree('plain');
    await renderer.render(request(tree));
    await renderer.render(request(tree, { commit: 'beef' }));
    await renderer.render(request(tree, { namespace: 'other' }));
    await renderer.render(request(tree, { options: { directory: { recurse: false } } }));
    expect(renderer.cacheStats()).toMatchObject({ hits: 0, misses: 4, entries: 4 });
  });

  it('does not cache without a commit (a folder on disk can change)', async () => {
    const renderer = createRenderer();
    const tree = countingTree(fixtureTree('plain'));
    await renderer.render(request(tree, { commit: undefined }));
    const reads = tree.reads;
    await renderer.render(request(tree, { commit: undefined }));
    expect(tree.reads).toBe(2 * reads);
    expect(renderer.cacheStats().entries).toBe(0);
  });

  it('hands out frozen objects, so no caller can change what the next one gets', async () => {
    const renderer = createRenderer();
    const result = value(await renderer.render(request(fixtureTree('plain'))));
    expect(() => {
      (result.objects[0]?.object.metadata as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps deterministic failures but not transient ones', async () => {
    const renderer = createRenderer({ env: { PATH: '' } });
    await renderer.render({ tree: fixtureTree('malformed'), commit: 'c1', path: '', namespace: 'x' });
    await renderer.render({
      tree: fixtureTree('kustomize'),
      commit: 'c1',
      path: 'apps/web/base',
      namespace: 'x',
    });
    expect(renderer.cacheStats().entries).toBe(1);
  });

  it('runs one render for concurrent identical requests', async () => {
    const renderer = createRenderer();
    const tree = countingTree(fixtureTree('plain'));
    const [a, b] = await Promise.all([renderer.render(request(tree)), renderer.render(request(tree))]);
    expect(a).toBe(b);
    expect(tree.reads).toBe(5); // the five manifest files, once
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const renderer = createRenderer({ cache: { maxEntries: 2 } });
    const tree = fixtureTree('plain');
    await renderer.render(request(tree, { commit: 'a' }));
    await renderer.render(request(tree, { commit: 'b' }));
    await renderer.render(request(tree, { commit: 'a' })); // a is now the most recent
    await renderer.render(request(tree, { commit: 'c' })); // evicts b
    await renderer.render(request(tree, { commit: 'a' }));
    expect(renderer.cacheStats()).toMatchObject({ hits: 2, misses: 3, entries: 2 });
    await renderer.render(request(tree, { commit: 'b' }));
    expect(renderer.cacheStats().misses).toBe(4);
    renderer.clearCache();
    expect(renderer.cacheStats().entries).toBe(0);
  });
});

describe('time limit and cancellation', () => {
  const hanging = (): FileTree => {
    const real = fixtureTree('plain');
    return {
      label: 'hanging',
      listFiles: (dir) => real.listFiles(dir),
      readFile: () => new Promise<Uint8Array>(() => undefined),
    };
  };

  it('stops a render that takes too long with render.timeout', async () => {
    const result = await createRenderer({ timeoutMs: 50 }).render({
      tree: hanging(),
      path: 'apps/guestbook',
      namespace: 'x',
    });
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'render.timeout' }] });
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/apps\/guestbook took longer than/);
  });

  it("returns render.cancelled when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const pending = createRenderer().render(
      { tree: hanging(), commit: 'c', path: 'apps/guestbook', namespace: 'x' },
      controller.signal,
    );
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, problems: [{ code: 'render.cancelled' }] });
  });

  it('turns a failing tree into a Problem, not an exception', async () => {
    const broken: FileTree = {
      label: 'broken',
      listFiles: () => Promise.reject(new Error('object store corrupt')),
      readFile: () => Promise.reject(new Error('no')),
    };
    const result = await createRenderer().render({ tree: broken, path: 'x', namespace: 'x' });
    expect(result).toMatchObject({
      ok: false,
      problems: [{ code: 'render.failed', message: 'rendering x failed: object store corrupt' }],
    });
  });
});
