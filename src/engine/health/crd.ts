/** Health of a CustomResourceDefinition: names accepted, schema structural, established. */
import type { KubeObject } from '../objects.js';
import { conditionText, conditionsOf, findCondition } from './conditions.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing } from './status.js';

/** CRD: Degraded on a name conflict or a non-structural schema; Healthy once Established. */
export function customResourceDefinitionHealth(obj: KubeObject): Health {
  const conditions = conditionsOf(obj);
  const terminating = findCondition(conditions, 'Terminating');
  if (terminating?.status === 'True')
    return progressing(`Being deleted: ${conditionText(terminating, 'removing custom resources')}`);
  if (conditions.length === 0) return progressing('Waiting for the API server to accept the definition');
  const namesAccepted = findCondition(conditions, 'NamesAccepted');
  if (namesAccepted?.status === 'False')
    return degraded(`Names not accepted: ${conditionText(namesAccepted, 'name conflict')}`);
  const nonStructural = findCondition(conditions, 'NonStructuralSchema');
  if (nonStructural?.status === 'True')
    return degraded(`Schema is not structural: ${conditionText(nonStructural, 'fix the schema')}`);
  const established = findCondition(conditions, 'Established');
  if (established?.status === 'True') return healthy('Definition is established');
  if (established?.reason === 'Installing')
    return progressing(`Being installed: ${conditionText(established, 'installing')}`);
  return degraded(`Definition is not established: ${conditionText(established, 'no Established condition')}`);
}
