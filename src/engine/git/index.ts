/** Git sources for the engine: remote (HTTP) and local repositories, read without a working tree. */
export { createRepoSource, RepoSource, type RepoSourceOptions } from './repo-source.js';
export { defaultCacheRoot } from './cache-dir.js';
export { pathAffected } from './paths.js';
export type { CommitPresence } from './reachability.js';
export type { CommitInfo, GitLogEntry, PollResult, RepoSpec } from './types.js';
