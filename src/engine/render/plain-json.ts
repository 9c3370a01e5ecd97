/** Checks that a parsed value is plain JSON, as the API server will receive it. */

/** The dotted path of the first value JSON cannot carry (a YAML set, binary, infinity…), or null. */
export function findNonJson(value: unknown, path = ''): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '.';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNonJson(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNonJson(item, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
    return null;
  }
  return path || '.';
}
