/** Shapes of automation (auto-sync and self-heal): what a decision reads, what it answers, and what one
 * app's automation looks like to a screen. Plain data. */
import type { App } from '../config/types.js';
import type { AppSyncStatus } from '../diff/types.js';
import type { AppRecord, AutoSyncPause } from '../history/types.js';
import type { ResourceStatus } from '../status/app-status.js';
import type { ResourceSelector } from '../sync/types.js';

/** The parts of an app's status a decision reads (an `AppSummary` fits). */
export interface ObservedApp {
  /** The commit the app's revision resolves to now; undefined when Git has not answered. */
  sha?: string;
  /** The commit the live objects carry (`flotilla.dev/revision`), when they all carry the same one. */
  deployedSha?: string;
  sync: AppSyncStatus;
  resources: Pick<ResourceStatus, 'group' | 'kind' | 'namespace' | 'name' | 'sync'>[];
}

/** What automation remembers about one app between decisions, beyond the app's record. */
export interface AutomationMemory {
  /** Set when the retries of a revision ran out: how many failures that took and the live state then. A
   * change of the live state starts a fresh round of attempts. */
  exhausted?: { revision: string; failures: number; liveState: string };
  /** A fresh round: failures up to `base` no longer count against the retry limit. */
  round?: { revision: string; base: number };
  /** When the app was last seen in sync (epoch ms): self-heals before it no longer lengthen the back-off. */
  syncedAt?: number;
}

/** Everything one decision reads. */
export interface DecisionInput {
  app: Pick<App, 'name' | 'syncPolicy'>;
  observed: ObservedApp;
  /** The app's record with this process's own attempts folded in; undefined when it could not be read. */
  record: AppRecord | undefined;
  memory: AutomationMemory;
  /** Why the app may not be written to, if it may not. */
  readOnly: 'global' | 'cluster' | undefined;
  now: number;
}

/** What automation does with an app now. */
export type AutomationAction =
  /** Nothing; `error` when the last attempts failed and will not be retried. */
  | { action: 'none'; reason: string; error?: string; pause?: AutoSyncPause }
  /** The next attempt is due at `until` (epoch ms). */
  | { action: 'wait'; kind: 'auto-sync' | 'self-heal'; until: number; reason: string; error?: string }
  | { action: 'auto-sync'; revision: string; prune: boolean; reason: string }
  | {
      action: 'self-heal';
      revision: string;
      prune: boolean;
      resources: ResourceSelector[];
      reason: string;
    };

/** A decision and the memory to keep for the next one. */
export interface Decision {
  action: AutomationAction;
  memory: AutomationMemory;
}

/** One app's automation as screens show it. */
export interface AutomationStatus {
  /** `off`: this flotilla does not act (--no-auto-sync); the rest as the words say. */
  state: 'idle' | 'syncing' | 'healing' | 'waiting' | 'failed' | 'paused' | 'off';
  /** Plain words: what it does or why not. */
  message: string;
  /** Who paused auto-sync and why. */
  pause?: Pick<AutoSyncPause, 'by' | 'host' | 'at' | 'reason' | 'source'>;
  /** Why the last attempt failed, while it is not resolved. */
  error?: string;
  /** When the next attempt is due (epoch ms). */
  nextAttemptAt?: number;
}
