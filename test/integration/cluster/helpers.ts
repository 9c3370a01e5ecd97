/** Shared helpers of the cluster integration tests: clients on the test bed, waiting, the audit log. */
import { readFileSync } from 'node:fs';
import type { ClusterClientOptions } from '../../../src/engine/cluster/client.js';
import { ClusterClient } from '../../../src/engine/cluster/client.js';
import { testbed } from '../../support/testbed.js';

export const tb = testbed();

/** One audit log line, the fields the tests read. */
export interface AuditEvent {
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string; apiGroup?: string };
  responseStatus?: { code?: number };
  requestURI: string;
  stage?: string;
}

/** Every event of cluster N's audit log so far. */
export function auditEvents(n: number): AuditEvent[] {
  return readFileSync(tb.auditLog(n), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent);
}

/** Polls `check` until it is true, or fails after `timeoutMs` with `what` in the message. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** A client of cluster N (admin, or the viewer identity), reading the test bed's kubeconfig file. */
export function clientFor(
  n: number,
  opts: { viewer?: boolean } & Partial<ClusterClientOptions> = {},
): ClusterClient {
  const { viewer, ...rest } = opts;
  const context = viewer ? tb.viewerContext(n) : tb.context(n);
  return new ClusterClient({ kubeconfigPath: tb.kubeconfig, context, name: context, ...rest });
}
