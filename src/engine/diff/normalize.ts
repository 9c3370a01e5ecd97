/** Normalisation of both sides before a comparison: what the API server writes on its own never counts as drift.
 *
 * `status` is dropped for every kind, CRDs and custom resources included: it is written by controllers, never
 * by an apply (the built-in kinds keep no desired state there, and for custom resources Argo CD's default since
 * 3.0 is the same). A custom resource without a status subresource that keeps user data in `status` would need
 * an explicit comparison; none of the kinds flotilla knows does. */
import type { KubeObject } from '../objects.js';
import type { JsonMap } from './json.js';
import { clone, isMap } from './json.js';
import { REVISION_ANNOTATION } from '../tracking.js';

/** Metadata fields the API server sets; never in Git, never meaningful to compare. */
const SERVER_METADATA_FIELDS = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
  'deletionGracePeriodSeconds',
  'deletionTimestamp',
] as const;

/** Annotations written by tools or controllers rather than by the author of the manifest. The sync's
 * revision annotation is bookkeeping too: every commit changes its value, so comparing it would make every
 * object differ after any commit (and right after a sync, whose dry run is sent without it). */
const SERVER_ANNOTATIONS: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  REVISION_ANNOTATION,
];

/** True for a core-group Secret. */
export function isSecret(obj: KubeObject | undefined): boolean {
  return obj?.kind === 'Secret' && obj.apiVersion === 'v1';
}

/** A normalised copy: server-set metadata, tool annotations and status removed; Secret `stringData` folded into
 * `data` as the API server does; empty label/annotation maps removed (absent and empty mean the same). */
export function normalizeObject(obj: KubeObject): KubeObject {
  const out = clone(obj);
  const meta: JsonMap = isMap(out.metadata) ? out.metadata : {};
  out.metadata = meta as KubeObject['metadata'];
  for (const field of SERVER_METADATA_FIELDS) delete meta[field];
  for (const mapName of ['annotations', 'labels'] as const) {
    const map = meta[mapName];
    if (!isMap(map)) {
      delete meta[mapName];
      continue;
    }
    if (mapName === 'annotations') for (const a of SERVER_ANNOTATIONS) delete map[a];
    if (Object.keys(map).length === 0) delete meta[mapName];
  }
  delete out.status;
  if (isSecret(out)) foldStringData(out);
  dropNullTemplateTimestamps(out);
  return out;
}

/** `stringData` wins over `data` for the same key, exactly as the API server merges them; null values read as ''. */
function foldStringData(secret: KubeObject): void {
  const data: JsonMap = isMap(secret.data) ? { ...secret.data } : {};
  if (isMap(secret.stringData)) {
    for (const [key, value] of Object.entries(secret.stringData)) {
      data[key] = Buffer.from(typeof value === 'string' ? value : '', 'utf8').toString('base64');
    }
  }
  for (const [key, value] of Object.entries(data)) if (value === null || value === undefined) data[key] = '';
  delete secret.stringData;
  if (Object.keys(data).length > 0 || secret.data !== undefined) secret.data = data;
}

/** Pod and claim templates come back with `metadata.creationTimestamp: null`; Git never has it. */
function dropNullTemplateTimestamps(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNullTemplateTimestamps(item);
    return;
  }
  if (!isMap(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'metadata' && isMap(child) && child.creationTimestamp === null)
      delete child.creationTimestamp;
    dropNullTemplateTimestamps(child);
  }
}
