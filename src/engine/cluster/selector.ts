/** A live object's label selector (`spec.selector` of a workload) written as the API's `labelSelector` query. */

interface Expression {
  key?: unknown;
  operator?: unknown;
  values?: unknown;
}

const labelPart = /^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/;
const valuePart = /^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/;

/**
 * The `labelSelector` query for a Kubernetes LabelSelector (`matchLabels` and `matchExpressions`), or undefined
 * when there is none or it cannot be written safely (a key or value outside the label syntax, an unknown
 * operator): the caller then lists without one and filters itself. An empty selector selects everything, so
 * it also answers undefined.
 */
export function labelSelectorQuery(selector: unknown): string | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  const { matchLabels, matchExpressions } = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  const parts: string[] = [];
  if (matchLabels && typeof matchLabels === 'object') {
    for (const [k, v] of Object.entries(matchLabels)) {
      if (!labelPart.test(k) || typeof v !== 'string' || !valuePart.test(v)) return undefined;
      parts.push(`${k}=${v}`);
    }
  }
  if (Array.isArray(matchExpressions)) {
    for (const e of matchExpressions as Expression[]) {
      const part = expressionQuery(e);
      if (part === undefined) return undefined;
      parts.push(part);
    }
  }
  return parts.length ? parts.join(',') : undefined;
}

function expressionQuery(e: Expression): string | undefined {
  if (typeof e.key !== 'string' || !labelPart.test(e.key)) return undefined;
  const values = Array.isArray(e.values) ? e.values : [];
  if (!values.every((v): v is string => typeof v === 'string' && valuePart.test(v))) return undefined;
  switch (e.operator) {
    case 'In':
      return values.length ? `${e.key} in (${values.join(',')})` : undefined;
    case 'NotIn':
      return values.length ? `${e.key} notin (${values.join(',')})` : undefined;
    case 'Exists':
      return e.key;
    case 'DoesNotExist':
      return `!${e.key}`;
    default:
      return undefined;
  }
}
