/** Kubernetes objects as the engine handles them: plain JSON, never the client's typed models
 * (the typed serialiser of @kubernetes/client-node drops fields it does not know). */

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Normalised identity of an object: what makes two objects "the same" to the API server. */
export interface ObjectIdentity {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
}

/** Splits `apps/v1` into group and version (`v1` is the core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** An identity without its version: what names one object across API versions. */
export type ObjectRef = Omit<ObjectIdentity, 'version'>;

/** Key of an identity, independent of version: `group/Kind/namespace/name`. */
export function identityKey(id: ObjectRef): string {
  return `${id.group}/${id.kind}/${id.namespace}/${id.name}`;
}

/** The identity an `identityKey` was made from; undefined when the text is not such a key. Names and
 * namespaces never contain a slash, so the four parts are unambiguous. */
export function parseIdentityKey(key: string): ObjectRef | undefined {
  const parts = key.split('/');
  if (parts.length !== 4) return undefined;
  const [group = '', kind = '', namespace = '', name = ''] = parts;
  return kind && name ? { group, kind, namespace, name } : undefined;
}

/** Short human form: `Deployment web/api` or `ClusterRole admin`. */
export function describeIdentity(id: ObjectIdentity): string {
  return id.namespace ? `${id.kind} ${id.namespace}/${id.name}` : `${id.kind} ${id.name}`;
}
