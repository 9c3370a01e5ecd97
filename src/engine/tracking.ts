/** flotilla's tracking metadata on every object it applies, defined here once for the whole engine:
 * watches select on the label, and the annotation decides whether an object is really the app's. */
import type { ObjectIdentity } from './objects.js';

/** Label naming the app on every applied object; watches and lists select on it. */
export const TRACKING_LABEL = 'flotilla.dev/app';

/** Annotation naming the app and the object itself (see `trackingIdFor`), checked before an object
 * counts as the app's, so a label copied onto another object never makes it prunable. */
export const TRACKING_ID_ANNOTATION = 'flotilla.dev/tracking-id';

/** `<app>:<group>/<kind>:<namespace>/<name>`; the core group and a cluster-scoped namespace are empty strings
 * (`shop:/Service:web/api`, `shop:rbac.authorization.k8s.io/ClusterRole:/reader`). */
export function trackingIdFor(app: string, id: ObjectIdentity): string {
  return `${app}:${id.group}/${id.kind}:${id.namespace}/${id.name}`;
}

/** Annotation on every applied object naming the commit it was applied from; the Repo pane reads the
 * deployed commit from it. */
export const REVISION_ANNOTATION = 'flotilla.dev/revision';
