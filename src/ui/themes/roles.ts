/** Semantic roles: the only names components use for colour, so themes restyle without code changes. */
import type { HealthStatus, SyncStatus } from '../../state/types.js';

/** Every role a theme defines, flat (`health.degraded`). */
export const ROLE_NAMES = [
  'text',
  'muted',
  'accent',
  'title',
  'header',
  'border',
  'focus',
  'selection',
  'key',
  'prompt',
  'ok',
  'info',
  'warning',
  'danger',
  'health.healthy',
  'health.progressing',
  'health.degraded',
  'health.suspended',
  'health.missing',
  'health.unknown',
  'sync.synced',
  'sync.outOfSync',
  'sync.unknown',
  'diff.added',
  'diff.removed',
  'diff.hunk',
  'diff.header',
  'diff.context',
  'frame.default',
  'frame.production',
  'frame.staging',
] as const;

/** A role name. */
export type RoleName = (typeof ROLE_NAMES)[number];

/** What a role resolves to: the subset of Ink's Text props a theme may set. */
export interface TextStyle {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dimColor?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

const HEALTH_ROLE: Record<HealthStatus, RoleName> = {
  Healthy: 'health.healthy',
  Progressing: 'health.progressing',
  Degraded: 'health.degraded',
  Suspended: 'health.suspended',
  Missing: 'health.missing',
  Unknown: 'health.unknown',
};

const SYNC_ROLE: Record<SyncStatus, RoleName> = {
  Synced: 'sync.synced',
  OutOfSync: 'sync.outOfSync',
  Unknown: 'sync.unknown',
};

/** The role that colours a health status. */
export function healthRole(h: HealthStatus): RoleName {
  return HEALTH_ROLE[h];
}

/** The role that colours a sync status. */
export function syncRole(s: SyncStatus): RoleName {
  return SYNC_ROLE[s];
}
