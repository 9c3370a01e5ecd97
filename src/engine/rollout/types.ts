/** Shapes of a fleet rollout: an app set's apps synced group by group, grouped by a cluster label, and the
 * record of its progress kept on every cluster of the rollout so any flotilla can show it. Plain data. */
import type { Problem } from '../problem.js';
import type { Initiator, SyncEvent, SyncRequest } from '../sync/operation.js';

/** `--order LABEL=v1,v2`: the cluster label that groups the apps, and its values in the order to go. */
export interface RolloutOrder {
  label: string;
  values: string[];
}

/** One app of the rollout and the cluster it goes to. */
export interface RolloutTarget {
  app: string;
  cluster: string;
}

/** The apps whose cluster carries one value of the order's label. */
export interface RolloutGroup {
  value: string;
  apps: RolloutTarget[];
}

/** An app of the app set that no group takes, and why (plain words). */
export interface LeftOutApp extends RolloutTarget {
  reason: string;
}

/** What a rollout will do, decided before anything is sent. */
export interface RolloutPlan {
  appSet: string;
  order: RolloutOrder;
  /** In the order's order; none is empty. */
  groups: RolloutGroup[];
  leftOut: LeftOutApp[];
}

/** Where a rollout is. `Stopped`: Ctrl-C; `Interrupted`: its flotilla vanished (no heartbeat), as read. */
export type RolloutPhase = 'Running' | 'Succeeded' | 'Failed' | 'Stopped' | 'Interrupted';

/** Where one app of a rollout is. `Refused`: its sync did not start (nothing sent); `NotStarted`: the rollout
 * stopped before its turn came. */
export type RolloutAppState = 'Waiting' | 'Syncing' | 'Succeeded' | 'Failed' | 'Refused' | 'NotStarted';

/** Where one group is, from its apps' states. `Stopped`: some apps succeeded, the rest never started. */
export type RolloutGroupPhase = 'Waiting' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped' | 'NotStarted';

/** One app's part in a rollout. */
export interface RolloutAppRecord extends RolloutTarget {
  state: RolloutAppState;
  /** Plain words: why it failed or was refused. */
  message?: string;
  /** The id of its sync operation, once one started. */
  operation?: string;
}

/** One group's part in a rollout. */
export interface RolloutGroupRecord {
  value: string;
  phase: RolloutGroupPhase;
  apps: RolloutAppRecord[];
}

/** Where a rollout stopped: the group, and the app that failed there (absent after Ctrl-C between apps). */
export interface RolloutStop {
  group: string;
  app?: string;
  cluster?: string;
}

/** The record of one rollout: kept on every cluster of the rollout while it runs and after it ends. */
export interface RolloutRecord {
  /** Unique per rollout (app set, start time and a random part). */
  id: string;
  appSet: string;
  order: RolloutOrder;
  initiator: Initiator;
  /** ISO 8601. */
  startedAt: string;
  finishedAt?: string;
  /** ISO 8601: the last time the running flotilla wrote the record; a silent one has vanished. */
  heartbeatAt: string;
  phase: RolloutPhase;
  /** Plain words: where and why it stopped. */
  message?: string;
  stoppedAt?: RolloutStop;
  groups: RolloutGroupRecord[];
  leftOut: LeftOutApp[];
}

/** The sync options a rollout passes to each app's sync (it always waits for health, never dry-runs). */
export type RolloutSyncOptions = Pick<SyncRequest, 'prune' | 'confirmPrune' | 'timeoutMs'>;

/** How a rollout is asked for. */
export interface RolloutRequest {
  order: RolloutOrder;
  sync: RolloutSyncOptions;
  /** Stops the rollout (Ctrl-C): running syncs are stopped as a sync's Ctrl-C stops them, no new one starts. */
  signal?: AbortSignal;
}

/** What a rollout sends while it runs, in order. */
export type RolloutEvent =
  /** The record was written (or tried) on every cluster: the rollout runs. */
  | { type: 'started'; record: RolloutRecord }
  /** An earlier rollout of the app set whose flotilla vanished; this one replaces its record. */
  | { type: 'interrupted'; previous: RolloutRecord }
  | { type: 'group'; index: number; group: RolloutGroup }
  /** An app's state changed. */
  | { type: 'app'; group: string; app: RolloutAppRecord }
  /** An event of one app's sync, for screens that show the syncs in detail. */
  | { type: 'sync'; app: string; event: SyncEvent }
  /** Something went wrong that does not stop the rollout (a record write). */
  | { type: 'warning'; problem: Problem }
  | { type: 'done'; record: RolloutRecord };

/** How a rollout ended: its final record, or why it did not start (nothing was synced). */
export type RolloutOutcome =
  | {
      started: true;
      record: RolloutRecord;
      /** The previous rollout of the app set, when its flotilla vanished before it ended. */
      interrupted?: RolloutRecord;
      warnings: Problem[];
    }
  | {
      started: false;
      problems: Problem[];
      /** The rollout of the app set that is running now, when that is why. */
      running?: RolloutRecord;
    };
