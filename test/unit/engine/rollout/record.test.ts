/** The rollout record as data: built from a plan, changed per app, ended, and read back from untrusted text. */
import { describe, expect, it } from 'vitest';
import {
  asRead,
  finishRecord,
  groupPhase,
  newRecord,
  parseRollout,
  planRollout,
  withApp,
  type RolloutAppState,
  type RolloutRecord,
} from '../../../../src/engine/rollout/index.js';
import { fleetOf } from './support.js';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

function record(): RolloutRecord {
  const plan = planRollout(fleetOf(), 'web', { label: 'env', values: ['staging', 'prod'] });
  if (!plan.ok) throw new Error('no plan');
  return newRecord(plan.value, { user: 'alice', host: 'ops-1', pid: 1 }, 'web-1', NOW);
}

const phaseOf = (...states: RolloutAppState[]) => groupPhase(states.map((state) => ({ state })));

describe('rollout record', () => {
  it('starts Running with every app Waiting, the left-out apps named', () => {
    const r = record();
    expect(r).toMatchObject({
      id: 'web-1',
      appSet: 'web',
      phase: 'Running',
      startedAt: '2026-12-03T12:00:00.000Z',
    });
    expect(r.groups.map((g) => [g.value, g.phase, g.apps.map((a) => a.state)])).toEqual([
      ['staging', 'Waiting', ['Waiting']],
      ['prod', 'Waiting', ['Waiting', 'Waiting']],
    ]);
    expect(r.leftOut.map((l) => l.app)).toEqual(['web-dev', 'web-lab']);
  });

  it('changes one app and its group only', () => {
    const r = withApp(
      record(),
      { app: 'web-eu', cluster: 'eu' },
      { state: 'Failed', message: 'boom', operation: 'op-1' },
    );
    expect(r.groups[0]?.phase).toBe('Waiting');
    expect(r.groups[1]?.phase).toBe('Failed');
    expect(r.groups[1]?.apps).toEqual([
      { app: 'web-eu', cluster: 'eu', state: 'Failed', message: 'boom', operation: 'op-1' },
      { app: 'web-us', cluster: 'us', state: 'Waiting' },
    ]);
  });

  it('names a group by its apps: any failure fails it, all done succeeds it, a cut-short one is Stopped', () => {
    expect(phaseOf('Succeeded', 'Refused')).toBe('Failed');
    expect(phaseOf('Succeeded', 'Succeeded')).toBe('Succeeded');
    expect(phaseOf('Succeeded', 'Syncing')).toBe('Running');
    expect(phaseOf('Succeeded', 'Waiting')).toBe('Running');
    expect(phaseOf('Waiting', 'Waiting')).toBe('Waiting');
    expect(phaseOf('NotStarted')).toBe('NotStarted');
    expect(phaseOf('Succeeded', 'NotStarted')).toBe('Stopped');
  });

  it('ends with every app not reached marked NotStarted, and where it stopped', () => {
    const running = withApp(record(), { app: 'web-stg', cluster: 'stg' }, { state: 'Failed', message: 'x' });
    const end = finishRecord(
      running,
      {
        phase: 'Failed',
        message: 'stopped at group env=staging',
        stoppedAt: { group: 'staging', app: 'web-stg' },
      },
      NOW + 5_000,
    );
    expect(end).toMatchObject({
      phase: 'Failed',
      finishedAt: '2026-12-03T12:00:05.000Z',
      stoppedAt: { group: 'staging' },
    });
    expect(end.groups[1]).toMatchObject({
      phase: 'NotStarted',
      apps: [{ state: 'NotStarted' }, { state: 'NotStarted' }],
    });
  });

  it('reads back what it wrote, and nothing from text that lacks the fields others rely on', () => {
    const r = record();
    expect(parseRollout(JSON.stringify(r))).toEqual(r);
    expect(parseRollout(undefined)).toBeUndefined();
    expect(parseRollout('{not json')).toBeUndefined();
    expect(parseRollout('[]')).toBeUndefined();
    expect(parseRollout(JSON.stringify({ ...r, phase: 'Exploded' }))).toBeUndefined();
    expect(parseRollout(JSON.stringify({ ...r, initiator: 'alice' }))).toBeUndefined();
    expect(
      parseRollout(JSON.stringify({ ...r, groups: [{ value: 'a', apps: [{ app: 1 }] }] })),
    ).toBeUndefined();
  });

  it('reads a Running record as Interrupted once its heartbeat is older than the stale limit', () => {
    const r = record();
    expect(asRead(r, NOW + 90_000, 90_000).phase).toBe('Running');
    expect(asRead(r, NOW + 90_001, 90_000)).toMatchObject({ phase: 'Interrupted' });
    const done = finishRecord(r, { phase: 'Succeeded' }, NOW);
    expect(asRead(done, NOW + 10 * 90_000, 90_000).phase).toBe('Succeeded');
  });
});
