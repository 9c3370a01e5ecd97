/** Who is acting: the identity the API server sees, on which host, in which process. */
import { hostname } from 'node:os';
import type { ClusterClient } from '../cluster/client.js';
import type { Initiator } from './operation.js';

/** What `whoAmI` needs of a cluster client. */
export type IdentityCluster = Pick<ClusterClient, 'requestJson'> & {
  readonly kubeconfigUser?: string | undefined;
};

/** Host and process, injectable so tests need not depend on the machine. */
export interface ProcessIdentity {
  host: string;
  pid: number;
}

/** Name used when neither the server nor the kubeconfig says who we are. */
const unknownUser = 'unknown';

/**
 * The user name the API server authenticates this client as, from a SelfSubjectReview (Kubernetes 1.28+),
 * or undefined when the server cannot answer it (older server, the API turned off, unreachable).
 */
export async function reviewedUser(cluster: Pick<ClusterClient, 'requestJson'>): Promise<string | undefined> {
  try {
    const review = await cluster.requestJson<{ status?: { userInfo?: { username?: unknown } } }>(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
    );
    return cleanName(review?.status?.userInfo?.username);
  } catch {
    return undefined;
  }
}

/** The initiator of an operation: the reviewed user name (else the kubeconfig user's), the host and the pid. */
export async function whoAmI(
  cluster: IdentityCluster,
  proc: ProcessIdentity = { host: hostname(), pid: process.pid },
): Promise<Initiator> {
  const user = (await reviewedUser(cluster)) ?? cleanName(cluster.kubeconfigUser) ?? unknownUser;
  return { user, host: cleanName(proc.host) ?? 'localhost', pid: proc.pid };
}

/** `user@host/pid`: the holder identity of the app's Lease. */
export function holderIdentity(initiator: Initiator): string {
  return `${initiator.user}@${initiator.host}/${initiator.pid}`;
}

/** A name from outside (the server, the kubeconfig) without control characters, bounded; undefined when empty. */
function cleanName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 200);
  return cleaned || undefined;
}
