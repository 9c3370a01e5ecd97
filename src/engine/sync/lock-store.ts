/** The app lock's two objects on the cluster: a Lease (who holds the app) and a ConfigMap beside it
 * holding the operation record as JSON. Plain REST calls with optimistic concurrency; no policy here. */
import type { ClusterClient } from '../cluster/client.js';
import { isClusterError } from '../cluster/errors.js';
import type { OperationPhase, OperationState } from './operation.js';

/** What the lock needs of a cluster client. */
export type LockCluster = Pick<ClusterClient, 'name' | 'requestJson' | 'request'>;

/** Namespace of flotilla's shared state on each destination cluster. */
export const LOCK_NAMESPACE = 'flotilla-system';
/** ConfigMap data key of the operation record. */
export const RECORD_KEY = 'operation.json';

/** Name of the Lease and of the ConfigMap of an app (app names are DNS-1123 labels, so this is a valid name). */
export const lockObjectName = (app: string): string => `flotilla-op-${app}`;

const ns = encodeURIComponent(LOCK_NAMESPACE);
const leases = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
const configMaps = `/api/v1/namespaces/${ns}/configmaps`;
const objectIn = (collection: string, app: string) =>
  `${collection}/${encodeURIComponent(lockObjectName(app))}`;

/** The fields of a coordination.k8s.io/v1 Lease the lock uses. */
export interface LeaseObject {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string;
    /** MicroTime (RFC 3339 with microseconds). */
    acquireTime?: string;
    renewTime?: string;
    leaseDurationSeconds?: number;
    leaseTransitions?: number;
  };
}

/** The operation record as stored: the parsed state (undefined when absent or unreadable) and its version. */
export interface StoredRecord {
  state: OperationState | undefined;
  resourceVersion: string;
}

/** Kubernetes MicroTime: RFC 3339 in UTC with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** When the lease runs out (ms since the epoch), or undefined when nobody holds it. */
export function leaseExpiry(lease: LeaseObject): number | undefined {
  const { holderIdentity, renewTime, acquireTime, leaseDurationSeconds } = lease.spec;
  const last = Date.parse(renewTime ?? acquireTime ?? '');
  if (!holderIdentity || Number.isNaN(last)) return undefined;
  return last + (leaseDurationSeconds ?? 0) * 1000;
}

/** True when someone holds the lease and it has not run out at `now`. */
export function isLeaseLive(lease: LeaseObject | undefined, now: number): boolean {
  const expiry = lease ? leaseExpiry(lease) : undefined;
  return expiry !== undefined && now < expiry;
}

/** The app's Lease, or undefined when there is none. */
export async function getLease(cluster: LockCluster, app: string): Promise<LeaseObject | undefined> {
  return orUndefinedWhenMissing(() => cluster.requestJson<LeaseObject>('GET', objectIn(leases, app)));
}

/** Creates the app's Lease (creating the namespace when it is missing); undefined when another one won the race. */
export async function createLease(
  cluster: LockCluster,
  app: string,
  spec: LeaseObject['spec'],
): Promise<LeaseObject | undefined> {
  const body: LeaseObject = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: lockObjectName(app), namespace: LOCK_NAMESPACE },
    spec,
  };
  const create = () => cluster.requestJson<LeaseObject>('POST', leases, { body });
  return orUndefinedOnConflict(async () => {
    try {
      return await create();
    } catch (e) {
      if (!isClusterError(e, 'cluster.not-found')) throw e;
      await ensureLockNamespace(cluster);
      return create();
    }
  });
}

/** Replaces the Lease if it is still at the version read; undefined when it changed meanwhile. */
export async function updateLease(
  cluster: LockCluster,
  app: string,
  lease: LeaseObject,
): Promise<LeaseObject | undefined> {
  return orUndefinedOnConflict(() =>
    cluster.requestJson<LeaseObject>('PUT', objectIn(leases, app), { body: lease }),
  );
}

/** Deletes the Lease only if it is still at `resourceVersion` (never someone else's newer lease). */
export async function deleteLease(cluster: LockCluster, app: string, resourceVersion: string): Promise<void> {
  try {
    await cluster.requestJson('DELETE', objectIn(leases, app), {
      body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion } },
    });
  } catch (e) {
    if (!isClusterError(e, 'cluster.not-found', 'cluster.conflict')) throw e;
  }
}

/** Creates `flotilla-system` unless it exists (another flotilla may create it at the same moment). */
export async function ensureLockNamespace(cluster: LockCluster): Promise<void> {
  try {
    await cluster.requestJson('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: LOCK_NAMESPACE } },
    });
  } catch (e) {
    if (!isClusterError(e, 'cluster.conflict')) throw e;
  }
}

interface RecordMap {
  metadata?: { resourceVersion?: string };
  data?: Record<string, string>;
}

/** The app's operation record, or undefined when there is no ConfigMap. */
export async function getRecord(cluster: LockCluster, app: string): Promise<StoredRecord | undefined> {
  const map = await orUndefinedWhenMissing(() =>
    cluster.requestJson<RecordMap>('GET', objectIn(configMaps, app)),
  );
  if (!map) return undefined;
  return {
    state: parseOperation(map.data?.[RECORD_KEY]),
    resourceVersion: map.metadata?.resourceVersion ?? '',
  };
}

/**
 * Writes the record: creates the ConfigMap when `resourceVersion` is undefined, else replaces it if it is
 * still at that version. Answers the new version, or undefined when someone else wrote first (re-read).
 */
export async function putRecord(
  cluster: LockCluster,
  app: string,
  state: OperationState,
  resourceVersion: string | undefined,
): Promise<string | undefined> {
  const body = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: lockObjectName(app),
      namespace: LOCK_NAMESPACE,
      labels: { 'app.kubernetes.io/managed-by': 'flotilla' },
      ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    },
    data: { [RECORD_KEY]: JSON.stringify(state) },
  };
  const written = await orUndefinedOnConflict(() =>
    resourceVersion === undefined
      ? cluster.requestJson<RecordMap>('POST', configMaps, { body })
      : cluster.requestJson<RecordMap>('PUT', objectIn(configMaps, app), { body }),
  );
  return written ? (written.metadata?.resourceVersion ?? '') : undefined;
}

const phases = new Set<OperationPhase>(['Running', 'Succeeded', 'Failed', 'Interrupted']);

/**
 * Reads a stored record. It comes from the cluster, so anyone with write access could have put anything
 * there: check the fields the lock and the screens rely on, and ignore a record that lacks them.
 */
export function parseOperation(text: string | undefined): OperationState | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Partial<Record<keyof OperationState, unknown>>;
  const initiator = v.initiator as Partial<Record<string, unknown>> | undefined;
  const valid =
    typeof v.id === 'string' &&
    typeof v.app === 'string' &&
    typeof v.startedAt === 'string' &&
    phases.has(v.phase as OperationPhase) &&
    Array.isArray(v.tasks) &&
    typeof initiator === 'object' &&
    initiator !== null &&
    typeof initiator.user === 'string' &&
    typeof initiator.host === 'string' &&
    typeof initiator.pid === 'number';
  return valid ? (value as OperationState) : undefined;
}

async function orUndefinedWhenMissing<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (isClusterError(e, 'cluster.not-found')) return undefined;
    throw e;
  }
}

async function orUndefinedOnConflict<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (isClusterError(e, 'cluster.conflict')) return undefined;
    throw e;
  }
}
