/** Shapes of an app's shared record on its cluster: the sync history and the auto-sync pause. Plain data,
 * kept in one ConfigMap per app in `flotilla-system` so every operator (and the viewer identity) reads it. */

/** What started an operation: a person (`sync`, `rollback`) or flotilla's automation. */
export type OperationKind = 'sync' | 'rollback' | 'auto-sync' | 'self-heal';

/** The commit an entry deployed, as Git told it when the entry was written. */
export interface CommitSummary {
  /** First line of the message. */
  subject: string;
  /** `Name <email>`. */
  author: string;
  /** Author date, ISO 8601. */
  date: string;
}

/** One finished sync operation (dry runs are never recorded). */
export interface HistoryEntry {
  /** 1, 2, 3 … per app, never reused (trimmed entries keep their numbers gone). */
  id: number;
  /** The operation's own id (`OperationState.id`). */
  operationId: string;
  kind: OperationKind;
  /** The commit SHA that was rendered and applied. */
  revision: string;
  /** Undefined when Git could not be read when the entry was written. */
  commit?: CommitSummary;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  /** The kubeconfig user and host that ran it (for automation: the flotilla that held the app). */
  initiator: { user: string; host: string };
  result: 'Succeeded' | 'Failed';
  /** Plain words: why it failed. */
  message?: string;
  /** Only some resources were synced (`--resource`, `--only-out-of-sync`, self-heal). */
  partial: boolean;
  prune: boolean;
  /** `sha256:<hex>` of the rendered manifests the operation applied (see `manifestDigest`). */
  manifestDigest: string;
  /** Objects applied (created, updated, replaced) and deleted by prune. */
  applied: number;
  pruned: number;
  /** Failed attempts of the same kind at the same revision fold into one entry; this counts them (1 otherwise). */
  attempts: number;
  /** For a rollback: the id of the entry whose revision it restored. */
  rollbackOf?: number;
}

/** An operator's hold on an automated app: auto-sync and self-heal leave it alone until resumed. */
export interface AutoSyncPause {
  /** Who paused it (kubeconfig user) and from which host. */
  by: string;
  host: string;
  /** ISO 8601. */
  at: string;
  /** Plain words, e.g. `rollback to #4 (abc1234)`. */
  reason: string;
  /** A rollback's pause pins the revision it restored; a manual pause pins none. */
  revision?: string;
  source: 'rollback' | 'manual';
}

/** The app's shared record as read from its cluster. */
export interface AppRecord {
  /** Newest first. */
  history: HistoryEntry[];
  pause?: AutoSyncPause;
}
