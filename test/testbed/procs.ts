/** Starting, recording and stopping the test bed's processes: only ever by recorded pid. */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** One process the test bed started. */
export interface ProcRecord {
  /** Stable id such as `etcd` or `c2/kube-apiserver`. */
  id: string;
  pid: number;
  /** Executable path, checked against /proc before any signal so a reused pid is never hit. */
  exe: string;
  args: string[];
  log: string;
  port?: number;
  startedAt: string;
}

/** Everything `up` recorded: what `down` and `status` act on. */
export interface TestbedState {
  clusters: number;
  procs: Record<string, ProcRecord>;
}

/** Reads the state file, or an empty state when there is none. */
export function readState(file: string): TestbedState {
  if (!existsSync(file)) return { clusters: 0, procs: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as TestbedState;
}

/** Writes the state file atomically. */
export function writeState(file: string, state: TestbedState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

/** True when the pid is alive and still runs the recorded executable. */
export function isOurs(rec: ProcRecord): boolean {
  try {
    const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${rec.pid}/stat`, 'utf8');
    // A zombie has exited; it only waits to be reaped.
    if (/\) Z /.test(stat)) return false;
    const argv = cmdline.split('\0');
    const lastArg = rec.args.at(-1);
    return argv.includes(rec.exe) && (lastArg === undefined || argv.includes(lastArg));
  } catch {
    return false;
  }
}

/** Starts a detached process whose output goes to `log`, and returns its record. */
export function startProc(
  id: string,
  exe: string,
  args: string[],
  log: string,
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; port?: number } = {},
): ProcRecord {
  mkdirSync(dirname(log), { recursive: true });
  const fd = openSync(log, 'a');
  try {
    const child = spawn(exe, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    });
    if (child.pid === undefined) throw new Error(`could not start ${exe}`);
    child.unref();
    return { id, pid: child.pid, exe, args, log, port: opts.port, startedAt: new Date().toISOString() };
  } finally {
    closeSync(fd);
  }
}

/** Stops one recorded process: SIGTERM, then SIGKILL after `graceMs`. Returns whether it had been running. */
export async function stopProc(rec: ProcRecord, graceMs = 10_000): Promise<boolean> {
  if (!isOurs(rec)) return false;
  process.kill(rec.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurs(rec)) return true;
    await sleep(100);
  }
  if (isOurs(rec)) process.kill(rec.pid, 'SIGKILL');
  while (isOurs(rec)) await sleep(50);
  return true;
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Promise-based sleep. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or `timeoutMs` passes; the error names what was awaited. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 120_000,
  everyMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
}
