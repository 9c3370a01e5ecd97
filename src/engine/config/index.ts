/** The fleet file (flotilla.yaml): locate, load, check, and expand app sets. See docs/config.md. */
export { loadFleet } from './load.js';
export type { LoadFleetOptions } from './load.js';
export { parseFleet } from './parse-fleet.js';
export type { ParseFleetOptions } from './parse-fleet.js';
export { DEFAULT_FLEET_FILE, locateFleetFile } from './locate.js';
export type { FleetFileLocation, FleetFileOrigin, LocateFleetFileInput } from './locate.js';
export { matchesSelector } from './selector.js';
export type { LabelSelector, SelectorExpression } from './selector.js';
export type { SyncOptions } from './sync-options.js';
export { DEFAULT_SYNC_OPTIONS } from './sync-options.js';
export {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_PRODUCTION_CLUSTERS,
  DEFAULT_REQUEST_BUDGET,
} from './resolve-settings.js';
export { DEFAULT_RETRY, DEFAULT_REVISION } from './resolve-app.js';
export { parseDuration } from './duration.js';
export { fleetJsonSchema } from './json-schema.js';
export type { JsonSchema } from './json-schema.js';
export type * from './types.js';
