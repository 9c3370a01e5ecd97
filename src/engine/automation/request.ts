/** What an automated attempt asks the sync for, and how the runner remembers the attempt. */
import type { SyncRequest } from '../sync/operation.js';
import type { OwnAttempt } from './attempts.js';
import type { AttemptKind } from './events.js';
import type { AutomationAction } from './types.js';

/** The sync request of an automated attempt: self-heal applies only the drifted objects, without hooks. */
export function requestFor(
  action: Extract<AutomationAction, { action: 'auto-sync' | 'self-heal' }>,
  signal: AbortSignal,
): SyncRequest {
  const base = {
    prune: action.prune,
    dryRun: false,
    force: false,
    replace: false,
    wait: false,
    waitLock: false,
    signal,
  };
  if (action.action === 'auto-sync') return { ...base, kind: 'auto-sync' };
  // Drift is usually someone else's write (kubectl edit): taking those fields back is the point of self-heal.
  return {
    ...base,
    kind: 'self-heal',
    force: true,
    resources: action.resources,
    skipHooks: true,
    onlyOutOfSync: true,
  };
}

/** An attempt this process made, shaped as its history entry would be. */
export function ownAttempt(
  kind: AttemptKind,
  revision: string,
  startedAt: number,
  finishedAt: number,
  succeeded: boolean,
  message: string | undefined,
  operationId: string,
): OwnAttempt {
  return {
    operationId,
    kind,
    revision,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    initiator: { user: 'flotilla', host: 'this process' },
    result: succeeded ? 'Succeeded' : 'Failed',
    ...(message ? { message } : {}),
    partial: kind === 'self-heal',
    prune: false,
    manifestDigest: '',
    applied: 0,
    pruned: 0,
  };
}
