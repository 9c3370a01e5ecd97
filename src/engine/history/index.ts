/** The app's shared record on its cluster: sync history and the auto-sync pause. */
export type { AppRecord, AutoSyncPause, CommitSummary, HistoryEntry, OperationKind } from './types.js';
export { parseHistory, parsePause, withEntry, type NewHistoryEntry } from './record.js';
export { chooseRollbackTarget, entryLabel, restorable, type RollbackChoice } from './rollback.js';
export {
  appendHistory,
  appRecordName,
  pauseAutoSync,
  readAppRecord,
  resumeAutoSync,
  updateAppRecord,
} from './store.js';
export { historyEntryOf, manifestDigest, recordOperation, taskCounts, type EntryInput } from './entry.js';
export { compareRenders, historyDiff, type HistoryDiff, type ObjectChange, type RenderAt } from './diff.js';
export { readRecord, recordProblem, type RecordCluster } from './read.js';
