import { describe, expect, it } from 'vitest';
import { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import type { IdentityCluster } from '../../../../src/engine/sync/initiator.js';
import { holderIdentity, whoAmI } from '../../../../src/engine/sync/initiator.js';

/** A cluster whose self review answers `answer` (or fails with it when it is an Error). */
function cluster(answer: unknown, kubeconfigUser?: string): IdentityCluster & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    ...(kubeconfigUser !== undefined ? { kubeconfigUser } : {}),
    requestJson: <T>(method: string, path: string) => {
      paths.push(`${method} ${path}`);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer as T);
    },
  };
}

const proc = { host: 'ops-1', pid: 4242 };

describe('whoAmI', () => {
  it('names the user the API server reviewed, with the host and pid', async () => {
    const c = cluster({ status: { userInfo: { username: 'oidc:alice@example.com' } } }, 'kube-user');
    expect(await whoAmI(c, proc)).toEqual({ user: 'oidc:alice@example.com', host: 'ops-1', pid: 4242 });
    expect(c.paths).toEqual(['POST /apis/authentication.k8s.io/v1/selfsubjectreviews']);
  });

  it('falls back to the kubeconfig user when the server cannot review', async () => {
    const notServed = new ClusterRequestError({ code: 'cluster.not-found', message: 'not served' }, 404);
    expect(await whoAmI(cluster(notServed, 'kube-user'), proc)).toMatchObject({ user: 'kube-user' });
    expect(await whoAmI(cluster({ status: {} }, 'kube-user'), proc)).toMatchObject({ user: 'kube-user' });
    expect(await whoAmI(cluster(notServed), proc)).toMatchObject({ user: 'unknown' });
  });

  it('strips control characters from names it did not choose', async () => {
    const c = cluster({ status: { userInfo: { username: 'eve\u001b[2J\nroot' } } });
    expect((await whoAmI(c, { host: 'h\u0007', pid: 1 })).user).toBe('eve[2Jroot');
    expect((await whoAmI(c, { host: 'h\u0007', pid: 1 })).host).toBe('h');
  });
});

describe('holderIdentity', () => {
  it('is user@host/pid', () => {
    expect(holderIdentity({ user: 'alice', host: 'ops-1', pid: 4242 })).toBe('alice@ops-1/4242');
  });
});
