/** `status.conditions` as the Kubernetes API conventions define them. */
import type { KubeObject } from '../objects.js';
import { arrayAt, asMap } from './fields.js';

/** One condition; `status` is 'True', 'False' or 'Unknown'. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Conditions from a raw array, skipping entries without a string type. */
export function parseConditions(raw: unknown): Condition[] {
  if (!Array.isArray(raw)) return [];
  const out: Condition[] = [];
  for (const item of raw) {
    const map = asMap(item);
    if (!map || typeof map.type !== 'string') continue;
    out.push({
      type: map.type,
      status: typeof map.status === 'string' ? map.status : 'Unknown',
      ...(typeof map.reason === 'string' ? { reason: map.reason } : {}),
      ...(typeof map.message === 'string' ? { message: map.message } : {}),
    });
  }
  return out;
}

/** The object's `status.conditions`. */
export function conditionsOf(obj: KubeObject): Condition[] {
  return parseConditions(arrayAt(obj, 'status', 'conditions'));
}

/** The condition of a type, if present. */
export function findCondition(conditions: Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

/** True when a condition of the type is present with status True. */
export function isConditionTrue(conditions: Condition[], type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/** `Type=Status (Reason): message`, leaving out what is empty: the shape users see in `kubectl describe`. */
export function describeCondition(c: Condition): string {
  const head = `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`;
  return c.message ? `${head}: ${c.message}` : head;
}

/** The condition's message, else its reason, else the fallback. */
export function conditionText(c: Condition | undefined, fallback: string): string {
  return c?.message || c?.reason || fallback;
}
