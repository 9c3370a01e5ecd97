/** The app's record on its cluster: one ConfigMap `flotilla-app-<app>` in `flotilla-system` with the history
 * and the auto-sync pause as JSON. Read by anyone who may read ConfigMaps there; written with optimistic
 * concurrency so two flotillas finishing at once both land their entries. */
import { isClusterError } from '../cluster/errors.js';
import { ProblemError } from '../problem.js';
import { ensureLockNamespace, LOCK_NAMESPACE, type LockCluster } from '../sync/lock-store.js';
import { parseHistory, parsePause, withEntry, type NewHistoryEntry } from './record.js';
import type { AppRecord, AutoSyncPause, HistoryEntry } from './types.js';

/** ConfigMap data keys. */
export const HISTORY_KEY = 'history.json';
export const PAUSE_KEY = 'autosync-pause.json';

/** Name of the ConfigMap holding an app's record. */
export const appRecordName = (app: string): string => `flotilla-app-${app}`;

const configMaps = `/api/v1/namespaces/${encodeURIComponent(LOCK_NAMESPACE)}/configmaps`;
const mapOf = (app: string) => `${configMaps}/${encodeURIComponent(appRecordName(app))}`;
const writeAttempts = 5;

interface RecordMap {
  metadata?: { resourceVersion?: string };
  data?: Record<string, string>;
}

/** The app's record; empty when it was never synced. Cluster errors (forbidden, unreachable) are thrown. */
export async function readAppRecord(cluster: LockCluster, app: string): Promise<AppRecord> {
  return (await readMap(cluster, app)).record;
}

/** Applies `change` to the stored record and writes it back, re-reading when someone else wrote first. */
export async function updateAppRecord(
  cluster: LockCluster,
  app: string,
  change: (record: AppRecord) => AppRecord,
): Promise<AppRecord> {
  for (let attempt = 0; attempt < writeAttempts; attempt++) {
    const { record, resourceVersion } = await readMap(cluster, app);
    const next = change(record);
    if (await writeMap(cluster, app, next, resourceVersion)) return next;
  }
  throw new ProblemError([
    {
      code: 'history.conflict',
      message: `Could not write the history of app ${app} on cluster ${cluster.name}: it kept changing.`,
      hint: 'Try again.',
    },
  ]);
}

/** Adds an entry (numbered, repeated failures folded, the newest `limit` kept); answers it as stored. */
export async function appendHistory(
  cluster: LockCluster,
  app: string,
  entry: NewHistoryEntry,
  limit: number,
): Promise<HistoryEntry> {
  const record = await updateAppRecord(cluster, app, (r) => withEntry(r, entry, limit));
  // withEntry puts the new (or folded) entry first.
  return record.history[0]!;
}

/** Pauses auto-sync and self-heal of the app (replacing an earlier pause). */
export async function pauseAutoSync(cluster: LockCluster, app: string, pause: AutoSyncPause): Promise<void> {
  await updateAppRecord(cluster, app, (r) => ({ ...r, pause }));
}

/** Lifts the app's pause; answers the pause that was lifted, if there was one. */
export async function resumeAutoSync(cluster: LockCluster, app: string): Promise<AutoSyncPause | undefined> {
  let lifted: AutoSyncPause | undefined;
  await updateAppRecord(cluster, app, (r) => {
    lifted = r.pause;
    return { history: r.history };
  });
  return lifted;
}

async function readMap(
  cluster: LockCluster,
  app: string,
): Promise<{ record: AppRecord; resourceVersion: string | undefined }> {
  let map: RecordMap;
  try {
    map = await cluster.requestJson<RecordMap>('GET', mapOf(app));
  } catch (e) {
    if (isClusterError(e, 'cluster.not-found'))
      return { record: { history: [] }, resourceVersion: undefined };
    throw e;
  }
  const pause = parsePause(map.data?.[PAUSE_KEY]);
  return {
    record: { history: parseHistory(map.data?.[HISTORY_KEY]), ...(pause ? { pause } : {}) },
    resourceVersion: map.metadata?.resourceVersion ?? '',
  };
}

/** Creates (no version) or replaces (at that version) the ConfigMap; false when someone else wrote first. */
async function writeMap(
  cluster: LockCluster,
  app: string,
  record: AppRecord,
  resourceVersion: string | undefined,
): Promise<boolean> {
  const body = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: appRecordName(app),
      namespace: LOCK_NAMESPACE,
      labels: { 'app.kubernetes.io/managed-by': 'flotilla' },
      ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    },
    data: {
      [HISTORY_KEY]: JSON.stringify(record.history),
      ...(record.pause ? { [PAUSE_KEY]: JSON.stringify(record.pause) } : {}),
    },
  };
  try {
    if (resourceVersion !== undefined) await cluster.requestJson('PUT', mapOf(app), { body });
    else await create(cluster, body);
    return true;
  } catch (e) {
    if (isClusterError(e, 'cluster.conflict', 'cluster.not-found')) return false;
    throw e;
  }
}

async function create(cluster: LockCluster, body: object): Promise<void> {
  try {
    await cluster.requestJson('POST', configMaps, { body });
  } catch (e) {
    if (!isClusterError(e, 'cluster.not-found')) throw e;
    await ensureLockNamespace(cluster);
    await cluster.requestJson('POST', configMaps, { body });
  }
}
