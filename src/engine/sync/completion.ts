/** When a task is done: a resource when its health says so, a hook when it finished, a prune when the
 * object is gone. Pure: from what is known of the live object to running, succeeded or failed. */
import { resourceHealth } from '../health/index.js';
import type { KubeObject } from '../objects.js';

/** Where a task's object stands while the sync waits on it. */
export interface Completion {
  state: 'running' | 'succeeded' | 'failed';
  /** Plain words: the health message, or why it failed. */
  message: string;
}

/** What the sync knows of an applied object: the answer to its write, and the newest copy seen since. */
export interface Observed {
  /** The object as the write returned it (its uid and generation are the incarnation waited on). */
  applied: KubeObject;
  /** The newest copy a watch or a read delivered, undefined when none yet. */
  latest: KubeObject | undefined;
  /** True when a watch or a read saw this incarnation deleted, or found no object at all. */
  gone: boolean;
}

const running = (message: string): Completion => ({ state: 'running', message });
const succeeded = (message = ''): Completion => ({ state: 'succeeded', message });
const failed = (message: string): Completion => ({ state: 'failed', message });

/** The copy to judge by: the newest seen when it is this incarnation and at least the applied generation,
 * else the write's answer (a watch can lag behind the write, and an older generation's status says nothing
 * about the new spec). */
export function currentCopy(o: Observed): KubeObject {
  const { applied, latest } = o;
  if (!latest) return applied;
  if (latest.metadata.uid !== applied.metadata.uid) return applied;
  const gen = (obj: KubeObject) =>
    typeof obj.metadata.generation === 'number' ? obj.metadata.generation : 0;
  return gen(latest) >= gen(applied) ? latest : applied;
}

/** A synced resource: Healthy (or a kind with no health rule) succeeds, Degraded fails, the rest runs. */
export function resourceCompletion(o: Observed): Completion {
  if (o.gone) return failed('was deleted while the sync waited for it to become healthy');
  const health = resourceHealth(currentCopy(o));
  if (!health || health.status === 'Healthy') return succeeded(health?.message ?? '');
  if (health.status === 'Degraded') return failed(health.message || 'Degraded');
  return running(`${health.status}${health.message ? `: ${health.message}` : ''}`);
}

/** A hook: Healthy (or no health rule) succeeds, Degraded or Unknown fails, Progressing or Suspended runs;
 * a hook deleted before it finished fails — someone else removed it, and waiting on would never end. */
export function hookCompletion(o: Observed): Completion {
  if (o.gone) return failed('the hook was deleted by someone else before it finished');
  const health = resourceHealth(currentCopy(o));
  if (!health || health.status === 'Healthy') return succeeded(health?.message ?? '');
  if (health.status === 'Degraded' || health.status === 'Unknown')
    return failed(health.message || health.status);
  return running(`${health.status}${health.message ? `: ${health.message}` : ''}`);
}
