/** What the monitor needs from the rest of the engine, as narrow interfaces: tests hand it fakes, and
 * the engine facade (`src/engine/engine.ts`) hands it the real parts. */
import type { ClusterClient } from '../cluster/index.js';
import type { App } from '../config/index.js';
import type { DesiredState } from '../desired/index.js';
import type { PollResult, RepoSource } from '../git/index.js';
import type { Result } from '../problem.js';
import type { StatusCluster } from '../status/index.js';

/** One cluster as the monitor uses it: probed, watched, compared. */
export type MonitoredCluster = StatusCluster &
  Pick<
    ClusterClient,
    | 'start'
    | 'probe'
    | 'onStatus'
    | 'onChange'
    | 'watchKinds'
    | 'watchStatuses'
    | 'watchesSynced'
    | 'cachedObjects'
    | 'cached'
  >;

/** What the monitor reads from an app's repository beyond its desired state. */
export type RepoHistory = Pick<RepoSource, 'currentSha' | 'log' | 'commitInfo'>;

/** The desired states of the fleet's apps (`DesiredStates` fits). */
export interface DesiredSource {
  /** Renders an app at its revision, polling its repo at most once per refresh. */
  render(app: App): Promise<Result<DesiredState>>;
  /** The poll of the app's revision in this refresh (shared with `render`). */
  poll(app: App): Promise<PollResult>;
  /** Forgets this refresh's polls of one repo (or all), so the next render asks the remote again. */
  newRefresh(repo?: string): void;
  repoOf(app: App): RepoHistory;
}

/** Time and timers, injectable so tests need not wait. */
export interface MonitorClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock: `Date.now` and Node's timers. */
export const systemMonitorClock: MonitorClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
