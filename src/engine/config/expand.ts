/** App sets: one app per matching cluster, named `<appset>-<cluster>`, placeholders filled in. */
import type { Problem } from '../problem.js';
import { validateAt } from './issues.js';
import { resolveApp } from './resolve-app.js';
import type { AppSetEntry } from './schema.js';
import { appSchema } from './schema.js';
import { matchesSelector, toLabelSelector } from './selector.js';
import type { Placeholder, TemplateCluster } from './template.js';
import { checkPlaceholders, expandPlaceholders, labelKeyOf } from './template.js';
import type { App, AppSet, Cluster } from './types.js';
import type { FieldPath, YamlSource } from './yaml-source.js';
import { sourceAt, sourceInScalar } from './yaml-source.js';

/** Problems with the placeholders of a template as written (unknown names, unclosed braces), at their exact position. */
export function checkTemplatePlaceholders(rawTemplate: unknown, src: YamlSource, base: FieldPath): Problem[] {
  return stringsIn(rawTemplate, base).flatMap(({ text, path }) =>
    checkPlaceholders(text).map((e) => ({
      code: 'config.bad-placeholder',
      message: e.message,
      hint: e.hint,
      source: sourceInScalar(src, path, e.raw, e.occurrence),
    })),
  );
}

/** The apps of one app set (already checked, placeholders included) for the clusters its selector matches. */
export function expandAppSet(
  entry: AppSetEntry,
  index: number,
  rawTemplate: unknown,
  clusters: readonly Cluster[],
  src: YamlSource,
): { appSet: AppSet; apps: App[]; problems: Problem[] } {
  const selector = toLabelSelector(entry.clusters);
  const matched = clusters.filter((c) => matchesSelector(selector, c.labels));
  const templatePath: FieldPath = ['appSets', index, 'template'];
  const source = sourceAt(src, ['appSets', index]);
  const problems: Problem[] = [];
  const apps: App[] = [];
  for (const cluster of matched) {
    const expanded = fillTemplate(rawTemplate, cluster, src, templatePath);
    problems.push(...expanded.problems);
    if (expanded.problems.length > 0) continue;
    const candidate = withNameAndDestination(expanded.value, `${entry.name}-${cluster.name}`, cluster.name);
    const toFile = (relative: FieldPath): FieldPath =>
      relative[0] === 'name' ? ['appSets', index, 'name'] : [...templatePath, ...relative];
    const checked = validateAt(appSchema, candidate, src, toFile);
    if (!checked.value) {
      problems.push(
        ...checked.problems.map((p) => ({ ...p, message: `For cluster ${cluster.name}: ${p.message}` })),
      );
      continue;
    }
    const origin = { kind: 'appSet' as const, appSet: entry.name, cluster: cluster.name };
    apps.push(resolveApp(checked.value, { origin, source, fieldBase: templatePath }, src));
  }
  const appSet: AppSet = {
    name: entry.name,
    selector,
    clusters: matched.map((c) => c.name),
    apps: apps.map((a) => a.name),
    source,
  };
  return { appSet, apps, problems };
}

function withNameAndDestination(template: unknown, name: string, cluster: string): unknown {
  const t = template as Record<string, unknown>;
  const destination = t.destination as Record<string, unknown> | undefined;
  return { name, ...t, destination: { cluster, ...destination } };
}

/** A deep copy of the template with every placeholder filled in for `cluster`, or the labels it lacks. */
function fillTemplate(
  template: unknown,
  cluster: TemplateCluster,
  src: YamlSource,
  base: FieldPath,
): { value: unknown; problems: Problem[] } {
  const problems: Problem[] = [];
  const fill = (value: unknown, path: FieldPath): unknown => {
    if (typeof value === 'string') {
      const { value: filled, missing } = expandPlaceholders(value, cluster);
      for (const m of missing) problems.push(missingLabelProblem(m, cluster, src, path));
      return filled;
    }
    if (Array.isArray(value)) return value.map((v, i) => fill(v, [...path, i]));
    if (isPlainObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, [...path, k])]));
    return value;
  };
  return { value: fill(template, base), problems };
}

function missingLabelProblem(
  placeholder: Placeholder,
  cluster: TemplateCluster,
  src: YamlSource,
  path: FieldPath,
): Problem {
  const { expression, raw, occurrence } = placeholder;
  const key = labelKeyOf(expression) ?? expression;
  return {
    code: 'config.missing-label',
    message: `The cluster ${cluster.name} matches this app set but has no label "${key}" for {{${expression}}}.`,
    hint: `Give the cluster the label ${key}, or select only clusters that have it: matchExpressions: [{ key: ${key}, operator: Exists }].`,
    source: sourceInScalar(src, path, raw, occurrence),
  };
}

/** Every string value inside `value`, with its field path. */
function stringsIn(value: unknown, path: FieldPath): { text: string; path: FieldPath }[] {
  if (typeof value === 'string') return [{ text: value, path }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, [...path, i]));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => stringsIn(v, [...path, k]));
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
