/** Reads the local audit log back (./audit.ts writes it): the mutating requests sent, newest first, in the
 * words an action log shows. Only the file's tail is read, so a years-old log costs no more than a new one. */
import { open } from 'node:fs/promises';
import type { AuditEntry } from './audit.js';

/** One mutating request as the action log shows it. */
export interface ActionLogEntry {
  /** Epoch ms. */
  time: number;
  /** Who sent it. */
  user: string;
  cluster: string;
  app?: string;
  /** `create`, `update`, `patch`, `delete` (or the HTTP method when it is another). */
  verb: string;
  object: string;
  /** `ok`, `refused` (flotilla did not send it: read-only), `failed 409`, or `failed` when no answer came. */
  result: string;
  message?: string;
}

/** Entries read when no limit is given. */
const DEFAULT_LIMIT = 500;
/** Bytes read from the end of the file: lines are short (no bodies), so this holds thousands. */
const TAIL_BYTES = 2 * 1024 * 1024;

/** The newest `limit` entries of the log at `path`, newest first; an absent file is an empty log and a line
 * that does not parse (a torn last write) is left out. */
export async function readActionLog(path: string, limit = DEFAULT_LIMIT): Promise<ActionLogEntry[]> {
  const { text, cut } = await tail(path, TAIL_BYTES);
  const lines = text.split('\n');
  // A tail that starts mid-file starts mid-line: the first piece is not a whole entry.
  if (cut) lines.shift();
  const out: ActionLogEntry[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
    const entry = parseEntry(lines[i]!);
    if (entry) out.push(entry);
  }
  return out;
}

/** One audit line as an action log entry, or undefined when it is not one. */
export function parseEntry(line: string): ActionLogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  let raw: Partial<AuditEntry>;
  try {
    raw = JSON.parse(line) as Partial<AuditEntry>;
  } catch {
    return undefined;
  }
  const time = typeof raw.time === 'string' ? Date.parse(raw.time) : NaN;
  if (Number.isNaN(time) || typeof raw.cluster !== 'string' || typeof raw.verb !== 'string') return undefined;
  return {
    time,
    user: typeof raw.user === 'string' ? raw.user : '',
    cluster: raw.cluster,
    ...(typeof raw.app === 'string' ? { app: raw.app } : {}),
    verb: verbOf(raw.verb),
    object: typeof raw.object === 'string' ? raw.object : '',
    result: resultOf(raw),
    ...(typeof raw.message === 'string' ? { message: raw.message } : {}),
  };
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function verbOf(method: string): string {
  return VERBS[method.toUpperCase()] ?? method;
}

function resultOf(raw: Partial<AuditEntry>): string {
  if (raw.result === 'ok') return 'ok';
  if (raw.status !== undefined) return `failed ${raw.status}`;
  // The cluster client records the writes its read-only mode kept back, with no answer from a server.
  return /read-only|refused/i.test(raw.message ?? '') ? 'refused' : 'failed';
}

/** The last `bytes` of the file as text (`cut` when the file is longer); empty when there is no file. */
async function tail(path: string, bytes: number): Promise<{ text: string; cut: boolean }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return { text: '', cut: false };
    throw e;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    return { text: buf.toString('utf8'), cut: size > length };
  } finally {
    await handle.close();
  }
}
