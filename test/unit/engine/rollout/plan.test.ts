/** `--order` and the groups of a rollout: by the cluster's label value, in the order's order, with the apps
 * left out named and empty groups refused. */
import { describe, expect, it } from 'vitest';
import {
  formatOrder,
  parseOrder,
  planRollout,
  type RolloutOrder,
} from '../../../../src/engine/rollout/index.js';
import { fleetOf } from './support.js';

function order(text: string): RolloutOrder {
  const r = parseOrder(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.value;
}

function orderProblems(text: string): string[] {
  const r = parseOrder(text);
  if (r.ok) throw new Error(`accepted ${text}`);
  expect(r.problems.every((p) => p.code === 'rollout.order' && p.hint?.includes('env=staging,prod'))).toBe(
    true,
  );
  return r.problems.map((p) => p.message);
}

describe('parseOrder', () => {
  it('reads the label and its values in order, and writes them back the same', () => {
    expect(order('env=staging,prod')).toEqual({ label: 'env', values: ['staging', 'prod'] });
    expect(order('topology.kubernetes.io/region=eu, us')).toEqual({
      label: 'topology.kubernetes.io/region',
      values: ['eu', 'us'],
    });
    expect(formatOrder(order('env=staging,prod'))).toBe('env=staging,prod');
  });

  it('refuses an order without "=", label or values, with empty or repeated values, or bad label syntax', () => {
    expect(orderProblems('env')).toEqual([expect.stringContaining('has no "="')]);
    expect(orderProblems('=a,b')).toEqual([expect.stringContaining('names no label')]);
    expect(orderProblems('env=')).toEqual([expect.stringContaining('lists no values')]);
    expect(orderProblems('env=a,,b')).toEqual([expect.stringContaining('empty value')]);
    expect(orderProblems('env=a,b,a')).toEqual([expect.stringContaining('a more than once')]);
    expect(orderProblems('Bad Label=a')).toEqual([expect.stringContaining('the label "Bad Label"')]);
    expect(orderProblems('env=a b')).toEqual([expect.stringContaining('the value "a b"')]);
  });
});

describe('planRollout', () => {
  const fleet = fleetOf();

  it('groups the apps by their cluster label in the order given, and names the apps left out', () => {
    const r = planRollout(fleet, 'web', order('env=staging,prod'));
    expect(r.ok && r.value).toEqual({
      appSet: 'web',
      order: { label: 'env', values: ['staging', 'prod'] },
      groups: [
        { value: 'staging', apps: [{ app: 'web-stg', cluster: 'stg' }] },
        {
          value: 'prod',
          apps: [
            { app: 'web-eu', cluster: 'eu' },
            { app: 'web-us', cluster: 'us' },
          ],
        },
      ],
      leftOut: [
        { app: 'web-dev', cluster: 'dev', reason: 'cluster dev has env=dev, which the order does not list' },
        { app: 'web-lab', cluster: 'lab', reason: 'cluster lab has no label env' },
      ],
    });
  });

  it('follows the order, not the fleet', () => {
    const r = planRollout(fleet, 'web', order('env=prod,dev,staging'));
    expect(r.ok && r.value.groups.map((g) => g.value)).toEqual(['prod', 'dev', 'staging']);
  });

  it('refuses a value no cluster of the app set carries, naming it and the values there are', () => {
    const r = planRollout(fleet, 'web', order('env=staging,qa'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'rollout.empty-group',
        message: expect.stringContaining('env=qa'),
        hint: expect.stringContaining('env=staging, prod, dev'),
      }),
    ]);
  });

  it('refuses an unknown app set naming the known ones, and an app set without apps', () => {
    const unknown = planRollout(fleet, 'wbe', order('env=prod'));
    expect(!unknown.ok && unknown.problems[0]).toMatchObject({
      code: 'rollout.unknown-app-set',
      message: 'The fleet has no app set named "wbe".',
      hint: 'Its app sets: web, none.',
    });
    const empty = planRollout(fleet, 'none', order('env=prod'));
    expect(!empty.ok && empty.problems[0]?.code).toBe('rollout.no-apps');
  });
});
