/** REST paths of the Kubernetes API: built from discovery for requests, parsed back for messages. */
import type { ObjectIdentity } from '../objects.js';

/** Where a kind lives in the API, as discovery reports it. */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in paths, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
  /** Verbs the server accepts on the collection/object (empty when discovery did not say). */
  verbs: string[];
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** Collection path of a resource, cluster-wide when `namespace` is empty or the kind is cluster-scoped. */
export function collectionPath(info: ResourceInfo, namespace = ''): string {
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(info.group, info.version)}${ns}/${info.resource}`;
}

/** Path of one object. */
export function objectPath(info: ResourceInfo, id: Pick<ObjectIdentity, 'namespace' | 'name'>): string {
  if (info.namespaced && !id.namespace)
    throw new Error(`${info.kind} ${id.name} is namespaced but has no namespace`);
  return `${collectionPath(info, id.namespace)}/${encodeURIComponent(id.name)}`;
}

/** What a request path addresses, as far as the path says. */
interface ParsedPath {
  group: string;
  version: string;
  resource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Parses `/api/v1/namespaces/ns/pods/web` or `/apis/apps/v1/deployments`; undefined for other paths. */
export function parseResourcePath(path: string): ParsedPath | undefined {
  const parts = path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  const out: ParsedPath = { group, version };
  // `/namespaces/<ns>/<resource>…` is a namespaced path; `/namespaces/<ns>` alone is a Namespace object.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    out.namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest[0] !== undefined) out.resource = rest[0];
  if (rest[1] !== undefined) out.name = rest[1];
  if (rest[2] !== undefined) out.subresource = rest[2];
  return out;
}

/** The RBAC verb a request needs: GET of a collection is `list` (or `watch`), of an object `get`, … */
export function rbacVerb(
  method: string,
  parsed: ParsedPath | undefined,
  query: Record<string, unknown> = {},
): string {
  const named = parsed?.name !== undefined;
  switch (method.toUpperCase()) {
    case 'GET':
      if (query.watch === true || query.watch === 'true' || query.watch === '1' || query.watch === 1)
        return 'watch';
      // Non-resource paths (`/version`, `/healthz`) and single objects are `get`; collections `list`.
      return named || !parsed?.resource ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** `deployments.apps`, `configmaps`, `deployments.apps/scale`: the resource as kubectl names it. */
export function resourceLabel(parsed: ParsedPath): string {
  const base = parsed.group ? `${parsed.resource ?? '?'}.${parsed.group}` : (parsed.resource ?? '?');
  return parsed.subresource ? `${base}/${parsed.subresource}` : base;
}
