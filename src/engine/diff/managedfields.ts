/** Reads `metadata.managedFields` (the FieldsV1 format) to learn who owns which field of a live object.
 *
 * FieldsV1 is a tree of keys: `f:<name>` a map field, `k:<json>` a list item picked by its key fields,
 * `v:<json>` a set item picked by value, `i:<n>` a list item by index, and `.` "this item itself". A key whose
 * value has no children other than `.` is owned as a whole. */
import type { KubeObject } from '../objects.js';
import type { JsonMap, JsonPath } from './json.js';
import { deepEqual, isMap } from './json.js';

/** A parsed FieldsV1 tree. */
export interface FieldTree {
  readonly children: Map<string, FieldTree>;
}

/** One entry of `metadata.managedFields`, as far as the diff needs it. */
interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  tree: FieldTree;
}

/** An empty tree: owns nothing. */
function emptyTree(): FieldTree {
  return { children: new Map() };
}

/** Parses a `fieldsV1` value; anything malformed reads as owning nothing. */
function parseFieldsV1(raw: unknown): FieldTree {
  const tree = emptyTree();
  if (!isMap(raw)) return tree;
  for (const [key, value] of Object.entries(raw)) tree.children.set(key, parseFieldsV1(value));
  return tree;
}

/** The union of several trees. */
function mergeTrees(trees: readonly FieldTree[]): FieldTree {
  const out = emptyTree();
  for (const tree of trees) {
    for (const [key, child] of tree.children) {
      const existing = out.children.get(key);
      out.children.set(key, existing ? mergeTrees([existing, child]) : mergeTrees([child]));
    }
  }
  return out;
}

/** The managedFields entries of an object (FieldsV1 only; other formats have never been served). */
function managedFieldsOf(obj: KubeObject | undefined): ManagedFieldsEntry[] {
  const raw = obj?.metadata?.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isMap).map((e: JsonMap) => ({
    manager: typeof e.manager === 'string' ? e.manager : '',
    operation: typeof e.operation === 'string' ? e.operation : '',
    tree: e.fieldsType === undefined || e.fieldsType === 'FieldsV1' ? parseFieldsV1(e.fieldsV1) : emptyTree(),
  }));
}

/** The fields owned by any manager the predicate accepts. */
export function fieldsOwnedBy(
  obj: KubeObject | undefined,
  accept: (manager: string, operation: string) => boolean,
): FieldTree {
  return mergeTrees(
    managedFieldsOf(obj)
      .filter((e) => accept(e.manager, e.operation))
      .map((e) => e.tree),
  );
}

/** True when the tree owns the node it describes as a whole (no children besides `.`). */
function ownsWhole(tree: FieldTree): boolean {
  for (const key of tree.children.keys()) if (key !== '.') return false;
  return true;
}

/** The subtree for map field `name`, if owned. */
export function fieldChild(tree: FieldTree | undefined, name: string): FieldTree | undefined {
  return tree?.children.get(`f:${name}`);
}

/** The key fields of a `k:` entry, or undefined when it is not one (or is malformed). */
function keyFields(key: string): JsonMap | undefined {
  if (!key.startsWith('k:')) return undefined;
  try {
    const parsed: unknown = JSON.parse(key.slice(2));
    return isMap(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** True when a list item carries every key field with the same value. */
function itemMatches(item: unknown, keys: JsonMap): boolean {
  return isMap(item) && Object.entries(keys).every(([k, v]) => deepEqual(item[k], v));
}

/** The subtree describing list item `item` (by key fields or by value), if owned. */
export function itemChild(tree: FieldTree | undefined, item: unknown): FieldTree | undefined {
  if (!tree) return undefined;
  for (const [key, child] of tree.children) {
    const keys = keyFields(key);
    if (keys && itemMatches(item, keys)) return child;
    if (key.startsWith('v:')) {
      try {
        if (deepEqual(JSON.parse(key.slice(2)), item)) return child;
      } catch {
        // A malformed set key names nothing.
      }
    }
  }
  return undefined;
}

/** Concrete paths, in `root`, of every field the tree owns. Key fields of keyed list items are left out (they
 * identify the item on both sides, as Argo CD's filterOutCompositeKeyFields keeps them). */
export function ownedPaths(tree: FieldTree, root: unknown): JsonPath[] {
  const out: JsonPath[] = [];
  const walk = (node: FieldTree, value: unknown, path: JsonPath, keep: ReadonlySet<string>): void => {
    for (const [key, child] of node.children) {
      if (key === '.') continue;
      if (key.startsWith('f:')) {
        const name = key.slice(2);
        if (!isMap(value) || !Object.hasOwn(value, name) || keep.has(name)) continue;
        if (ownsWhole(child)) out.push([...path, name]);
        else walk(child, value[name], [...path, name], new Set());
      } else if (Array.isArray(value)) {
        let index = -1;
        let itemKeys: ReadonlySet<string> = new Set();
        const keys = keyFields(key);
        if (keys) {
          index = value.findIndex((item) => itemMatches(item, keys));
          itemKeys = new Set(Object.keys(keys));
        } else if (key.startsWith('v:')) {
          index = value.findIndex(
            (item) => itemChild({ children: new Map([[key, child]]) }, item) !== undefined,
          );
        } else if (key.startsWith('i:')) {
          const n = Number(key.slice(2));
          index = Number.isInteger(n) && n >= 0 && n < value.length ? n : -1;
        }
        if (index < 0) continue;
        if (ownsWhole(child)) out.push([...path, index]);
        else walk(child, value[index], [...path, index], itemKeys);
      }
    }
  };
  walk(tree, root, [], new Set());
  return out;
}
