/** Rendered objects and finished operations for the history tests. */
import type { KubeObject, ObjectIdentity } from '../../../../src/engine/objects.js';
import { canonicalJson, sha256 } from '../../../../src/engine/render/hash.js';
import type { RenderedObject } from '../../../../src/engine/render/index.js';
import type { OperationState, TaskResult } from '../../../../src/engine/sync/operation.js';
import type { TaskAction } from '../../../../src/engine/sync/types.js';

/** A rendered object with its identity and content hash, as the renderer makes them. */
export function rendered(kind: string, name: string, body: Record<string, unknown> = {}): RenderedObject {
  const group = kind === 'Deployment' ? 'apps' : '';
  const object = {
    apiVersion: group ? `${group}/v1` : 'v1',
    kind,
    metadata: { name, namespace: 'web' },
    ...body,
  } as KubeObject;
  const identity: ObjectIdentity = { group, version: 'v1', kind, namespace: 'web', name };
  return { object, identity, source: { file: `${name}.yaml` }, hash: sha256(canonicalJson(object)) };
}

/** One task's result. */
export function task(
  action: TaskAction,
  status: TaskResult['status'],
  name: string = action,
  message?: string,
): TaskResult {
  return {
    identity: { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name },
    action,
    phase: 'Sync',
    wave: 0,
    status,
    ...(message ? { message } : {}),
  };
}

/** A finished operation of app `web`. */
export function finished(over: Partial<OperationState> = {}): OperationState {
  return {
    id: 'web-op-1',
    app: 'web',
    cluster: 'dev',
    revision: 'a'.repeat(40),
    initiator: { user: 'alice', host: 'ops-1', pid: 42 },
    startedAt: '2026-12-03T12:00:00.000Z',
    finishedAt: '2026-12-03T12:00:30.000Z',
    phase: 'Succeeded',
    dryRun: false,
    prune: false,
    partial: false,
    kind: 'sync',
    tasks: [],
    ...over,
  };
}
