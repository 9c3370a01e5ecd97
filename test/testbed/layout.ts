/** Where the test bed keeps its state, and which loopback port each component listens on. */
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the test bed's sources (this file's folder). */
export const testbedSrc = dirname(fileURLToPath(import.meta.url));
/** Root of the flotilla checkout. */
export const repoRoot = join(testbedSrc, '..', '..');

/** The most clusters the port plan has room for. */
export const maxClusters = 9;

/** State folder: PKI, kubeconfig, logs, pids, Git repositories. Never inside the repository. */
export function stateDir(): string {
  if (process.env.FLOTILLA_TESTBED_HOME) return process.env.FLOTILLA_TESTBED_HOME;
  const stateHome = process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state');
  return join(stateHome, 'flotilla', 'testbed');
}

/** Cached folder of the built binaries; versions.sh owns the cache key. */
export function binDir(): string {
  return shellValue('testbed_bin_dir');
}

/** Folder of kwok's Stage files inside the Go module cache. */
export function kwokStagesDir(): string {
  return shellValue('testbed_kwok_stages');
}

/** Folder of the test bed's own kwok Stage files, in the checkout. */
export const ownKwokStagesDir = join(testbedSrc, 'kwok-stages');

function shellValue(fn: string): string {
  const script = `. "${join(testbedSrc, 'versions.sh')}" && ${fn}`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim();
}

/** Port plan: shared etcd and the Git server on fixed ports; cluster N on 20000 + 100·N + offset. */
export const ports = {
  etcdClient: 20079,
  etcdPeer: 20080,
  gitServer: 20090,
  apiserver: (n: number) => 20000 + 100 * n + 43,
  controllerManager: (n: number) => 20000 + 100 * n + 57,
  scheduler: (n: number) => 20000 + 100 * n + 59,
};

/** Paths of one test bed instance, derived from its state folder. */
export function paths(root = stateDir()) {
  return {
    root,
    stateFile: join(root, 'state.json'),
    pki: join(root, 'pki'),
    kubeconfig: join(root, 'kubeconfig'),
    gitRoot: join(root, 'git'),
    gitAccessLog: join(root, 'git-access.log'),
    gitTokenFile: join(root, 'git-token'),
    etcdData: join(root, 'etcd'),
    logs: join(root, 'logs'),
    cluster: (n: number) => join(root, `c${n}`),
    auditLog: (n: number) => join(root, `c${n}`, 'audit.log'),
  };
}

/** Kubeconfig context names for cluster N. */
export const contextName = (n: number) => `testbed-${n}`;
export const viewerContextName = (n: number) => `testbed-${n}-viewer`;
