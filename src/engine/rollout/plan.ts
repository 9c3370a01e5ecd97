/** The groups of a rollout: an app set's apps by their cluster's value of the order's label, in the order's
 * order. Pure: reads the fleet, sends nothing. */
import type { Fleet } from '../config/index.js';
import { fail, ok, type Problem, type Result } from '../problem.js';
import type { LeftOutApp, RolloutGroup, RolloutOrder, RolloutPlan, RolloutTarget } from './types.js';

/** The rollout plan of `appSetName` in `order`; an unknown app set, one without apps, or a value of the
 * order that no cluster of the app set carries is a problem (a group would be empty). */
export function planRollout(fleet: Fleet, appSetName: string, order: RolloutOrder): Result<RolloutPlan> {
  const appSet = fleet.appSets.find((s) => s.name === appSetName);
  if (!appSet) return fail(unknownAppSet(fleet, appSetName));
  const targets: RolloutTarget[] = appSet.apps.flatMap((name) => {
    const app = fleet.apps.find((a) => a.name === name);
    return app ? [{ app: app.name, cluster: app.destination.cluster }] : [];
  });
  if (targets.length === 0)
    return fail({
      code: 'rollout.no-apps',
      message: `App set ${appSetName} has no apps: its selector matches no cluster.`,
      hint: 'Compare its `clusters` selector in the fleet file with the labels of the clusters.',
      source: appSet.source,
    });
  const labelOf = (cluster: string): string | undefined =>
    fleet.clusters.find((c) => c.name === cluster)?.labels[order.label];
  const groups: RolloutGroup[] = order.values.map((value) => ({
    value,
    apps: targets.filter((t) => labelOf(t.cluster) === value),
  }));
  const leftOut: LeftOutApp[] = targets.flatMap((t) => {
    const value = labelOf(t.cluster);
    if (value === undefined) return [{ ...t, reason: `cluster ${t.cluster} has no label ${order.label}` }];
    if (!order.values.includes(value))
      return [
        { ...t, reason: `cluster ${t.cluster} has ${order.label}=${value}, which the order does not list` },
      ];
    return [];
  });
  const empty = groups.filter((g) => g.apps.length === 0).map((g) => g.value);
  if (empty.length > 0) return fail(emptyGroups(appSetName, order, empty, targets, labelOf));
  return ok({ appSet: appSetName, order, groups, leftOut });
}

/** An app set the fleet does not have, with the ones it has. */
export function unknownAppSet(fleet: Pick<Fleet, 'appSets'>, name: string): Problem {
  const known = fleet.appSets.map((s) => s.name);
  return {
    code: 'rollout.unknown-app-set',
    message: `The fleet has no app set named "${name}".`,
    hint:
      known.length > 0
        ? `Its app sets: ${known.join(', ')}.`
        : 'The fleet file has no appSets; a rollout goes over the apps of one app set.',
  };
}

/** Values of the order no app's cluster carries, with the values that do occur. */
function emptyGroups(
  appSet: string,
  order: RolloutOrder,
  empty: string[],
  targets: RolloutTarget[],
  labelOf: (cluster: string) => string | undefined,
): Problem {
  const present = [...new Set(targets.map((t) => labelOf(t.cluster)).filter((v) => v !== undefined))];
  const which = empty.map((v) => `${order.label}=${v}`).join(', ');
  return {
    code: 'rollout.empty-group',
    message: `No app of app set ${appSet} is on a cluster labelled ${which}: that group would be empty.`,
    hint:
      present.length > 0
        ? `Its clusters carry ${order.label}=${present.join(', ')}; list only those in --order.`
        : `None of its clusters has the label ${order.label}.`,
  };
}
