/** Watches of tracked objects against the real test bed: labelled objects only, every change seen. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/engine/cluster/client.js';
import type { ObjectChange } from '../../../src/engine/cluster/watch.js';
import { kubectl } from '../../support/testbed.js';
import { clientFor, waitUntil } from './helpers.js';

const ns = `it-watch-${process.pid}`;
let client: ClusterClient;
const changes: ObjectChange[] = [];

beforeAll(async () => {
  await kubectl(2, ['create', 'namespace', ns]);
  client = clientFor(2);
  client.onChange((c) => changes.push(c));
  await client.watchKinds([{ group: '', version: 'v1', kind: 'ConfigMap' }]);
  await waitUntil(
    'the ConfigMap watch synced',
    () => client.watchesSynced() && client.watchStatuses()[0]?.state === 'watching',
  );
});

afterAll(async () => {
  await client?.stop();
  await kubectl(2, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

const seen = (name: string) =>
  changes.filter((c) => c.identity.namespace === ns && c.identity.name === name).map((c) => c.type);

describe('watch of tracked objects', () => {
  it('sees a labelled ConfigMap created, modified and deleted, and ignores an unlabelled one', async () => {
    const tracked = `tracked-${Date.now()}`;
    const untracked = `untracked-${Date.now()}`;
    await kubectl(2, ['create', 'configmap', untracked, '-n', ns, '--from-literal=a=1']);
    await kubectl(2, ['create', 'configmap', tracked, '-n', ns, '--from-literal=a=1']).then(() =>
      kubectl(2, ['label', 'configmap', tracked, '-n', ns, 'flotilla.dev/app=demo']),
    );
    await waitUntil('added', () => seen(tracked).includes('added'));
    const added = changes.find((c) => c.identity.name === tracked)!;
    expect(added.identity).toEqual({
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
      namespace: ns,
      name: tracked,
    });
    expect(added.cluster).toBe('testbed-2');
    expect(
      client.cached({ group: '', kind: 'ConfigMap', namespace: ns, name: tracked })?.metadata.labels?.[
        'flotilla.dev/app'
      ],
    ).toBe('demo');

    await kubectl(2, ['patch', 'configmap', tracked, '-n', ns, '--type=merge', '-p', '{"data":{"a":"2"}}']);
    await waitUntil('modified', () => seen(tracked).includes('modified'));
    expect(
      (
        client.cached({ group: '', kind: 'ConfigMap', namespace: ns, name: tracked }) as {
          data?: Record<string, string>;
        }
      ).data,
    ).toEqual({ a: '2' });
    expect(client.cachedObjects({ app: 'demo' }).map((o) => o.metadata.name)).toContain(tracked);

    // The unlabelled one changes too, and still never shows up.
    await kubectl(2, ['patch', 'configmap', untracked, '-n', ns, '--type=merge', '-p', '{"data":{"a":"2"}}']);
    await kubectl(2, ['delete', 'configmap', tracked, '-n', ns]);
    await waitUntil('deleted', () => seen(tracked).includes('deleted'));
    expect(seen(tracked)).toEqual(['added', 'modified', 'deleted']);
    expect(seen(untracked)).toEqual([]);
    expect(client.cached({ group: '', kind: 'ConfigMap', namespace: ns, name: tracked })).toBeUndefined();
  });

  it('starts a watch for a kind added later, listing objects that already exist, and stops one removed', async () => {
    await kubectl(2, ['create', 'secret', 'generic', 'pre-existing', '-n', ns, '--from-literal=k=v']);
    await kubectl(2, ['label', 'secret', 'pre-existing', '-n', ns, 'flotilla.dev/app=demo']);
    await client.watchKinds([
      { group: '', version: 'v1', kind: 'ConfigMap' },
      { group: '', version: 'v1', kind: 'Secret' },
    ]);
    await waitUntil('secret listed', () => seen('pre-existing').includes('added'));
    expect(
      client
        .watchStatuses()
        .map((s) => s.kind.kind)
        .sort(),
    ).toEqual(['ConfigMap', 'Secret']);
    await client.watchKinds([{ group: '', version: 'v1', kind: 'ConfigMap' }]);
    expect(client.watchStatuses().map((s) => s.kind.kind)).toEqual(['ConfigMap']);
    expect(client.cached({ group: '', kind: 'Secret', namespace: ns, name: 'pre-existing' })).toBeUndefined();
  });
});
