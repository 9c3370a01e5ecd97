/** The one place the sync planner takes tracking helpers from, so moving them is a one-line change here. */
export {
  TRACKING_ID_ANNOTATION,
  TRACKING_LABEL,
  identityOf,
  isTrackedBy,
  trackingIdFor,
  withTracking,
} from '../diff/tracking.js';

/** Annotation on every applied object naming the commit it was applied from. */
export const REVISION_ANNOTATION = 'flotilla.dev/revision';
