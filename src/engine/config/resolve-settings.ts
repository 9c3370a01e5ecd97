/** `settings`, with defaults. */
import type { LabelSelector } from './selector.js';
import { toLabelSelector } from './selector.js';
import { parseDuration } from './duration.js';
import type { SettingsEntry } from './schema.js';
import type { FleetSettings } from './types.js';

/** Poll interval of a repo that sets none, when `settings.pollInterval` sets none either: 3 minutes. */
const DEFAULT_POLL_INTERVAL_MS = 3 * 60_000;

/** Production clusters when `settings.productionClusters` is not given: label env is prod or production. */
const DEFAULT_PRODUCTION_CLUSTERS: Readonly<LabelSelector> = {
  matchLabels: {},
  matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'production'] }],
};

/** Requests per cluster when `settings.requestBudget` says nothing: 20 per second, bursts of 40. */
const DEFAULT_REQUEST_BUDGET = { qps: 20, burst: 40 } as const;

/** History entries kept per app when `settings.historyLimit` says nothing (as Argo CD's revisionHistoryLimit). */
const DEFAULT_HISTORY_LIMIT = 10;

/** The fleet-wide settings, defaults filled in. */
export function resolveSettings(entry: SettingsEntry | null | undefined): FleetSettings {
  return {
    readOnly: entry?.readOnly ?? false,
    pollIntervalMs:
      (entry?.pollInterval !== undefined ? parseDuration(entry.pollInterval) : undefined) ??
      DEFAULT_POLL_INTERVAL_MS,
    syncWaveDelayMs: entry?.syncWaveDelay !== undefined ? (parseDuration(entry.syncWaveDelay) ?? 0) : 0,
    historyLimit: entry?.historyLimit ?? DEFAULT_HISTORY_LIMIT,
    productionClusters: entry?.productionClusters
      ? toLabelSelector(entry.productionClusters)
      : structuredClone(DEFAULT_PRODUCTION_CLUSTERS),
    requestBudget: {
      qps: entry?.requestBudget?.qps ?? DEFAULT_REQUEST_BUDGET.qps,
      burst: entry?.requestBudget?.burst ?? DEFAULT_REQUEST_BUDGET.burst,
    },
  };
}
