/** Health of custom resources with no rule of their own, from the conventions kstatus reads. */
import type { KubeObject } from '../objects.js';
import type { Condition } from './conditions.js';
import { conditionText, conditionsOf, describeCondition, findCondition } from './conditions.js';
import { generationOf, numberAt, statusOf } from './fields.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing } from './status.js';

/** Words in a condition reason that mean the failure is final rather than work in progress. */
const failureReason = /fail|error|invalid|denied|forbidden|notfound|conflict|exceeded|unsupported/i;
/** Words in a condition reason that mean the controller is still working. */
const workingReason =
  /progress|reconcil|pending|creat|provision|install|upgrad|updat|deploy|initiali|waiting|starting|scaling|dependencynotready/i;

/** Ready/Available False: kstatus calls every such case in progress; a reason that names a failure is Degraded instead, as Argo CD's per-CRD scripts judge. */
function notReadyHealth(c: Condition): Health {
  const reason = c.reason ?? '';
  const working = workingReason.test(reason) && !failureReason.test(reason);
  return working ? progressing(describeCondition(c)) : degraded(describeCondition(c));
}

/** Generic rules: generation observed, Reconciling, Stalled, then Ready or Available; null when the resource reports no status at all (configuration-like resources). */
export function genericHealth(obj: KubeObject): Health | null {
  const status = statusOf(obj);
  if (!status || Object.keys(status).length === 0) return null;
  const observed = numberAt(status, 'observedGeneration');
  if (observed !== undefined && observed !== generationOf(obj)) {
    return progressing(
      `Waiting for the controller to observe generation ${generationOf(obj)} (observed ${observed})`,
    );
  }
  const conditions = conditionsOf(obj);
  const reconciling = findCondition(conditions, 'Reconciling');
  if (reconciling?.status === 'True')
    return progressing(`Reconciling: ${conditionText(reconciling, 'in progress')}`);
  const stalled = findCondition(conditions, 'Stalled');
  if (stalled?.status === 'True')
    return degraded(`Stalled: ${conditionText(stalled, 'the controller cannot make progress')}`);
  const readiness = findCondition(conditions, 'Ready') ?? findCondition(conditions, 'Available');
  if (readiness?.status === 'True') return healthy(conditionText(readiness, `${readiness.type}`));
  if (readiness?.status === 'False') return notReadyHealth(readiness);
  if (readiness) return progressing(describeCondition(readiness));
  // kstatus assumes a resource with status but no readiness signal is reconciled ("Current").
  return healthy(conditions.length > 0 ? 'No condition reports a problem' : 'Status reports no problem');
}
