/** The cluster layer: one client per kubeconfig context (see client.ts), its pieces re-exported. */
export { ClusterClient, createClusterClient } from './client.js';
export type { AppKindWatch, ClusterClientOptions, DeleteOptions, MutationRecord } from './client.js';
export type { Clock, Logger } from './deps.js';
export { systemClock } from './deps.js';
export { isClusterError } from './errors.js';
export { labelSelectorQuery } from './selector.js';
export type { ClusterStatus } from './status.js';
export type { KindRef, ObjectChange } from './watch.js';
