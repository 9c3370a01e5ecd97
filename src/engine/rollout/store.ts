/** The rollout record on a cluster: one ConfigMap `flotilla-rollout-<appset>` in `flotilla-system`, key
 * `rollout.json`. Plain REST calls with optimistic concurrency; no policy here. */
import { isClusterError } from '../cluster/errors.js';
import { ensureLockNamespace, LOCK_NAMESPACE, type LockCluster } from '../sync/lock-store.js';
import { parseRollout } from './record.js';
import type { RolloutRecord } from './types.js';

/** ConfigMap data key of the rollout record. */
export const ROLLOUT_KEY = 'rollout.json';

/** Name of the ConfigMap of an app set's rollout (app set names are DNS-1123 labels, so this is valid). */
export const rolloutRecordName = (appSet: string): string => `flotilla-rollout-${appSet}`;

const configMaps = `/api/v1/namespaces/${encodeURIComponent(LOCK_NAMESPACE)}/configmaps`;
const mapOf = (appSet: string) => `${configMaps}/${encodeURIComponent(rolloutRecordName(appSet))}`;

/** The stored record (undefined when unreadable) and the ConfigMap's version. */
export interface StoredRollout {
  record: RolloutRecord | undefined;
  resourceVersion: string;
}

interface RecordMap {
  metadata?: { resourceVersion?: string };
  data?: Record<string, string>;
}

/** The app set's rollout record on `cluster`, or undefined when there is none. Cluster errors are thrown. */
export async function readRollout(cluster: LockCluster, appSet: string): Promise<StoredRollout | undefined> {
  let map: RecordMap;
  try {
    map = await cluster.requestJson<RecordMap>('GET', mapOf(appSet));
  } catch (e) {
    if (isClusterError(e, 'cluster.not-found')) return undefined;
    throw e;
  }
  return {
    record: parseRollout(map.data?.[ROLLOUT_KEY]),
    resourceVersion: map.metadata?.resourceVersion ?? '',
  };
}

/**
 * Writes the record: creates the ConfigMap when `resourceVersion` is undefined (and the namespace when it is
 * missing), else replaces it if it is still at that version. Answers the new version, or undefined when
 * someone else wrote first or the ConfigMap was deleted meanwhile (re-read). Other errors are thrown.
 */
export async function writeRollout(
  cluster: LockCluster,
  record: RolloutRecord,
  resourceVersion: string | undefined,
): Promise<string | undefined> {
  const body = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: rolloutRecordName(record.appSet),
      namespace: LOCK_NAMESPACE,
      labels: { 'app.kubernetes.io/managed-by': 'flotilla' },
      ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    },
    data: { [ROLLOUT_KEY]: JSON.stringify(record) },
  };
  try {
    const written =
      resourceVersion === undefined
        ? await create(cluster, body)
        : await cluster.requestJson<RecordMap>('PUT', mapOf(record.appSet), { body });
    return written.metadata?.resourceVersion ?? '';
  } catch (e) {
    if (isClusterError(e, 'cluster.conflict', 'cluster.not-found')) return undefined;
    throw e;
  }
}

async function create(cluster: LockCluster, body: object): Promise<RecordMap> {
  try {
    return await cluster.requestJson<RecordMap>('POST', configMaps, { body });
  } catch (e) {
    if (!isClusterError(e, 'cluster.not-found')) throw e;
    await ensureLockNamespace(cluster);
    return cluster.requestJson<RecordMap>('POST', configMaps, { body });
  }
}
