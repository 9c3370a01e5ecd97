/** The local audit log: one JSON line per mutating request flotilla sends, readable only by its owner. */
import { appendFileSync, chmodSync, closeSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ProblemError } from './problem.js';
import { redact } from './redact.js';

/** One mutating request and how it ended. It never carries a request body, so no Secret value gets in. */
export interface AuditEntry {
  /** ISO 8601. */
  time: string;
  /** Who sent it (the identity the API server sees, or the kubeconfig user). */
  user: string;
  /** Fleet name of the cluster. */
  cluster: string;
  app?: string;
  /** HTTP method or RBAC verb. */
  verb: string;
  /** `group/kind/namespace/name`, or the request path. */
  object: string;
  result: 'ok' | 'error';
  /** HTTP status, when the server answered. */
  status?: number;
  /** Plain words of a failure (credentials are masked again before writing). */
  message?: string;
}

/** An open audit log. */
export interface AuditLog {
  /** Appends one line; throws a ProblemError (`audit.unwritable`) when the file cannot be written. */
  append(entry: AuditEntry): void;
  /** Where the log is. */
  readonly path: string;
}

/** `FLOTILLA_AUDIT_LOG`, else `$XDG_STATE_HOME/flotilla/audit.jsonl`, else `~/.local/state/flotilla/audit.jsonl`. */
export function auditLogPath(env: NodeJS.ProcessEnv): string {
  if (env.FLOTILLA_AUDIT_LOG) return env.FLOTILLA_AUDIT_LOG;
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(stateHome, 'flotilla', 'audit.jsonl');
}

/**
 * Opens the audit log of `env`. Nothing touches the disk until the first entry (a read-only session leaves
 * no file). The file is created 0600 in a directory created 0700; an existing file readable by others is
 * narrowed to its owner's bits, never widened.
 */
export function openAuditLog(env: NodeJS.ProcessEnv): AuditLog {
  const path = auditLogPath(env);
  // Only flotilla's own directory is narrowed; a directory the user named may be shared on purpose.
  const ownDirectory = !env.FLOTILLA_AUDIT_LOG;
  let prepared = false;
  return {
    path,
    append(entry) {
      try {
        if (!prepared) prepare(path, ownDirectory);
        prepared = true;
        // One write of one line, opened in append mode: lines of concurrent flotillas never interleave
        // (O_APPEND writes of this size are atomic on local file systems).
        appendFileSync(path, `${JSON.stringify(clean(entry))}\n`, { mode: 0o600 });
      } catch (e) {
        const reason = (e as { code?: unknown }).code;
        throw new ProblemError([
          {
            code: 'audit.unwritable',
            message: `Cannot write the audit log ${path}${typeof reason === 'string' ? ` (${reason})` : ''}; flotilla does not change clusters without it.`,
            hint: 'Make the file writable, or point FLOTILLA_AUDIT_LOG at another file.',
          },
        ]);
      }
    },
  };
}

/** Creates the directory (0700) and the file (0600), and narrows a file (and flotilla's own directory)
 * that others can read. */
function prepare(path: string, ownDirectory: boolean): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (ownDirectory) narrow(dirname(path), statSync(dirname(path)).mode);
  const fd = openSync(path, 'a', 0o600);
  try {
    narrow(path, fstatSync(fd).mode);
  } finally {
    closeSync(fd);
  }
}

/** Removes group and other permission bits, keeping the owner's. */
function narrow(path: string, mode: number): void {
  if (mode & 0o077) chmodSync(path, mode & 0o700);
}

/** The entry with only its own fields, and its message masked and bounded. */
function clean(entry: AuditEntry): AuditEntry {
  const { time, user, cluster, app, verb, object, result, status, message } = entry;
  return {
    time,
    user,
    cluster,
    ...(app !== undefined ? { app } : {}),
    verb,
    object,
    result,
    ...(status !== undefined ? { status } : {}),
    ...(message !== undefined ? { message: redact(message).slice(0, 2000) } : {}),
  };
}
