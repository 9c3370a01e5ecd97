/** Selective syncs: which resources were picked (`GROUP/KIND/NAMESPACE/NAME`). */
import type { ObjectIdentity } from '../objects.js';
import type { Result } from '../problem.js';
import { fail, ok } from '../problem.js';
import type { ResourceSelector } from './types.js';

/** Reads `GROUP/KIND/NAMESPACE/NAME`; the group is empty for the core group and the namespace for cluster-scoped
 * kinds (`/ConfigMap/web/settings`, `rbac.authorization.k8s.io/ClusterRole//reader`). */
export function parseResourceSelector(text: string): Result<ResourceSelector> {
  const parts = text.split('/');
  const [group, kind, namespace, name] = parts;
  if (parts.length !== 4 || !kind || !name)
    return fail({
      code: 'sync.bad-resource-selector',
      message: `"${text}" does not name a resource as GROUP/KIND/NAMESPACE/NAME.`,
      hint: 'Leave the group empty for core kinds and the namespace empty for cluster-scoped ones, e.g. /Service/web/api or rbac.authorization.k8s.io/ClusterRole//reader.',
    });
  return ok({ group: group ?? '', kind, namespace: namespace ?? '', name });
}

/** True when a selector names the object (the version does not matter). */
export function isSelected(selectors: readonly ResourceSelector[], id: ObjectIdentity): boolean {
  return selectors.some(
    (s) => s.group === id.group && s.kind === id.kind && s.namespace === id.namespace && s.name === id.name,
  );
}

/** `GROUP/KIND/NAMESPACE/NAME` of a selector, for messages. */
export function formatSelector(s: ResourceSelector): string {
  return `${s.group}/${s.kind}/${s.namespace}/${s.name}`;
}
