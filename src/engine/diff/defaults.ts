/** Well-known fields the API server defaults or canonicalises, for the client-side comparison.
 *
 * Paths are patterns: dotted map keys, `[]` for "any list item", e.g. `spec.template.spec.containers[].ports[].protocol`.
 * The table is used where a client-side comparison cannot otherwise tell a server default from a change:
 * a field flotilla applied before, now gone from Git, whose live value is just the default (removing it changes
 * nothing). Extra live fields are ignored anyway, so the table only needs the fields an author commonly writes. */
import type { JsonMap } from './json.js';
import { deepEqual, isMap } from './json.js';
import { sameQuantity } from './quantity.js';

/** A test of the live value given the map that holds it (for defaults that depend on a sibling). */
type DefaultTest = (value: unknown, parent: JsonMap) => boolean;
/** A default: a plain value, or a test. */
type DefaultValue = unknown;

/** Kubernetes' rule: `:latest` or no tag pulls Always, anything else IfNotPresent. */
function imagePullPolicyDefault(value: unknown, parent: JsonMap): boolean {
  const image = typeof parent.image === 'string' ? parent.image : '';
  const afterSlash = image.slice(image.lastIndexOf('/') + 1);
  const digest = image.includes('@');
  const tag = afterSlash.includes(':') ? afterSlash.slice(afterSlash.indexOf(':') + 1) : '';
  return value === (!digest && (tag === '' || tag === 'latest') ? 'Always' : 'IfNotPresent');
}

const containerDefaults: [string, DefaultValue][] = [
  ['terminationMessagePath', '/dev/termination-log'],
  ['terminationMessagePolicy', 'File'],
  ['imagePullPolicy', imagePullPolicyDefault],
  ['resources', {}],
  ['ports[].protocol', 'TCP'],
];

const podSpecDefaults: [string, DefaultValue][] = [
  ['dnsPolicy', 'ClusterFirst'],
  ['schedulerName', 'default-scheduler'],
  ['terminationGracePeriodSeconds', 30],
  ['securityContext', {}],
  ['enableServiceLinks', true],
  ['volumes[].configMap.defaultMode', 420],
  ['volumes[].secret.defaultMode', 420],
  ['volumes[].projected.defaultMode', 420],
  ...containerDefaults.map(([p, v]): [string, DefaultValue] => [`containers[].${p}`, v]),
  ...containerDefaults.map(([p, v]): [string, DefaultValue] => [`initContainers[].${p}`, v]),
];

/** Where each workload kind keeps its pod spec. */
const podSpecAt: Record<string, string> = {
  '/Pod': 'spec',
  'apps/Deployment': 'spec.template.spec',
  'apps/StatefulSet': 'spec.template.spec',
  'apps/DaemonSet': 'spec.template.spec',
  'apps/ReplicaSet': 'spec.template.spec',
  'batch/Job': 'spec.template.spec',
  'batch/CronJob': 'spec.jobTemplate.spec.template.spec',
};

const kindDefaults: Record<string, [string, DefaultValue][]> = {
  '/Pod': [['spec.restartPolicy', 'Always']],
  'apps/Deployment': [
    ['spec.replicas', 1],
    ['spec.revisionHistoryLimit', 10],
    ['spec.progressDeadlineSeconds', 600],
    ['spec.strategy.type', 'RollingUpdate'],
    ['spec.strategy.rollingUpdate.maxSurge', '25%'],
    ['spec.strategy.rollingUpdate.maxUnavailable', '25%'],
    ['spec.template.spec.restartPolicy', 'Always'],
  ],
  'apps/StatefulSet': [
    ['spec.replicas', 1],
    ['spec.revisionHistoryLimit', 10],
    ['spec.podManagementPolicy', 'OrderedReady'],
    ['spec.updateStrategy.type', 'RollingUpdate'],
    ['spec.updateStrategy.rollingUpdate.partition', 0],
    ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'Retain'],
    ['spec.persistentVolumeClaimRetentionPolicy.whenScaled', 'Retain'],
    ['spec.template.spec.restartPolicy', 'Always'],
  ],
  'apps/DaemonSet': [
    ['spec.revisionHistoryLimit', 10],
    ['spec.updateStrategy.type', 'RollingUpdate'],
    ['spec.updateStrategy.rollingUpdate.maxUnavailable', 1],
    ['spec.updateStrategy.rollingUpdate.maxSurge', 0],
    ['spec.template.spec.restartPolicy', 'Always'],
  ],
  'apps/ReplicaSet': [
    ['spec.replicas', 1],
    ['spec.template.spec.restartPolicy', 'Always'],
  ],
  'batch/Job': [
    ['spec.backoffLimit', 6],
    ['spec.completions', 1],
    ['spec.parallelism', 1],
    ['spec.completionMode', 'NonIndexed'],
    ['spec.suspend', false],
    ['spec.podReplacementPolicy', 'TerminatingOrFailed'],
  ],
  'batch/CronJob': [
    ['spec.concurrencyPolicy', 'Allow'],
    ['spec.suspend', false],
    ['spec.successfulJobsHistoryLimit', 3],
    ['spec.failedJobsHistoryLimit', 1],
  ],
  '/Service': [
    ['spec.type', 'ClusterIP'],
    ['spec.sessionAffinity', 'None'],
    ['spec.internalTrafficPolicy', 'Cluster'],
    ['spec.ipFamilyPolicy', 'SingleStack'],
    ['spec.ports[].protocol', 'TCP'],
  ],
};

/** A plain value becomes an equality test; functions in the table are tests already. */
function toTest(v: DefaultValue): DefaultTest {
  return typeof v === 'function' ? (v as DefaultTest) : (value) => deepEqual(v, value);
}

/** `group/Kind|pattern` → default test. */
const table: ReadonlyMap<string, DefaultTest> = (() => {
  const m = new Map<string, DefaultTest>();
  for (const [kind, entries] of Object.entries(kindDefaults))
    for (const [p, v] of entries) m.set(`${kind}|${p}`, toTest(v));
  for (const [kind, prefix] of Object.entries(podSpecAt))
    for (const [p, v] of podSpecDefaults) m.set(`${kind}|${prefix}.${p}`, toTest(v));
  return m;
})();

/** True when `value`, at `pattern` in an object of `group/Kind`, is what the API server would set by itself.
 * A map counts when every field in it is such a default. */
export function isWellKnownDefault(
  groupKind: string,
  pattern: string,
  value: unknown,
  parent: JsonMap,
): boolean {
  const test = table.get(`${groupKind}|${pattern}`);
  if (test) return test(value, parent);
  if (isMap(value) && Object.keys(value).length > 0) {
    return Object.entries(value).every(([k, v]) =>
      isWellKnownDefault(groupKind, `${pattern}.${k}`, v, value),
    );
  }
  return false;
}

/** Map keys below which values are resource quantities (requests, limits, quotas, capacities). */
const QUANTITY_PARENTS = new Set([
  'requests',
  'limits',
  'hard',
  'capacity',
  'allocatable',
  'overhead',
  'default',
  'defaultRequest',
  'max',
  'min',
  'maxLimitRequestRatio',
]);

/** True when both values are the same quantity at a path that holds quantities (`…resources.limits.cpu`). */
export function equalAsQuantity(pattern: string, a: unknown, b: unknown): boolean {
  const parts = pattern.split('.');
  const last = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  return (QUANTITY_PARENTS.has(parent) || last === 'sizeLimit') && sameQuantity(a, b);
}
