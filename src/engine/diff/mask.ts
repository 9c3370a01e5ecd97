/** Secret masking: values never leave the diff module, yet "same" and "changed" stay visible.
 *
 * Every distinct value of a key gets a token of plus signs (8, 12, 16… long) in order of first appearance,
 * live side first. Equal values share a token; different values get different tokens. A token says nothing
 * about the value: not its length, not a hash that could be brute-forced. Values inside a
 * `kubectl.kubernetes.io/last-applied-configuration` annotation are masked with the same tokens. */
import type { KubeObject } from '../objects.js';
import type { JsonMap } from './json.js';
import { clone, isMap } from './json.js';
import { isSecret } from './normalize.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Token for the i-th distinct value of a key. */
function token(i: number): string {
  return '+'.repeat(8 + 4 * i);
}

/** Per key, the distinct values seen, in order; `stringData` values are compared in their base64 form, since
 * the API server stores them so. */
class TokenTable {
  private readonly byKey = new Map<string, string[]>();

  private canonical(field: 'data' | 'stringData', value: unknown): string {
    const text = typeof value === 'string' ? value : '';
    return field === 'stringData' ? Buffer.from(text, 'utf8').toString('base64') : text;
  }

  collect(secret: JsonMap | undefined): void {
    for (const field of ['data', 'stringData'] as const) {
      const map = secret?.[field];
      if (!isMap(map)) continue;
      for (const [key, value] of Object.entries(map)) {
        const seen = this.byKey.get(key) ?? [];
        const v = this.canonical(field, value);
        if (!seen.includes(v)) seen.push(v);
        this.byKey.set(key, seen);
      }
    }
  }

  apply(secret: JsonMap): void {
    for (const field of ['data', 'stringData'] as const) {
      const map = secret[field];
      if (!isMap(map)) continue;
      for (const [key, value] of Object.entries(map)) {
        const index = this.byKey.get(key)?.indexOf(this.canonical(field, value)) ?? 0;
        map[key] = token(Math.max(index, 0));
      }
    }
  }
}

function lastAppliedOf(obj: KubeObject | undefined): JsonMap | undefined | 'unreadable' {
  const text = obj?.metadata?.annotations?.[LAST_APPLIED];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isMap(parsed) ? parsed : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Masks both sides of a comparison together, so tokens agree across them. Objects that are not Secrets come
 * back unchanged; Secrets come back as masked copies. */
export function maskSecretPair(
  live: KubeObject | undefined,
  target: KubeObject | undefined,
): [KubeObject | undefined, KubeObject | undefined] {
  if (!isSecret(live) && !isSecret(target)) return [live, target];
  const sides = [live, target].map((o) => (o && isSecret(o) ? clone(o) : o));
  const lastApplied = sides.map(lastAppliedOf);
  const table = new TokenTable();
  for (const side of sides) table.collect(side);
  for (const la of lastApplied) if (la && la !== 'unreadable') table.collect(la);
  sides.forEach((side, i) => {
    if (!side || !isSecret(side)) return;
    table.apply(side);
    const la = lastApplied[i];
    const annotations = side.metadata.annotations;
    if (!la || !annotations) return;
    // An annotation we cannot read might hold values in any shape: replace it whole.
    if (la === 'unreadable') annotations[LAST_APPLIED] = token(0);
    else {
      table.apply(la);
      annotations[LAST_APPLIED] = JSON.stringify(la);
    }
  });
  return [sides[0], sides[1]];
}

/** A masked copy of one object (a Secret's values replaced by tokens); other kinds come back unchanged. */
export function maskSecret(obj: KubeObject): KubeObject {
  return maskSecretPair(obj, undefined)[0] ?? obj;
}
