import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskTree } from '../../../../src/engine/render/disk-tree.js';
import { createRenderer } from '../../../../src/engine/render/renderer.js';

let root = '';
let outside = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'flotilla-disk-tree-'));
  outside = await mkdtemp(join(tmpdir(), 'flotilla-outside-'));
  await mkdir(join(root, 'app/nested'), { recursive: true });
  await mkdir(join(root, 'shared'), { recursive: true });
  await mkdir(join(root, '.git'), { recursive: true });
  await writeFile(join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
  await writeFile(
    join(root, 'shared/cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\n',
  );
  await writeFile(
    join(root, 'app/nested/secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n',
  );
  await writeFile(
    join(outside, 'host.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: host-file}\n',
  );
  await symlink('../shared/cm.yaml', join(root, 'app/linked.yaml'));
  await symlink(join(outside, 'host.yaml'), join(root, 'app/escape.yaml'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('createDiskTree', () => {
  it('lists files recursively with repository paths, symlinks as mode 120000, and no .git', async () => {
    const tree = createDiskTree(root, 'local');
    expect(await tree.listFiles('')).toEqual([
      { path: 'app/escape.yaml', mode: '120000' },
      { path: 'app/linked.yaml', mode: '120000' },
      { path: 'app/nested/secret.yaml', mode: '100644' },
      { path: 'shared/cm.yaml', mode: '100644' },
    ]);
    expect((await tree.listFiles('app/nested')).map((f) => f.path)).toEqual(['app/nested/secret.yaml']);
    expect(await tree.listFiles('missing')).toEqual([]);
  });

  it('reads a symlink as its target path, like a Git blob, and refuses paths outside the folder', async () => {
    const tree = createDiskTree(root);
    expect(new TextDecoder().decode(await tree.readFile('app/linked.yaml'))).toBe('../shared/cm.yaml');
    await expect(tree.readFile('../etc/passwd')).rejects.toThrow(/outside/);
    await expect(tree.readFile('app/none.yaml')).rejects.toThrow();
  });
});

describe('symlinks in a plain directory app', () => {
  it('follows a link inside the repository and refuses one that leaves it', async () => {
    const result = await createRenderer().render({ tree: createDiskTree(root), path: 'app', namespace: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'render.symlink-outside', source: { file: 'app/escape.yaml' } }),
    ]);
    const allowed = await createRenderer().render({
      tree: createDiskTree(root),
      path: 'app',
      namespace: 'x',
      options: { directory: { exclude: 'escape.yaml' } },
    });
    expect(allowed.ok && allowed.value.objects.map((o) => [o.identity.name, o.source.file])).toEqual([
      ['shared', 'app/linked.yaml'],
      ['s', 'app/nested/secret.yaml'],
    ]);
  });
});
