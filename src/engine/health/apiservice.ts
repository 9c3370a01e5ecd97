/** Health of an aggregated APIService (apiregistration.k8s.io). */
import type { KubeObject } from '../objects.js';
import { conditionText, conditionsOf, findCondition } from './conditions.js';
import type { Health } from './status.js';
import { healthy, progressing } from './status.js';

/** APIService: Available=True is Healthy; anything else is Progressing, as in Argo CD (a backend may still be starting). */
export function apiServiceHealth(obj: KubeObject): Health {
  const available = findCondition(conditionsOf(obj), 'Available');
  if (!available) return progressing('Waiting to be processed by the API aggregator');
  if (available.status === 'True') return healthy(conditionText(available, 'API service is available'));
  return progressing(`API service is not available: ${conditionText(available, available.status)}`);
}
