/** Applying and checking flotilla's tracking metadata (defined in ../tracking.ts), and Argo CD-compatible
 * compare options on objects. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { splitApiVersion } from '../objects.js';
import { TRACKING_ID_ANNOTATION, TRACKING_LABEL, trackingIdFor } from '../tracking.js';
import { clone } from './json.js';

/** Compare options as Argo CD spells them (comma-separated, e.g. `IgnoreExtraneous`). */
const ARGO_COMPARE_OPTIONS_ANNOTATION = 'argocd.argoproj.io/compare-options';
/** flotilla's own spelling of the same compare options. */
const FLOTILLA_COMPARE_OPTIONS_ANNOTATION = 'flotilla.dev/compare-options';

/** Identity of an object as written: group from apiVersion, '' namespace when none is set. */
export function identityOf(obj: KubeObject): ObjectIdentity {
  const { group, version } = splitApiVersion(obj.apiVersion ?? '');
  return {
    group,
    version,
    kind: obj.kind ?? '',
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
  };
}

/** A copy of the object with flotilla's tracking label and annotation for `app` (idempotent). */
export function withTracking(obj: KubeObject, app: string): KubeObject {
  const copy = clone(obj);
  copy.metadata = copy.metadata ?? {};
  copy.metadata.labels = { ...(copy.metadata.labels ?? {}), [TRACKING_LABEL]: app };
  copy.metadata.annotations = {
    ...(copy.metadata.annotations ?? {}),
    [TRACKING_ID_ANNOTATION]: trackingIdFor(app, identityOf(copy)),
  };
  return copy;
}

/** True when the object carries `app`'s label AND a tracking id naming this very object: a label copied onto
 * another object (by an operator, HNC, a chart) never makes it ours. */
export function isTrackedBy(obj: KubeObject, app: string): boolean {
  const meta = obj.metadata ?? {};
  if (meta.labels?.[TRACKING_LABEL] !== app) return false;
  return meta.annotations?.[TRACKING_ID_ANNOTATION] === trackingIdFor(app, identityOf(obj));
}

/** Compare options set on the object by either annotation, e.g. `['IgnoreExtraneous']`. */
function compareOptionsOf(obj: KubeObject | undefined): string[] {
  const annotations = obj?.metadata?.annotations ?? {};
  return [annotations[ARGO_COMPARE_OPTIONS_ANNOTATION], annotations[FLOTILLA_COMPARE_OPTIONS_ANNOTATION]]
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** True when the object asks that it never make its app OutOfSync merely by being extraneous. */
export function ignoresExtraneous(obj: KubeObject | undefined): boolean {
  return compareOptionsOf(obj).some((o) => o === 'IgnoreExtraneous' || o === 'IgnoreExtraneous=true');
}

/** True for hook objects (Argo CD or Helm): they are run by a sync, not kept in sync, so they get no sync status. */
export function isHook(obj: KubeObject): boolean {
  const annotations = obj.metadata?.annotations ?? {};
  if ('argocd.argoproj.io/hook' in annotations) return true;
  const helm = annotations['helm.sh/hook'];
  // Helm's old crd-install marks plain CRDs, which are compared and synced like any other object.
  return typeof helm === 'string' && helm.split(',').some((t) => t.trim() !== 'crd-install');
}
