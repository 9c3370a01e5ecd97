/** The app's record as automation reads it: history and pause from the cluster, and the app's last
 * operation as an attempt, for when its history entry is missing (an older flotilla, or a failed write),
 * so "attempted once" holds across processes and restarts either way. */
import { readAppRecord } from '../history/store.js';
import type { AppRecord } from '../history/types.js';
import { readOperation, type LockCluster } from '../sync/lock.js';
import { attemptOf, type OwnAttempt } from './attempts.js';

/** The record, and attempts its history may lack (they are folded in by operation id). */
export interface AutomationRecord {
  record: AppRecord;
  attempts: OwnAttempt[];
}

/** Reads the record and the operation record of `app` on `cluster`. */
export async function readAutomationRecord(cluster: LockCluster, app: string): Promise<AutomationRecord> {
  const [record, last] = await Promise.all([readAppRecord(cluster, app), readOperation(cluster, app)]);
  const attempt = last && attemptOf(last);
  return { record, attempts: attempt ? [attempt] : [] };
}
