/** Shapes of a running sync: who started it, how far it got, each task's result, and the events it sends
 * while it runs. Plain data: kept on the cluster beside the app's Lease, shown by any flotilla. */
import type { OperationKind } from '../history/types.js';
import type { ObjectIdentity } from '../objects.js';
import type { Problem } from '../problem.js';
import type { ResourceSelector, SyncPhase, SyncPlan, TaskAction } from './types.js';

/** Where an operation is: running, or how it ended. `Interrupted`: its holder vanished (lease expired). */
export type OperationPhase = 'Running' | 'Succeeded' | 'Failed' | 'Interrupted';

/** Who started an operation: the kubeconfig user, the host and the process. */
export interface Initiator {
  user: string;
  host: string;
  pid: number;
}

/** Where one task is. `skipped`: planned as skipped, or not reached because the operation failed first. */
export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** One task's part in a running or finished operation. */
export interface TaskResult {
  identity: ObjectIdentity;
  action: TaskAction;
  phase: SyncPhase;
  wave: number;
  status: TaskStatus;
  /** Plain words: what happened (the API server's message on failure, a hook's exit message). */
  message?: string;
}

/** A request to stop a running operation, written by `flotilla terminate` from any host. */
export interface TerminateRequest {
  by: string;
  at: string;
}

/** The record of one operation: kept on the cluster while it runs and after it ends. */
export interface OperationState {
  /** Unique per operation (app, start time and a random part). */
  id: string;
  app: string;
  cluster: string;
  revision: string;
  initiator: Initiator;
  /** ISO 8601. */
  startedAt: string;
  finishedAt?: string;
  phase: OperationPhase;
  /** Plain words: why it failed, or what it is waiting for. */
  message?: string;
  /** The step it is in (or ended in). */
  step?: { phase: SyncPhase; wave: number };
  dryRun: boolean;
  prune: boolean;
  /** True when only some resources were synced. */
  partial: boolean;
  /** What started it; absent on records written before this field existed (read as `sync`). */
  kind?: OperationKind;
  tasks: TaskResult[];
  terminate?: TerminateRequest;
}

/** How a sync is asked for, from the CLI, the TUI or automation. */
export interface SyncRequest {
  /** Delete live objects Git no longer has (every guard still applies). */
  prune: boolean;
  /** Prunes that need a confirmation: `all`, or `Kind/name` / `Kind/namespace/name` tokens. */
  confirmPrune?: 'all' | readonly string[];
  /** Plan, then a server-side dry run of every apply; nothing is changed. */
  dryRun: boolean;
  /** Take over fields other field managers own. */
  force: boolean;
  /** Replace every object instead of applying it (as `Replace=true`). */
  replace: boolean;
  /** Apply only what differs from Git (hooks, creates and prunes still run). */
  onlyOutOfSync?: boolean;
  /** Sync only these resources (a partial sync). */
  resources?: readonly ResourceSelector[];
  /** Run no hooks (rollbacks, self-heal). */
  skipHooks?: boolean;
  /** What starts it (default `sync`): recorded in the operation and its history entry. */
  kind?: OperationKind;
  /** Render and apply this commit instead of the app's revision (a rollback's). */
  revision?: string;
  /** For a rollback: the history entry whose revision it restores (recorded in its own entry). */
  rollbackOf?: number;
  /** Wait for the app to be healthy after the last wave. */
  wait: boolean;
  /** Fail the operation after this long; undefined: no limit. */
  timeoutMs?: number;
  /** Wait for another operation's lock instead of refusing. */
  waitLock: boolean;
  /** Stops the operation from this process (Ctrl-C): running hooks are deleted, the operation fails. */
  signal?: AbortSignal;
}

/** Who holds an app's lock, for the refusal message. */
export interface LockHolder {
  holder: string;
  /** ISO 8601: when the holder took the lock. */
  since: string;
  /** The operation it runs, when its record could be read. */
  operation?: OperationState;
}

/** What a sync sends while it runs, in order. */
export type SyncEvent =
  | { type: 'plan'; plan: SyncPlan }
  /** The lock is held by someone else and `waitLock` is set. */
  | { type: 'lock-wait'; holder: LockHolder }
  | { type: 'locked'; holder: string }
  /** A previous operation was interrupted (its holder vanished); shown before this one starts. */
  | { type: 'interrupted'; previous: OperationState }
  | { type: 'dry-run'; failures: { identity: ObjectIdentity; message: string }[] }
  | { type: 'step'; phase: SyncPhase; wave: number }
  | { type: 'task'; result: TaskResult }
  /** Waiting for objects to become healthy or hooks to finish; `on` names them. */
  | { type: 'waiting'; phase: SyncPhase; wave: number; on: string[] }
  | { type: 'done'; state: OperationState };

/** How a sync ended: the record, or problems that stopped it before it started (nothing was sent). */
export type SyncOutcome =
  | {
      started: true;
      state: OperationState;
      /** The app's previous operation, when its holder vanished before it ended (shown before this one). */
      interrupted?: OperationState;
      /** What went wrong after the operation ended (its history entry could not be written). */
      warnings?: Problem[];
    }
  | { started: false; problems: Problem[]; plan?: SyncPlan; holder?: LockHolder };
