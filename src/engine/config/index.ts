/** The fleet file (flotilla.yaml): locate, load, check, and expand app sets. See docs/config.md. */
export { loadFleet } from './load.js';
export { parseFleet } from './parse-fleet.js';
export type { ParseFleetOptions } from './parse-fleet.js';
export { locateFleetFile } from './locate.js';
export { DEFAULT_SYNC_OPTIONS } from './sync-options.js';
export { fleetJsonSchema } from './json-schema.js';
export type * from './types.js';
