/** Selectors: narrow reads and memoised derived data over the view model. */
export * from './fleet.js';
export * from './detail.js';
export * from './repos.js';
export * from './history.js';
