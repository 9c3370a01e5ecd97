/** Health of a HorizontalPodAutoscaler (autoscaling/v1 keeps its conditions in an annotation, v2 in status). */
import type { KubeObject } from '../objects.js';
import type { Condition } from './conditions.js';
import { conditionText, conditionsOf, parseConditions } from './conditions.js';
import type { Health } from './status.js';
import { degraded, healthy, progressing, unknown } from './status.js';

/** Where autoscaling/v1 serialises the v2 conditions. */
const v1ConditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';

/** Reasons, per condition type, that mean the autoscaler cannot do its job. */
const failureReasons: Record<string, readonly string[]> = {
  AbleToScale: ['FailedGetScale', 'FailedUpdateScale'],
  ScalingActive: [
    'FailedGetResourceMetric',
    'FailedGetObjectMetric',
    'FailedGetPodsMetric',
    'FailedGetExternalMetric',
    'FailedGetContainerResourceMetric',
    'FailedComputeMetricsReplicas',
    'InvalidSelector',
    'InvalidMetricSourceType',
  ],
};

type ConditionsRead = { ok: true; conditions: Condition[] } | { ok: false; error: string };

function hpaConditions(obj: KubeObject): ConditionsRead {
  const annotation = obj.metadata.annotations?.[v1ConditionsAnnotation];
  if (annotation === undefined) return { ok: true, conditions: conditionsOf(obj) };
  try {
    return { ok: true, conditions: parseConditions(JSON.parse(annotation)) };
  } catch {
    return { ok: false, error: `Annotation ${v1ConditionsAnnotation} is not valid JSON` };
  }
}

/** HPA: a failure to read the target or its metrics is Degraded; able to scale (or at a limit) is Healthy. */
export function horizontalPodAutoscalerHealth(obj: KubeObject): Health {
  const read = hpaConditions(obj);
  if (!read.ok) return unknown(read.error);
  const failing = read.conditions.find((c) => failureReasons[c.type]?.includes(c.reason ?? ''));
  if (failing) return degraded(`${failing.reason}: ${conditionText(failing, 'autoscaler cannot scale')}`);
  const working = read.conditions.find(
    (c) => (c.type === 'AbleToScale' || c.type === 'ScalingLimited') && c.status === 'True',
  );
  if (working) return healthy(conditionText(working, 'Autoscaler is able to scale'));
  return progressing('Waiting to autoscale: the autoscaler has not reported that it can scale yet');
}
