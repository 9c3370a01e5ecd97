/** The view-model store: types, the patch API the engine side feeds, intents, selectors, UI transitions. */
export * from './types.js';
export * from './store.js';
export * from './patch.js';
export * from './coalescer.js';
export * from './intents.js';
export * from './filter.js';
export * from './list.js';
export * from './selectors/index.js';
export * from './ui-actions.js';
