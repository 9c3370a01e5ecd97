/** Which kinds to look at for an app's live objects: its desired kinds plus the kinds apps most
 * often leave behind, so an object removed from Git is still found (and reported Extraneous). */
import type { KindRef } from '../cluster/index.js';
import type { ObjectIdentity } from '../objects.js';

const commonKinds: KindRef[] = [
  { group: '', version: 'v1', kind: 'ConfigMap' },
  { group: '', version: 'v1', kind: 'Secret' },
  { group: '', version: 'v1', kind: 'Service' },
  { group: '', version: 'v1', kind: 'ServiceAccount' },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim' },
  { group: 'apps', version: 'v1', kind: 'Deployment' },
  { group: 'apps', version: 'v1', kind: 'StatefulSet' },
  { group: 'apps', version: 'v1', kind: 'DaemonSet' },
  { group: 'batch', version: 'v1', kind: 'Job' },
  { group: 'batch', version: 'v1', kind: 'CronJob' },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding' },
];

/** The desired kinds and the common ones, each once (by group and kind). */
export function trackedKinds(desired: readonly ObjectIdentity[]): KindRef[] {
  const byKey = new Map<string, KindRef>();
  for (const k of [
    ...desired.map(({ group, version, kind }) => ({ group, version, kind })),
    ...commonKinds,
  ]) {
    const key = `${k.group}/${k.kind}`;
    if (!byKey.has(key)) byKey.set(key, k);
  }
  return [...byKey.values()];
}
