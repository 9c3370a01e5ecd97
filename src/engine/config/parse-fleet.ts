/** The fleet file, from text to a resolved Fleet or the complete list of its problems. */
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Problem, Result } from '../problem.js';
import { fail, ok } from '../problem.js';
import type { CheckedList, Indexed } from './check-list.js';
import { checkList, stringField } from './check-list.js';
import { checkTemplatePlaceholders, expandAppSet } from './expand.js';
import { validateAt } from './issues.js';
import type { PathBase } from './local-paths.js';
import type { AppReferences, NamedAt } from './references.js';
import { duplicateNames, unknownReferences } from './references.js';
import { resolveApp } from './resolve-app.js';
import { clustersFromContexts, resolveClusters } from './resolve-clusters.js';
import { resolveRepos } from './resolve-repos.js';
import { resolveSettings } from './resolve-settings.js';
import type { AppEntry, AppSetEntry, ClusterEntry, RepoEntry, SettingsEntry } from './schema.js';
import { appSchema, appSetSchema, clusterSchema, repoSchema, settingsSchema } from './schema.js';
import { hasPlaceholders } from './template.js';
import type { App, Cluster, Fleet } from './types.js';
import type { YamlSource } from './yaml-source.js';
import { parseYamlSource, sourceAt } from './yaml-source.js';

/** What the fleet file cannot say itself; all optional. */
export interface ParseFleetOptions {
  /** Context names of the default kubeconfig: the clusters when the file lists none, and the check of each `context`. */
  kubeContexts?: readonly string[];
  /** Folder relative paths in the file start from. Default: the fleet file's folder. */
  baseDir?: string;
  /** The user's home folder, for paths written as `~/…`. */
  homeDir?: string;
}

const SECTIONS = ['settings', 'clusters', 'repos', 'apps', 'appSets'] as const;
/** Only catches unknown top-level fields; each section is checked on its own so that every problem is found. */
const topLevelSchema = z.strictObject(
  Object.fromEntries(SECTIONS.map((s) => [s, z.unknown().optional()])) as Record<
    (typeof SECTIONS)[number],
    z.ZodOptional<z.ZodUnknown>
  >,
);

/** Checks fleet-file text and resolves it. Pure: reads no file, no environment, no working directory. */
export function parseFleet(text: string, file: string, options: ParseFleetOptions = {}): Result<Fleet> {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) return parsed;
  const { source: src, data } = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail(notAMapping(src));
  const sections = checkSections(data as Record<string, unknown>, src);
  const paths: PathBase = {
    baseDir: options.baseDir ?? dirname(file),
    ...(options.homeDir === undefined ? {} : { homeDir: options.homeDir }),
  };
  const built = buildFleet(sections, src, paths, options.kubeContexts);
  const problems = [...sections.problems, ...built.problems, ...crossChecks(sections, built, src)];
  return problems.length > 0 ? fail(...sortByPosition(problems)) : ok(built.fleet);
}

interface CheckedSections {
  settings: SettingsEntry | null | undefined;
  clusters: CheckedList<ClusterEntry>;
  repos: CheckedList<RepoEntry>;
  apps: CheckedList<AppEntry>;
  appSets: CheckedList<AppSetEntry>;
  /** Indexes of app sets whose template has placeholder problems; they are not expanded. */
  badTemplates: Set<number>;
  problems: Problem[];
}

function checkSections(raw: Record<string, unknown>, src: YamlSource): CheckedSections {
  const settings =
    raw.settings === undefined
      ? undefined
      : validateAt(settingsSchema.nullable(), raw.settings, src, ['settings']);
  const lists = {
    clusters: checkList('clusters', clusterSchema, raw, src, 'cluster'),
    repos: checkList('repos', repoSchema, raw, src, 'repo'),
    apps: checkList('apps', appSchema, raw, src, 'app'),
    appSets: checkList('appSets', appSetSchema, raw, src, 'app set'),
  };
  // Placeholders are checked in every template, even in app sets with other problems.
  const placeholderProblems = lists.appSets.items.map((item, i) =>
    checkTemplatePlaceholders((item as { template?: unknown } | null)?.template, src, [
      'appSets',
      i,
      'template',
    ]),
  );
  const badTemplates = new Set(placeholderProblems.flatMap((found, i) => (found.length > 0 ? [i] : [])));
  const problems = [
    ...validateAt(topLevelSchema, raw, src, []).problems,
    ...(settings?.problems ?? []),
    ...Object.values(lists).flatMap((l) => l.problems),
    ...placeholderProblems.flat(),
  ];
  return { settings: settings?.value, ...lists, badTemplates, problems };
}

interface BuiltFleet {
  fleet: Fleet;
  clustersFromKubeconfig: boolean;
  /** Generated app names and where their app set's name is written. */
  generatedNames: NamedAt[];
  problems: Problem[];
}

function buildFleet(
  sections: CheckedSections,
  src: YamlSource,
  paths: PathBase,
  kubeContexts: readonly string[] | undefined,
): BuiltFleet {
  const settings = resolveSettings(sections.settings);
  const clustersFromKubeconfig = !sections.clusters.present;
  const clusters = clustersFromKubeconfig
    ? clustersFromContexts(kubeContexts ?? [], settings, src.file)
    : resolveClusters(sections.clusters.entries, settings, src, paths, kubeContexts);
  const repos = resolveRepos(sections.repos.entries, settings, src, paths);
  const written = sections.apps.entries.map(({ value, index }) =>
    resolveApp(
      value,
      { origin: { kind: 'app' }, source: sourceAt(src, ['apps', index]), fieldBase: ['apps', index] },
      src,
    ),
  );
  const expandable = sections.appSets.entries.filter((e) => !sections.badTemplates.has(e.index));
  // A cluster listed twice is reported once, as a duplicate, not again through every app set.
  const distinctClusters = clusters.clusters.filter(
    (c, i, all) => all.findIndex((o) => o.name === c.name) === i,
  );
  const generated = expandAppSets(expandable, sections.appSets.items, distinctClusters, src);
  const fleet: Fleet = {
    file: src.file,
    settings,
    clusters: clusters.clusters,
    repos: repos.repos,
    apps: [...written, ...generated.apps],
    appSets: generated.appSets,
  };
  return {
    fleet,
    clustersFromKubeconfig,
    generatedNames: generated.names,
    problems: [...clusters.problems, ...repos.problems, ...generated.problems],
  };
}

function expandAppSets(
  entries: readonly Indexed<AppSetEntry>[],
  items: readonly unknown[],
  clusters: readonly Cluster[],
  src: YamlSource,
) {
  const out = {
    problems: [] as Problem[],
    apps: [] as App[],
    appSets: [] as Fleet['appSets'],
    names: [] as NamedAt[],
  };
  for (const { value, index } of entries) {
    const expanded = expandAppSet(
      value,
      index,
      (items[index] as { template?: unknown }).template,
      clusters,
      src,
    );
    out.problems.push(...expanded.problems);
    out.apps.push(...expanded.apps);
    out.appSets.push(expanded.appSet);
    const nameSource = sourceAt(src, ['appSets', index, 'name']);
    out.names.push(
      ...expanded.apps.map((app) => ({
        name: app.name,
        source: nameSource,
        what: `app generated by app set ${value.name} for cluster ${app.destination.cluster}`,
      })),
    );
  }
  return out;
}

/** Unique names, and references to repos and clusters that exist; over every entry as written, valid or not. */
function crossChecks(sections: CheckedSections, built: BuiltFleet, src: YamlSource): Problem[] {
  const clusterNames = built.clustersFromKubeconfig
    ? built.fleet.clusters.map((c) => c.name)
    : sections.clusters.readable
      ? sections.clusters.declared.map((d) => d.name)
      : undefined;
  const known = {
    repos: sections.repos.readable ? sections.repos.declared.map((d) => d.name) : undefined,
    clusters: clusterNames,
    clustersFromKubeconfig: built.clustersFromKubeconfig,
  };
  return [
    ...duplicateNames('cluster', sections.clusters.declared),
    ...duplicateNames('repo', sections.repos.declared),
    ...duplicateNames('app set', sections.appSets.declared),
    ...duplicateNames('app', [...sections.apps.declared, ...built.generatedNames]),
    ...unknownReferences(
      [
        ...writtenReferences(sections, src),
        ...built.fleet.apps.filter((a) => a.origin.kind === 'appSet').map(generatedReferences),
      ],
      known,
    ),
  ];
}

/** References of written apps and app-set templates, read from the raw entries so invalid entries are checked too. */
function writtenReferences(sections: CheckedSections, src: YamlSource): AppReferences[] {
  const apps = sections.apps.items.map((item, i) => ({
    repo: stringField(item, 'repo'),
    repoSource: sourceAt(src, ['apps', i, 'repo']),
    cluster: stringField(item, 'destination', 'cluster'),
    clusterSource: sourceAt(src, ['apps', i, 'destination', 'cluster']),
  }));
  const templates = sections.appSets.items.map((item, i) => {
    const repo = stringField(item, 'template', 'repo');
    const base = ['appSets', i, 'template'];
    return {
      repo: repo !== undefined && !hasPlaceholders(repo) ? repo : undefined,
      repoSource: sourceAt(src, [...base, 'repo']),
      clusterSource: sourceAt(src, base),
    };
  });
  return [...apps, ...templates];
}

function generatedReferences(app: App): AppReferences {
  return {
    repo: app.repo,
    repoSource: app.fieldSources.repo,
    cluster: app.destination.cluster,
    clusterSource: app.fieldSources['destination.cluster'],
  };
}

function notAMapping(src: YamlSource): Problem {
  return {
    code: 'config.not-a-mapping',
    message:
      'The fleet file must be a mapping with the sections settings, clusters, repos, apps and appSets.',
    hint: 'Start the file with one of those section names followed by ":"; see docs/config.md.',
    source: sourceAt(src, []),
  };
}

/** File order, so the list reads top to bottom; problems without a line go last. */
function sortByPosition(problems: readonly Problem[]): Problem[] {
  const line = (p: Problem) => p.source?.line ?? Number.MAX_SAFE_INTEGER;
  const column = (p: Problem) => p.source?.column ?? 0;
  return [...problems].sort((a, b) => line(a) - line(b) || column(a) - column(b));
}
