/** The one place the sync planner takes tracking helpers from. */
export { identityOf, isTrackedBy, withTracking } from '../diff/tracking.js';
export { REVISION_ANNOTATION, TRACKING_ID_ANNOTATION, TRACKING_LABEL, trackingIdFor } from '../tracking.js';
