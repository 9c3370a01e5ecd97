/** What integration tests need to reach the running test bed, read from its state folder. */
import { readFileSync } from 'node:fs';
import { binDir, contextName, paths, ports, viewerContextName } from '../testbed/layout.js';

export { kubectl } from '../testbed/testbed.js';

/** Paths, URLs and names of the running test bed. */
export function testbed() {
  const p = paths();
  return {
    kubeconfig: p.kubeconfig,
    bin: binDir(),
    gitUrl: `http://127.0.0.1:${ports.gitServer}`,
    gitRoot: p.gitRoot,
    gitAccessLog: p.gitAccessLog,
    gitUser: 'flotilla',
    gitToken: () => readFileSync(p.gitTokenFile, 'utf8').trim(),
    auditLog: p.auditLog,
    context: contextName,
    viewerContext: viewerContextName,
    apiserverUrl: (n: number) => `https://127.0.0.1:${ports.apiserver(n)}`,
  };
}

/** Polls `check` every half second until it holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
