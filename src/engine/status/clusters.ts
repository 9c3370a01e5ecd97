/** One cluster client per cluster of the fleet, sharing one loaded kubeconfig. */
import type { KubeConfig } from '@kubernetes/client-node';
import { createClusterClient, type ClusterClient, type ClusterClientOptions } from '../cluster/index.js';
import type { Fleet } from '../config/index.js';

/** What opening the fleet's clusters needs. */
interface ClusterDeps {
  /** Loads a kubeconfig: the user's default when `path` is undefined. */
  loadKubeConfig: (path?: string) => KubeConfig;
  /** Extra client options (budget, timeouts, logger) for every cluster. */
  clientOptions?: Partial<ClusterClientOptions>;
  /** Global read-only mode: no mutating request leaves flotilla. */
  readOnly?: boolean;
}

/** Opens a client per cluster, keyed by cluster name; none contacts its server until used. */
export function openClusters(fleet: Fleet, deps: ClusterDeps): Map<string, ClusterClient> {
  const configs = new Map<string | undefined, KubeConfig>();
  const configFor = (path: string | undefined) => {
    let kc = configs.get(path);
    if (!kc) {
      kc = deps.loadKubeConfig(path);
      configs.set(path, kc);
    }
    return kc;
  };
  const clients = new Map<string, ClusterClient>();
  for (const cluster of fleet.clusters) {
    clients.set(
      cluster.name,
      createClusterClient({
        budget: fleet.settings.requestBudget,
        ...deps.clientOptions,
        context: cluster.context,
        name: cluster.name,
        kubeConfig: configFor(cluster.kubeconfig),
        readOnly: cluster.readOnly || deps.readOnly === true,
      }),
    );
  }
  return clients;
}
