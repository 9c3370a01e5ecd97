import { describe, expect, it } from 'vitest';
import { fieldsOwnedBy, ownedPaths } from '../../../../src/engine/diff/managedfields.js';
import { load } from './support.js';

describe('managedFields (FieldsV1)', () => {
  it('resolves the fields a manager owns to paths, keyed list items by their keys', () => {
    const live = load('deployment.live.yaml');
    const injector = fieldsOwnedBy(live, (m) => m === 'mesh-injector');
    // The injected container is item 0 of the list; its key field (name) stays, so the item is still identifiable.
    expect(ownedPaths(injector, live)).toEqual([['spec', 'template', 'spec', 'containers', 0, 'image']]);
  });

  it('resolves against each object on its own, wherever the keyed item sits', () => {
    const live = load('deployment.live.yaml');
    const ours = fieldsOwnedBy(live, (m) => m === 'flotilla');
    const paths = ownedPaths(ours, live).map((p) => p.join('.'));
    expect(paths).toContain('spec.template.spec.containers.1.image');
    expect(paths).toContain('spec.template.spec.containers.1.ports.0.name');
    expect(paths).not.toContain('spec.template.spec.containers.1.name');
    expect(paths).not.toContain('spec.template.spec.hostNetwork'); // owned, but not present in live

    const reordered = load('deployment.live.yaml');
    const list = (reordered.spec as { template: { spec: { containers: unknown[] } } }).template.spec
      .containers;
    list.reverse();
    expect(ownedPaths(ours, reordered).map((p) => p.join('.'))).toContain(
      'spec.template.spec.containers.1.image',
    );
    expect(ownedPaths(ours, reordered).map((p) => p.join('.'))).toContain(
      'spec.template.spec.containers.0.image',
    );
  });

  it('reads malformed managedFields as owning nothing', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', managedFields: [null, 'x', { manager: 'a', fieldsV1: 'nope' }] },
    };
    expect(
      ownedPaths(
        fieldsOwnedBy(obj, () => true),
        obj,
      ),
    ).toEqual([]);
  });
});
