/** Desired state: the fleet's apps rendered at their commits (config + git + render joined). */
export { DesiredStates, selectApps, type DesiredState } from './desired-states.js';
export { openRepos, repoUrl } from './repos.js';
