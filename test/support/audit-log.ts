/** Reads the test bed's API server audit logs, to prove which writes a command sent and in what order. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { testbed } from './testbed.js';

/** The fields of one audit event the tests read. */
export interface AuditEvent {
  verb: string;
  requestURI: string;
  stage: string;
  user: { username: string };
  userAgent?: string;
  objectRef?: { resource?: string; namespace?: string; name?: string; apiGroup?: string };
  responseStatus?: { code?: number };
  requestReceivedTimestamp: string;
}

/** One write the API server accepted: `verb resource/name`, and when it arrived. */
export interface AuditWrite {
  verb: string;
  resource: string;
  name: string;
  namespace: string;
  user: string;
  /** The client's user agent: `flotilla` for flotilla, `kubectl/…` for the tests' own kubectl calls. */
  agent: string;
  /** Microseconds, as the API server stamped the request's arrival. */
  at: string;
  code: number;
}

const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Where the audit log of cluster N ends now: pass it to {@link auditSince} after the command under test. */
export function auditMark(cluster: number): number {
  return statSync(testbed().auditLog(cluster)).size;
}

/** Every audit event written to cluster N's log after `mark` (from the start when the log was rotated). */
export function auditSince(cluster: number, mark: number): AuditEvent[] {
  const file = testbed().auditLog(cluster);
  const size = statSync(file).size;
  const from = size < mark ? 0 : mark;
  const buf = Buffer.alloc(size - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as AuditEvent);
}

/** True for a request that asked for a dry run (it changed nothing). */
function isDryRun(e: AuditEvent): boolean {
  return /[?&]dryRun=All\b/.test(e.requestURI);
}

/**
 * The writes in namespace `ns` (and, with `names`, cluster-scoped objects of those names) that the API
 * server carried out, oldest first: dry runs, refused requests and reads left out.
 */
export function writesIn(events: readonly AuditEvent[], ns: string): AuditWrite[] {
  return events
    .filter((e) => e.stage === 'ResponseComplete' && MUTATING.has(e.verb) && !isDryRun(e))
    .filter((e) => (e.responseStatus?.code ?? 0) < 400)
    .filter(
      (e) =>
        e.objectRef?.namespace === ns || (e.objectRef?.resource === 'namespaces' && e.objectRef.name === ns),
    )
    .map((e) => ({
      verb: e.verb,
      resource: e.objectRef?.resource ?? '',
      name: e.objectRef?.name ?? '',
      namespace: e.objectRef?.namespace ?? '',
      user: e.user.username,
      agent: e.userAgent ?? '',
      at: e.requestReceivedTimestamp,
      code: e.responseStatus?.code ?? 0,
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** True for a write flotilla sent: the tests' kubectl uses the same identity, and the API server writes
 * Events of its own. */
export function byFlotilla(w: AuditWrite): boolean {
  return w.agent.startsWith('flotilla');
}

/** `verb resource/name` of each write, in order: the form the tests compare. */
export function describeWrites(writes: readonly AuditWrite[]): string[] {
  return writes.map((w) => `${w.verb} ${w.resource}/${w.name}`);
}

/** The writes of one user, whatever their namespace (status subresources and reviews included). */
export function writesBy(events: readonly AuditEvent[], user: string): AuditEvent[] {
  return events.filter((e) => e.user.username === user && MUTATING.has(e.verb) && !isDryRun(e));
}
