/** From a cluster client's record of a write to an audit log line: which object, in words a reader knows. */
import type { MutationRecord } from './cluster/index.js';
import { parseResourcePath, resourceLabel } from './cluster/paths.js';
import type { AuditEntry } from './audit.js';

/** The audit entry of one write sent (or refused) at `now`. */
export function auditEntryOf(m: MutationRecord, now: number): AuditEntry {
  const parsed = parseResourcePath(m.path);
  const where = parsed ? [parsed.namespace, parsed.name].filter(Boolean).join('/') : '';
  const object = parsed ? `${resourceLabel(parsed)}${where ? ` ${where}` : ''}` : m.path;
  return {
    time: new Date(now).toISOString(),
    user: m.user,
    cluster: m.cluster,
    ...(m.app !== undefined ? { app: m.app } : {}),
    verb: m.method,
    object,
    result: m.result,
    ...(m.status !== undefined ? { status: m.status } : {}),
    ...(m.message !== undefined ? { message: m.message } : {}),
  };
}
