/** Before a sync writes anything: may this identity do every write it needs? Asked with
 * SelfSubjectAccessReviews (they change nothing, so a read-only cluster allows them too). */
import type { ClusterClient } from '../cluster/client.js';
import { isClusterError } from '../cluster/errors.js';
import { mapLimit } from '../concurrency.js';
import type { Result } from '../problem.js';
import { ProblemError, fail, ok } from '../problem.js';
import { reviewedUser } from './initiator.js';

/** One permission a sync needs: a verb on a kind in a namespace ('' for cluster-scoped kinds). */
export interface AccessNeed {
  verb: 'create' | 'patch' | 'update' | 'delete' | 'get' | 'list' | 'watch';
  group: string;
  kind: string;
  namespace: string;
}

/** What the check needs of a cluster client. */
export type AccessCluster = Pick<ClusterClient, 'name' | 'requestJson' | 'resolve'> & {
  readonly kubeconfigUser?: string | undefined;
};

/** A need with its kind resolved to the resource name the authorizer checks. */
interface ResourceNeed {
  verb: AccessNeed['verb'];
  group: string;
  resource: string;
  namespace: string;
}

const reviewsInFlight = 4;

/**
 * Fails with one `sync.forbidden` problem naming every denied verb, resource and namespace, so the user
 * fixes the permissions once instead of discovering them one failed write at a time. Kinds the server
 * does not serve yet (a CRD the sync itself creates) are skipped: nothing can be asked about them.
 */
export async function checkSyncAccess(
  cluster: AccessCluster,
  needs: readonly AccessNeed[],
): Promise<Result<void>> {
  try {
    const resources = dedupe(await resolveNeeds(cluster, needs));
    const allowed = await mapLimit(resources, reviewsInFlight, (need) => isAllowed(cluster, need));
    const denied = resources.filter((_, i) => !allowed[i]);
    if (denied.length === 0) return ok(undefined);
    const who = (await reviewedUser(cluster)) ?? cluster.kubeconfigUser;
    return fail({
      code: 'sync.forbidden',
      message: `${who ? `The identity ${who}` : 'This identity'} may not ${describeDenied(denied)} on cluster ${cluster.name}; nothing was changed.`,
      hint: `Ask a cluster admin to grant ${denied.length === 1 ? 'this permission' : 'these permissions'} (a Role or ClusterRole bound to ${who ?? 'this identity'}), or sync with a kubeconfig context that has them.`,
    });
  } catch (e) {
    if (e instanceof ProblemError) return { ok: false, problems: e.problems };
    throw e;
  }
}

async function resolveNeeds(cluster: AccessCluster, needs: readonly AccessNeed[]): Promise<ResourceNeed[]> {
  const out: ResourceNeed[] = [];
  for (const need of needs) {
    try {
      const info = await cluster.resolve(need.group, '', need.kind);
      out.push({
        verb: need.verb,
        group: info.group,
        resource: info.resource,
        namespace: info.namespaced ? need.namespace : '',
      });
    } catch (e) {
      if (isClusterError(e, 'cluster.unknown-kind', 'cluster.not-found')) continue;
      throw e;
    }
  }
  return out;
}

function dedupe(needs: ResourceNeed[]): ResourceNeed[] {
  const seen = new Map<string, ResourceNeed>();
  for (const n of needs) seen.set(JSON.stringify([n.verb, n.group, n.resource, n.namespace]), n);
  return [...seen.values()];
}

async function isAllowed(cluster: AccessCluster, need: ResourceNeed): Promise<boolean> {
  const review = await cluster.requestJson<{ status?: { allowed?: unknown } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: need.verb,
            group: need.group,
            resource: need.resource,
            ...(need.namespace ? { namespace: need.namespace } : {}),
          },
        },
      },
    },
  );
  return review?.status?.allowed === true;
}

/** `patch deployments.apps in namespace web, get and delete configmaps in namespace web, create namespaces`:
 * verbs on the same resource and namespace are joined, in the order they were first needed. */
function describeDenied(denied: readonly ResourceNeed[]): string {
  const groups = new Map<string, { verbs: string[]; need: ResourceNeed }>();
  for (const need of denied) {
    const key = JSON.stringify([need.group, need.resource, need.namespace]);
    const entry = groups.get(key) ?? { verbs: [], need };
    if (!entry.verbs.includes(need.verb)) entry.verbs.push(need.verb);
    groups.set(key, entry);
  }
  return [...groups.values()]
    .map(({ verbs, need }) => {
      const resource = need.group ? `${need.resource}.${need.group}` : need.resource;
      const where = need.namespace ? ` in namespace ${need.namespace}` : '';
      return `${joinWords(verbs)} ${resource}${where}`;
    })
    .join(', ');
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
}
