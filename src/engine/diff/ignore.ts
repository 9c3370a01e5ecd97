/** ignoreDifferences: fields left out of the comparison, by JSON pointer, jq path or owning field manager. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { Problem } from '../problem.js';
import type { JqPath } from './jqpath.js';
import { parseJqPath, resolveJqPath } from './jqpath.js';
import type { JsonPath } from './json.js';
import { deletePaths } from './json.js';
import type { FieldTree } from './managedfields.js';
import { fieldsOwnedBy, ownedPaths } from './managedfields.js';
import type { JsonPointer } from './pointer.js';
import { parsePointer, resolvePointer } from './pointer.js';

/** One ignoreDifferences entry, as Argo CD writes it in an Application. */
export interface IgnoreDifferenceRule {
  /** API group ('' for core); `*` globs. */
  group: string;
  /** Kind; `*` globs. */
  kind: string;
  /** Exact object name; any when absent. */
  name?: string;
  /** Exact namespace; any when absent. */
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  /** Fields owned by these managers in the live object's managedFields are not compared. */
  managedFieldsManagers?: string[];
}

/** A rule whose expressions are parsed; the invalid ones are dropped (and reported once, at compile time). */
export interface CompiledIgnoreRule {
  readonly rule: IgnoreDifferenceRule;
  readonly pointers: readonly JsonPointer[];
  readonly jqPaths: readonly JqPath[];
  readonly managers: ReadonlySet<string>;
  matches(id: ObjectIdentity): boolean;
}

/** Compiled rules plus what was wrong with the ones that could not be compiled. */
interface CompiledIgnoreRules {
  rules: CompiledIgnoreRule[];
  problems: Problem[];
}

function globMatcher(pattern: string): (value: string) => boolean {
  if (!pattern.includes('*')) return (value) => value === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (value) => re.test(value);
}

/** Parses every expression of every rule. Bad expressions become Problems (with the field they came from) and
 * are left out, so one typo never stops the rest of the rules from applying. */
export function compileIgnoreRules(
  rules: readonly IgnoreDifferenceRule[] | undefined,
  field = 'ignoreDifferences',
): CompiledIgnoreRules {
  const problems: Problem[] = [];
  const compiled: CompiledIgnoreRule[] = [];
  (rules ?? []).forEach((rule, i) => {
    const at = `${field}[${i}]`;
    if (typeof rule.kind !== 'string' || rule.kind === '') {
      problems.push({
        code: 'diff.ignore-rule-invalid',
        message: 'An ignoreDifferences rule has no kind.',
        hint: 'Set kind (and group, "" for core), or "*" for every kind.',
        source: { field: at },
      });
      return;
    }
    const pointers: JsonPointer[] = [];
    (rule.jsonPointers ?? []).forEach((text, j) => {
      const r = parsePointer(text, `${at}.jsonPointers[${j}]`);
      if (r.ok) pointers.push(r.value);
      else problems.push(...r.problems);
    });
    const jqPaths: JqPath[] = [];
    (rule.jqPathExpressions ?? []).forEach((text, j) => {
      const r = parseJqPath(text, `${at}.jqPathExpressions[${j}]`);
      if (r.ok) jqPaths.push(r.value);
      else problems.push(...r.problems);
    });
    const group = globMatcher(rule.group ?? '');
    const kind = globMatcher(rule.kind);
    compiled.push({
      rule,
      pointers,
      jqPaths,
      managers: new Set(rule.managedFieldsManagers ?? []),
      matches: (id) =>
        group(id.group) &&
        kind(id.kind) &&
        (rule.name === undefined || rule.name === id.name) &&
        (rule.namespace === undefined || rule.namespace === id.namespace),
    });
  });
  return { rules: compiled, problems };
}

/** Checks rules without using them (for config validation): every problem, empty when all are fine. */
export function validateIgnoreRules(
  rules: readonly IgnoreDifferenceRule[] | undefined,
  field?: string,
): Problem[] {
  return compileIgnoreRules(rules, field).problems;
}

/** The rules that apply to one object. */
export function rulesFor(rules: readonly CompiledIgnoreRule[], id: ObjectIdentity): CompiledIgnoreRule[] {
  return rules.filter((r) => r.matches(id));
}

/** Fields owned, in the live object, by the managers the rules name (read before managedFields are stripped). */
export function ignoredManagerFields(
  rules: readonly CompiledIgnoreRule[],
  live: KubeObject,
): FieldTree | undefined {
  const managers = new Set(rules.flatMap((r) => [...r.managers]));
  if (managers.size === 0) return undefined;
  return fieldsOwnedBy(live, (manager) => managers.has(manager));
}

/** Deletes, in place, every field the rules ignore. Each side resolves the paths on its own (list indexes and
 * keyed items may sit at different positions on each side). */
export function applyIgnoreRules(
  obj: KubeObject,
  rules: readonly CompiledIgnoreRule[],
  managerFields: FieldTree | undefined,
): void {
  const paths: JsonPath[] = [];
  for (const rule of rules) {
    for (const pointer of rule.pointers) {
      const path = resolvePointer(pointer, obj);
      if (path) paths.push(path);
    }
    for (const jq of rule.jqPaths) paths.push(...resolveJqPath(jq, obj));
  }
  if (managerFields) paths.push(...ownedPaths(managerFields, obj));
  deletePaths(obj, paths);
}

/** A stable fingerprint of the rules, so a cached comparison is reused only under the same rules. */
export function rulesFingerprint(rules: readonly CompiledIgnoreRule[]): string {
  return JSON.stringify(rules.map((r) => r.rule));
}
