/** Health of batch/v1 Job and CronJob. */
import type { KubeObject } from '../objects.js';
import { conditionText, conditionsOf, findCondition } from './conditions.js';
import { arrayAt, at, numberAt, stringAt, statusOf } from './fields.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing, suspended } from './status.js';

/** Job: failed, complete, suspended, or still running. */
export function jobHealth(obj: KubeObject): Health {
  const conditions = conditionsOf(obj);
  const failed = findCondition(conditions, 'Failed');
  if (failed?.status === 'True') return degraded(`Job failed: ${conditionText(failed, 'no reason given')}`);
  const complete = findCondition(conditions, 'Complete');
  if (complete?.status === 'True')
    return healthy(
      complete.message || `Job completed: ${numberAt(obj, 'status', 'succeeded') ?? 0} pods succeeded`,
    );
  // Argo CD also counts a Suspended=False condition (a resumed Job) as finished; a resumed Job is running again, so it is not.
  const suspendedCondition = findCondition(conditions, 'Suspended');
  if (suspendedCondition?.status === 'True')
    return suspended(
      `Job is suspended${suspendedCondition.message ? `: ${suspendedCondition.message}` : ''}`,
    );
  const active = numberAt(obj, 'status', 'active') ?? 0;
  const succeeded = numberAt(obj, 'status', 'succeeded') ?? 0;
  const failedPods = numberAt(obj, 'status', 'failed') ?? 0;
  return progressing(`Job is running: ${active} active, ${succeeded} succeeded, ${failedPods} failed`);
}

function time(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** CronJob, with Argo CD's choices: suspended is Healthy (not Suspended), and only a last run that did not succeed is Degraded. */
export function cronJobHealth(obj: KubeObject): Health {
  // Argo CD reports a suspended CronJob as Healthy on purpose: suspending one is routine and must not mark the whole app Suspended.
  if (at(obj, 'spec', 'suspend') === true) return healthy('CronJob is suspended');
  const status = statusOf(obj);
  if (!status) return progressing('Waiting for the CronJob controller to report status');
  const lastSchedule = stringAt(status, 'lastScheduleTime');
  if (lastSchedule === undefined) return healthy('CronJob has not been scheduled yet');
  const lastSuccess = stringAt(status, 'lastSuccessfulTime');
  if (lastSuccess === undefined)
    return healthy(`CronJob last ran at ${lastSchedule} and has not completed a job successfully yet`);
  const active = arrayAt(status, 'active').length;
  if (active > 0) return healthy(`CronJob is running ${active} job${active === 1 ? '' : 's'}`);
  const scheduledAt = time(lastSchedule);
  const succeededAt = time(lastSuccess);
  if (scheduledAt !== undefined && succeededAt !== undefined && succeededAt < scheduledAt) {
    return degraded(
      `The last job, scheduled at ${lastSchedule}, did not succeed (last success at ${lastSuccess})`,
    );
  }
  return healthy(`The last job succeeded at ${lastSuccess}`);
}
