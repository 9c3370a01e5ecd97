/** Rendering: an app at a commit → the exact list of desired objects (plain files, Kustomize, Helm). */
export { createRenderer } from './renderer.js';
export { createDiskTree } from './disk-tree.js';
export { builtInIsNamespaced } from './scope.js';
export { canonicalJson, sha256 } from './hash.js';
export { readManifests } from './yaml-reader.js';
export { describeSource } from './normalise.js';
export type { RawDocument, ReadResult } from './yaml-reader.js';
export type * from './types.js';
