/** Rendering: an app at a commit → the exact list of desired objects (plain files, Kustomize, Helm). */
export { createRenderer, manifestDigest } from './renderer.js';
export { readManifests } from './yaml-reader.js';
export { describeSource } from './normalise.js';
export type * from './types.js';
