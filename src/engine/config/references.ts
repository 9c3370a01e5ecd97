/** Checks across entries: names are unique, and apps name repos and clusters that exist. */
import type { Problem, SourceRef } from '../problem.js';
import { didYouMean } from './suggest.js';

/** A name and where it is written, for duplicate checks. */
export interface NamedAt {
  name: string;
  source: SourceRef;
  /** How to name the thing in a message: `app`, `repo`, `app set web's app for cluster prod`. */
  what: string;
}

/** One problem per name that is used again, at the later use, pointing back at the first. */
export function duplicateNames(kind: string, items: readonly NamedAt[]): Problem[] {
  const first = new Map<string, NamedAt>();
  const problems: Problem[] = [];
  for (const item of items) {
    const earlier = first.get(item.name);
    if (!earlier) {
      first.set(item.name, item);
      continue;
    }
    const subject =
      item.what === kind ? `The ${kind} name "${item.name}"` : `The name "${item.name}" of the ${item.what}`;
    problems.push({
      code: 'config.duplicate-name',
      message: `${subject} is already used by the ${earlier.what}${earlier.source.line ? ` at line ${earlier.source.line}` : ''}.`,
      hint: `${kind[0]?.toUpperCase()}${kind.slice(1)} names must be unique; rename one of them.`,
      source: item.source,
    });
  }
  return problems;
}

/** Names a reference may point to; undefined when the list itself was unreadable, so nothing is reported. */
interface KnownNames {
  repos: readonly string[] | undefined;
  clusters: readonly string[] | undefined;
  /** Whether the clusters came from the kubeconfig, for a precise hint. */
  clustersFromKubeconfig: boolean;
}

/** The repo and cluster an app (or an app-set template) names, and where. Undefined names are not checked. */
export interface AppReferences {
  repo?: string;
  repoSource: SourceRef;
  cluster?: string;
  clusterSource: SourceRef;
}

/** References to a repo or a cluster that does not exist. App-set apps share a template, so each problem is listed once. */
export function unknownReferences(references: readonly AppReferences[], known: KnownNames): Problem[] {
  return uniqueProblems(
    references.flatMap((r) => [...repoReference(r, known), ...clusterReference(r, known)]),
  );
}

function repoReference(ref: AppReferences, known: KnownNames): Problem[] {
  if (ref.repo === undefined || !known.repos || known.repos.includes(ref.repo)) return [];
  const names = known.repos;
  return [
    {
      code: 'config.unknown-repo',
      message: `No repo is named "${ref.repo}".`,
      hint: [
        didYouMean(ref.repo, names),
        names.length > 0 ? `Repos: ${names.join(', ')}.` : 'Add it under repos:.',
      ]
        .filter(Boolean)
        .join(' '),
      source: ref.repoSource,
    },
  ];
}

function clusterReference(ref: AppReferences, known: KnownNames): Problem[] {
  if (ref.cluster === undefined || !known.clusters || known.clusters.includes(ref.cluster)) return [];
  const names = known.clusters;
  const listing = known.clustersFromKubeconfig
    ? `With no clusters: list, the clusters are the kubeconfig's contexts${names.length > 0 ? `: ${names.join(', ')}` : ', and it has none'}.`
    : `Clusters: ${names.join(', ') || 'none'}.`;
  return [
    {
      code: 'config.unknown-cluster',
      message: `No cluster is named "${ref.cluster}".`,
      hint: [didYouMean(ref.cluster, names), listing].filter(Boolean).join(' '),
      source: ref.clusterSource,
    },
  ];
}

function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.code, p.message, p.source]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
