/** Plain-JSON helpers for the diff: objects from the API server and from Git are untyped trees. */
import { createHash } from 'node:crypto';

/** A JSON object with unknown contents. */
export type JsonMap = Record<string, unknown>;

/** A concrete location in a JSON tree: map keys and array indexes. */
export type JsonPath = (string | number)[];

/** True for a plain JSON object (not an array, not null). */
export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of two JSON values; key order never matters. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    if (keys.length !== otherKeys.length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** JSON with map keys sorted at every level, so equal objects serialise equally whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isMap(v)) return v;
    const sorted: JsonMap = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
}

/** sha256 (hex) of the canonical JSON of a value; used only as an internal cache key, never shown. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** A deep copy of a JSON value (objects from the API are plain JSON, so structuredClone is exact). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The value at a concrete path, or undefined when any step is missing. */
function getAt(root: unknown, path: JsonPath): unknown {
  let current = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isMap(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}

/** Orders paths so that deleting them one by one never shifts an index still to be deleted: for the same
 * array, higher indexes come first, and a deeper path comes before its ancestor. */
function compareForDeletion(a: JsonPath, b: JsonPath): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y) < String(x) ? -1 : 1;
  }
  return b.length - a.length;
}

/** Deletes every path from `root` in place; missing paths are silently skipped (as Argo CD's ignore rules do).
 * The empty path (the whole object) is never deleted. */
export function deletePaths(root: unknown, paths: JsonPath[]): void {
  const unique = new Map(paths.filter((p) => p.length > 0).map((p) => [JSON.stringify(p), p]));
  const ordered = [...unique.values()].sort(compareForDeletion);
  for (const path of ordered) {
    const parent = getAt(root, path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (typeof last === 'number') {
      if (Array.isArray(parent) && last >= 0 && last < parent.length) parent.splice(last, 1);
    } else if (isMap(parent)) {
      delete parent[last];
    }
  }
}

/** A JSON pointer (RFC 6901) for a concrete path, for messages and `changedPaths`. */
export function toPointer(path: JsonPath): string {
  return path.map((step) => `/${String(step).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
