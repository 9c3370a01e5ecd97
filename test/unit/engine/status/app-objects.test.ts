import { describe, expect, it } from 'vitest';
import { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import type { KindRef } from '../../../../src/engine/cluster/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { listAppObjects } from '../../../../src/engine/status/app-objects.js';

const kind = (k: string): KindRef => ({ group: 'example.com', version: 'v1', kind: k });
const fail = (code: ClusterRequestError['code']) =>
  new ClusterRequestError({ code, message: `the server said ${code}` });
const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' } };

/** A cluster whose list answers per kind: objects, or an error. */
function cluster(answers: Record<string, KubeObject[] | ClusterRequestError>) {
  return {
    list: (k: KindRef) => {
      const a = answers[k.kind];
      return a instanceof ClusterRequestError ? Promise.reject(a) : Promise.resolve(a ?? []);
    },
  };
}

const desiredOf = (k: string) => [
  { group: 'example.com', version: 'v1', kind: k, namespace: 'n', name: 'x' },
];

describe('listAppObjects', () => {
  it('gathers the objects of every kind', async () => {
    const r = await listAppObjects(cluster({ A: [cm], B: [cm] }), [kind('A'), kind('B')], 'web', []);
    expect(r).toEqual({ objects: [cm, cm], unreadable: [] });
  });

  it('treats a kind the cluster does not serve as empty when the app does not render it', async () => {
    const r = await listAppObjects(
      cluster({ Gone: fail('cluster.unknown-kind') }),
      [kind('Gone')],
      'web',
      [],
    );
    expect(r.objects).toEqual([]);
  });

  it('throws for a kind the cluster does not serve when the app renders one, so the app says which', async () => {
    const lists = listAppObjects(
      cluster({ Evil: fail('cluster.unknown-kind') }),
      [kind('Evil')],
      'web',
      desiredOf('Evil'),
    );
    await expect(lists).rejects.toThrow('cluster.unknown-kind');
  });

  it('names a forbidden kind only when the app renders it', async () => {
    const answers = { Secret: fail('cluster.forbidden') };
    const rendered = await listAppObjects(cluster(answers), [kind('Secret')], 'web', desiredOf('Secret'));
    expect(rendered.unreadable).toHaveLength(1);
    const other = await listAppObjects(cluster(answers), [kind('Secret')], 'web', []);
    expect(other.unreadable).toEqual([]);
  });
});
