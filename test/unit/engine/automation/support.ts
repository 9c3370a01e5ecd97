/** Builders for automation tests: an automated app, observed statuses and history entries. */
import type { App, RetryPolicy } from '../../../../src/engine/config/types.js';
import type {
  AutomationMemory,
  DecisionInput,
  ObservedApp,
} from '../../../../src/engine/automation/index.js';
import type { AppRecord, HistoryEntry } from '../../../../src/engine/history/types.js';

export const T0 = 1_700_000_000_000;
export const SHA_A = 'a'.repeat(40);
export const SHA_B = 'b'.repeat(40);

/** Argo CD's default retry policy for automated apps. */
export const DEFAULT_RETRY: RetryPolicy = { limit: 5, backoffMs: 5_000, factor: 2, maxBackoffMs: 180_000 };

/** An automated app (prune and self-heal off unless given). */
export function automatedApp(
  automated: Partial<{ prune: boolean; selfHeal: boolean; allowEmpty: boolean }> = {},
  retry: RetryPolicy = DEFAULT_RETRY,
): Pick<App, 'name' | 'syncPolicy'> {
  return {
    name: 'web',
    syncPolicy: {
      automated: { prune: false, selfHeal: false, allowEmpty: false, ...automated },
      syncOptions: {} as App['syncPolicy']['syncOptions'],
      retry,
    },
  };
}

/** A resource of the observed app. */
export const res = (name: string, sync: ObservedApp['resources'][number]['sync']) => ({
  group: '',
  kind: 'ConfigMap',
  namespace: 'web',
  name,
  sync,
});

/** An app observed OutOfSync at `sha` with the given resources. */
export function outOfSync(
  sha: string,
  deployedSha: string | undefined,
  resources = [res('a', 'OutOfSync'), res('b', 'Synced')],
): ObservedApp {
  return { sha, ...(deployedSha ? { deployedSha } : {}), sync: 'OutOfSync', resources };
}

let nextId = 1;

/** A history entry that finished at `finishedAt`. */
export function entry(
  kind: HistoryEntry['kind'],
  revision: string,
  result: HistoryEntry['result'],
  finishedAt: number,
  extra: Partial<HistoryEntry> = {},
): HistoryEntry {
  const id = nextId++;
  return {
    id,
    operationId: `op-${id}`,
    kind,
    revision,
    startedAt: new Date(finishedAt - 1000).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    initiator: { user: 'alice', host: 'ops' },
    result,
    ...(result === 'Failed' ? { message: 'hook failed' } : {}),
    partial: kind === 'self-heal',
    prune: false,
    manifestDigest: 'sha256:0',
    applied: 1,
    pruned: 0,
    attempts: 1,
    ...extra,
  };
}

/** A decision input with sensible defaults. */
export function input(
  over: Partial<DecisionInput> & {
    observed: ObservedApp;
    history?: HistoryEntry[];
    memory?: AutomationMemory;
  },
): DecisionInput {
  const record: AppRecord = { history: over.history ?? [] };
  return {
    app: automatedApp(),
    record,
    memory: {},
    readOnly: undefined,
    now: T0,
    ...over,
  };
}
