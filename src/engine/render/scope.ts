/** Which kinds are cluster-scoped, before cluster discovery can say: a table of the built-in APIs.
 * Unknown kinds (custom resources) count as namespaced, as Argo CD assumes, unless the app itself
 * defines them with a CustomResourceDefinition whose scope is Cluster. */
import type { NamespacedLookup } from './types.js';

const clusterScoped: Record<string, string[]> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass'],
  'scheduling.k8s.io': ['PriorityClass'],
  'admissionregistration.k8s.io': [
    'ValidatingWebhookConfiguration',
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicy',
    'MutatingAdmissionPolicyBinding',
  ],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'node.k8s.io': ['RuntimeClass'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice'],
  'authentication.k8s.io': ['TokenReview', 'SelfSubjectReview'],
  'authorization.k8s.io': ['SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
  policy: ['PodSecurityPolicy'],
};

const clusterScopedKeys = new Set(
  Object.entries(clusterScoped).flatMap(([group, kinds]) => kinds.map((kind) => `${group}/${kind}`)),
);

/** The built-in answer: false for the table's cluster-scoped kinds, true for everything else. */
function builtInIsNamespaced(group: string, kind: string): boolean {
  return !clusterScopedKeys.has(`${group}/${kind}`);
}

/** Combines, in order of authority: discovery's answer, the app's own CRDs, the built-in table. */
export function scopeResolver(
  discovery: NamespacedLookup | undefined,
  appCrds: Map<string, boolean>,
): (group: string, kind: string) => boolean {
  return (group, kind) =>
    discovery?.(group, kind) ?? appCrds.get(`${group}/${kind}`) ?? builtInIsNamespaced(group, kind);
}

/** Scopes declared by CustomResourceDefinitions among the rendered documents, keyed `group/Kind`. */
export function crdScopes(values: unknown[]): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const value of values) {
    const crd = value as {
      apiVersion?: unknown;
      kind?: unknown;
      spec?: { group?: unknown; scope?: unknown; names?: { kind?: unknown } };
    } | null;
    if (
      crd?.kind !== 'CustomResourceDefinition' ||
      typeof crd.apiVersion !== 'string' ||
      !crd.apiVersion.startsWith('apiextensions.k8s.io/')
    )
      continue;
    const group = crd.spec?.group;
    const kind = crd.spec?.names?.kind;
    if (typeof group === 'string' && typeof kind === 'string')
      scopes.set(`${group}/${kind}`, crd.spec?.scope !== 'Cluster');
  }
  return scopes;
}
