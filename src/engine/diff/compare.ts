/** The comparison itself, on two normalised sides with ignored fields already removed.
 *
 * - Server-side: the target is the dry-run apply result, a complete object; the two must be equal.
 * - Client-side: the target is the desired object. Every field it sets must match live; fields only live has
 *   (defaults, controller-set, other managers') are left out, except a field flotilla applied before and Git no
 *   longer has (read from live managedFields): the next apply removes it, so it is drift unless its live value
 *   is a well-known default. Keyed lists (containers by name, ports by port…) are paired by key. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { equalAsQuantity, isWellKnownDefault } from './defaults.js';
import type { JsonMap, JsonPath } from './json.js';
import { deepEqual, isMap, toPointer } from './json.js';
import type { FieldTree } from './managedfields.js';
import { fieldChild, itemChild } from './managedfields.js';

/** How a resource was compared. */
export type DiffMode = 'server-side' | 'client-side';

/** Who owns which live field: flotilla's field manager, and everyone else. */
interface FieldOwnership {
  ours: FieldTree;
  others: FieldTree;
}

/** What a comparer gets: both sides normalised, ignoreDifferences applied, Secrets not yet masked. */
export interface CompareInput {
  mode: DiffMode;
  identity: ObjectIdentity;
  /** The dry-run result (server-side) or the desired object (client-side). */
  target: KubeObject;
  live: KubeObject;
  /** Client-side only: field ownership from the live object's managedFields. */
  ownership?: FieldOwnership;
}

/** What a comparer finds. */
export interface CompareOutcome {
  equal: boolean;
  /** The live side as compared: the whole object (server-side) or only the fields that matter (client-side). */
  live: KubeObject;
  target: KubeObject;
  /** JSON pointers of the fields that differ (at most MAX_CHANGED_PATHS). */
  changedPaths: string[];
}

/** A comparison strategy; injectable so tests and benchmarks can count or replace it. */
export type Comparer = (input: CompareInput) => CompareOutcome;

/** Enough to name what changed; a wholesale rewrite is visible in the diff text anyway. */
const MAX_CHANGED_PATHS = 100;

/** Compares two normalised sides in the input's mode. */
export const compareObjects: Comparer = (input) => {
  if (input.mode === 'server-side') {
    return {
      equal: deepEqual(input.target, input.live),
      live: input.live,
      target: input.target,
      changedPaths: changedPaths(input.live, input.target),
    };
  }
  const groupKind = `${input.identity.group}/${input.identity.kind}`;
  const projected = projectValue(
    input.target,
    input.live,
    '',
    input.ownership?.ours,
    input.ownership?.others,
    groupKind,
  );
  const live = (projected === ABSENT ? {} : projected) as KubeObject;
  return {
    equal: deepEqual(input.target, live),
    live,
    target: input.target,
    changedPaths: changedPaths(live, input.target),
  };
};

/** JSON pointers of the leaves where `a` and `b` differ. */
function changedPaths(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: JsonPath): void => {
    if (out.length >= MAX_CHANGED_PATHS || deepEqual(x, y)) return;
    // A map present on one side only is named by its leaves; a list item present on one side only, whole.
    if ((isMap(x) || x === undefined) && (isMap(y) || y === undefined)) {
      const a = x ?? {};
      const b = y ?? {};
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], [...path, k]);
    } else if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        if (i < x.length && i < y.length) walk(x[i], y[i], [...path, i]);
        else if (out.length < MAX_CHANGED_PATHS) out.push(toPointer([...path, i]));
      }
    } else {
      out.push(toPointer(path));
    }
  };
  walk(a, b, []);
  return out;
}

const ABSENT = Symbol('absent');

/** Values the API server drops when it stores an object (Go's omitempty): Git may spell them, live omits them. */
function isZeroish(v: unknown): boolean {
  if (v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isMap(v) && Object.values(v).every(isZeroish);
}

function join(pattern: string, key: string): string {
  return pattern === '' ? key : `${pattern}.${key}`;
}

/** Live's side of one desired value: the desired value itself where live agrees, live's value where it does not,
 * ABSENT where live has nothing. */
function projectValue(
  d: unknown,
  l: unknown,
  pattern: string,
  ours: FieldTree | undefined,
  others: FieldTree | undefined,
  groupKind: string,
): unknown {
  if (l === undefined || l === null) return isZeroish(d) ? d : l === undefined ? ABSENT : l;
  if (isMap(d) && isMap(l)) return projectMap(d, l, pattern, ours, others, groupKind);
  if (Array.isArray(d) && Array.isArray(l)) return projectList(d, l, pattern, ours, others, groupKind);
  if (deepEqual(d, l) || equalAsQuantity(pattern, d, l)) return d;
  return l;
}

/** True when the next apply would remove this live value: flotilla owns it, nobody else does, and it is not
 * just the server's default (which would come straight back). */
function removedByApply(
  ours: FieldTree | undefined,
  others: FieldTree | undefined,
  groupKind: string,
  pattern: string,
  value: unknown,
  parent: JsonMap,
): boolean {
  return ours !== undefined && others === undefined && !isWellKnownDefault(groupKind, pattern, value, parent);
}

function projectMap(
  d: JsonMap,
  l: JsonMap,
  pattern: string,
  ours: FieldTree | undefined,
  others: FieldTree | undefined,
  groupKind: string,
): JsonMap {
  const out: JsonMap = {};
  for (const [key, dv] of Object.entries(d)) {
    const r = projectValue(
      dv,
      l[key],
      join(pattern, key),
      fieldChild(ours, key),
      fieldChild(others, key),
      groupKind,
    );
    if (r !== ABSENT) out[key] = r;
  }
  for (const [key, lv] of Object.entries(l)) {
    if (Object.hasOwn(d, key)) continue;
    if (removedByApply(fieldChild(ours, key), fieldChild(others, key), groupKind, join(pattern, key), lv, l))
      out[key] = lv;
  }
  return out;
}

/** Keys that identify items of common Kubernetes lists (the patch merge keys of the built-in types). */
const MERGE_KEY_CANDIDATES = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip'];

/** The first candidate key that every item on both sides has, unique within each side; else undefined. */
function mergeKeyOf(d: unknown[], l: unknown[]): string | undefined {
  const usable = (items: unknown[], key: string): boolean => {
    const seen = new Set<unknown>();
    for (const item of items) {
      if (!isMap(item)) return false;
      const v = item[key];
      if ((typeof v !== 'string' && typeof v !== 'number') || seen.has(v)) return false;
      seen.add(v);
    }
    return true;
  };
  if (d.length === 0) return undefined;
  return MERGE_KEY_CANDIDATES.find((key) => usable(d, key) && usable(l, key));
}

function projectList(
  d: unknown[],
  l: unknown[],
  pattern: string,
  ours: FieldTree | undefined,
  others: FieldTree | undefined,
  groupKind: string,
): unknown[] {
  const itemPattern = `${pattern}[]`;
  const key = mergeKeyOf(d, l);
  if (key === undefined) {
    // Without a key the list is compared item by item; a different length is drift, shown as live has it.
    if (d.length !== l.length) return l;
    return d
      .map((dv, i) => projectValue(dv, l[i], itemPattern, undefined, undefined, groupKind))
      .filter((v) => v !== ABSENT);
  }
  const out: unknown[] = [];
  const matched = new Set<unknown>();
  for (const dv of d) {
    const lv = l.find((item) => (item as JsonMap)[key] === (dv as JsonMap)[key]);
    if (lv !== undefined) matched.add(lv);
    const r = projectValue(dv, lv, itemPattern, itemChild(ours, lv), itemChild(others, lv), groupKind);
    if (r !== ABSENT) out.push(r);
  }
  for (const lv of l) {
    // Items only live has (an injected sidecar) survive an apply of a keyed list, unless they are ours.
    if (
      !matched.has(lv) &&
      removedByApply(itemChild(ours, lv), itemChild(others, lv), groupKind, itemPattern, lv, {})
    )
      out.push(lv);
  }
  return out;
}
