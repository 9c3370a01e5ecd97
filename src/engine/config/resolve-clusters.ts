/** `clusters`, or, when the file lists none, one cluster per kubeconfig context. */
import type { Problem } from '../problem.js';
import type { Indexed } from './check-list.js';
import type { PathBase } from './local-paths.js';
import { homeUnknown, resolveLocalPath } from './local-paths.js';
import { toDnsLabel } from './names.js';
import type { ClusterEntry } from './schema.js';
import { matchesSelector } from './selector.js';
import { didYouMean } from './suggest.js';
import type { Cluster, FleetSettings } from './types.js';
import type { YamlSource } from './yaml-source.js';
import { sourceAt } from './yaml-source.js';

/** The clusters written in the file. Checks each context against `kubeContexts` when those are known. */
export function resolveClusters(
  entries: readonly Indexed<ClusterEntry>[],
  settings: FleetSettings,
  src: YamlSource,
  paths: PathBase,
  kubeContexts: readonly string[] | undefined,
): { clusters: Cluster[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const clusters = entries.map(({ value, index }) => {
    const at = (field: string) => sourceAt(src, ['clusters', index, field]);
    const kubeconfig = value.kubeconfig === undefined ? undefined : resolveLocalPath(value.kubeconfig, paths);
    if (value.kubeconfig !== undefined && kubeconfig === undefined)
      problems.push(homeUnknown(at('kubeconfig')));
    const context = value.context ?? value.name;
    if (value.kubeconfig === undefined && kubeContexts && !kubeContexts.includes(context)) {
      problems.push(
        unknownContext(
          context,
          kubeContexts,
          at(value.context === undefined ? 'name' : 'context'),
          value.context === undefined,
        ),
      );
    }
    const labels = { ...(value.labels ?? {}) };
    return {
      name: value.name,
      context,
      ...(kubeconfig === undefined ? {} : { kubeconfig }),
      labels,
      readOnly: settings.readOnly || (value.readOnly ?? false),
      production: value.production ?? matchesSelector(settings.productionClusters, labels),
      origin: 'fleet-file' as const,
      source: sourceAt(src, ['clusters', index]),
    };
  });
  return { clusters, problems };
}

/** One cluster per context, named after the context (made a DNS-1123 label), without labels. */
export function clustersFromContexts(
  contexts: readonly string[],
  settings: FleetSettings,
  file: string,
): { clusters: Cluster[]; problems: Problem[] } {
  const byName = new Map<string, string>();
  const problems: Problem[] = [];
  const clusters: Cluster[] = [];
  for (const context of contexts) {
    const name = toDnsLabel(context);
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      problems.push({
        code: 'config.duplicate-name',
        message: `The kubeconfig contexts "${earlier}" and "${context}" would both become the cluster "${name}".`,
        hint: 'List the clusters under clusters: with a distinct name for each, and context: set to the context.',
        source: { file, field: 'clusters' },
      });
      continue;
    }
    byName.set(name, context);
    clusters.push({
      name,
      context,
      labels: {},
      readOnly: settings.readOnly,
      production: matchesSelector(settings.productionClusters, {}),
      origin: 'kubeconfig',
    });
  }
  return { clusters, problems };
}

function unknownContext(
  context: string,
  known: readonly string[],
  source: Problem['source'],
  fromName: boolean,
): Problem {
  const suggestion = didYouMean(context, known);
  return {
    code: 'config.unknown-context',
    message: `The kubeconfig has no context "${context}"${fromName ? ' (a cluster uses its name as context unless context: is given)' : ''}.`,
    hint: [
      suggestion,
      known.length > 0 ? `Contexts: ${known.join(', ')}.` : 'The kubeconfig has no contexts.',
      'Or name another file with kubeconfig: PATH.',
    ]
      .filter(Boolean)
      .join(' '),
    source,
  };
}
