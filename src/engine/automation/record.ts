/** The app's record as automation reads it: history and pause from the cluster, with the app's last
 * operation folded in when its history entry is missing (an older flotilla, or a failed write), so
 * "attempted once" holds across processes and restarts either way. */
import { readAppRecord } from '../history/store.js';
import type { AppRecord } from '../history/types.js';
import { readOperation, type LockCluster } from '../sync/lock.js';
import { attemptOf, withAttempts } from './attempts.js';

/** Reads the record and the operation record of `app` on `cluster`. */
export async function readAutomationRecord(cluster: LockCluster, app: string): Promise<AppRecord> {
  const [record, last] = await Promise.all([readAppRecord(cluster, app), readOperation(cluster, app)]);
  const attempt = last && attemptOf(last);
  return attempt ? withAttempts(record, [attempt]) : record;
}
