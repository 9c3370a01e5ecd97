/** The rollout loop over a scripted sync port: a group starts only when the previous one succeeded, the first
 * failure stops it after the group's running syncs end, nothing starts in later groups, Ctrl-C stops it. */
import { describe, expect, it } from 'vitest';
import {
  newRecord,
  planRollout,
  runRollout,
  type RolloutEvent,
  type RolloutPlan,
  type RolloutRecord,
} from '../../../../src/engine/rollout/index.js';
import { settle } from '../cluster/fake-clock.js';
import { ScriptedSyncs, failed, fleetOf, refused, succeeded } from './support.js';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

function plan(values: string[]): RolloutPlan {
  const r = planRollout(fleetOf(), 'web', { label: 'env', values });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.value;
}

/** Starts the loop over `values`; answers the syncs, the records it stored, the events and the end. */
function start(
  values: string[],
  opts: { signal?: AbortSignal; syncs?: ScriptedSyncs; concurrency?: number } = {},
) {
  const syncs = opts.syncs ?? new ScriptedSyncs();
  const records: RolloutRecord[] = [];
  const events: RolloutEvent[] = [];
  const p = plan(values);
  const initial = newRecord(p, { user: 'alice', host: 'ops-1', pid: 1 }, 'web-1', NOW);
  const done = runRollout(
    {
      sync: syncs.port,
      onRecord: (r) => records.push(r),
      emit: (e) => events.push(e),
      now: () => NOW + 60_000,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    },
    p,
    initial,
    {
      order: p.order,
      sync: { prune: true, timeoutMs: 30_000 },
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
  );
  return { syncs, records, events, done };
}

const states = (r: RolloutRecord) =>
  r.groups.map((g) => `${g.value}:${g.phase}[${g.apps.map((a) => a.state).join(',')}]`);

describe('runRollout', () => {
  it('starts a group only once every app of the previous one succeeded, all of a group at once', async () => {
    const { syncs, done, events } = start(['staging', 'prod']);
    await settle();
    expect(syncs.apps).toEqual(['web-stg']);
    await syncs.end('web-stg', succeeded('web-stg'));
    expect(syncs.apps).toEqual(['web-stg', 'web-eu', 'web-us']);
    await syncs.end('web-us', succeeded('web-us'));
    await syncs.end('web-eu', succeeded('web-eu'));
    const final = await done;
    expect(final.phase).toBe('Succeeded');
    expect(states(final)).toEqual(['staging:Succeeded[Succeeded]', 'prod:Succeeded[Succeeded,Succeeded]']);
    expect(final.groups[1]?.apps[0]).toMatchObject({ app: 'web-eu', operation: 'web-eu-op' });
    expect(events.filter((e) => e.type === 'group').map((e) => e.type === 'group' && e.group.value)).toEqual([
      'staging',
      'prod',
    ]);
  });

  it("syncs each app waiting for health, with the rollout's prune and timeout, never a dry run", async () => {
    const { syncs, done } = start(['staging']);
    await settle();
    await syncs.end('web-stg', succeeded('web-stg'));
    await done;
    expect(syncs.started[0]?.request).toMatchObject({
      prune: true,
      timeoutMs: 30_000,
      wait: true,
      dryRun: false,
      waitLock: false,
      kind: 'sync',
    });
  });

  it('stops at the first failure once the group has ended, and starts nothing in later groups', async () => {
    const { syncs, done, records } = start(['prod', 'staging', 'dev']);
    await settle();
    expect(syncs.apps).toEqual(['web-eu', 'web-us']);
    await syncs.end('web-eu', failed('web-eu', 'timed out after 30s while waiting for Deployment web/api'));
    // The group's other sync runs on: the rollout waits for it before it ends.
    expect(records.at(-1)?.phase).toBe('Running');
    await syncs.end('web-us', succeeded('web-us'));
    const final = await done;
    expect(syncs.apps).toEqual(['web-eu', 'web-us']);
    expect(final.phase).toBe('Failed');
    expect(final.stoppedAt).toEqual({ group: 'prod', app: 'web-eu', cluster: 'eu' });
    expect(final.message).toBe(
      'stopped at group env=prod: app web-eu on cluster eu failed: timed out after 30s while waiting for Deployment web/api',
    );
    expect(states(final)).toEqual([
      'prod:Failed[Failed,Succeeded]',
      'staging:NotStarted[NotStarted]',
      'dev:NotStarted[NotStarted]',
    ]);
    expect(final.finishedAt).toBe(new Date(NOW + 60_000).toISOString());
  });

  it('counts a refused sync as a failure of its app, with the refusal as the reason', async () => {
    const { syncs, done } = start(['staging', 'prod']);
    await settle();
    await syncs.end('web-stg', refused('Cluster stg cannot be reached: nothing was synced.'));
    const final = await done;
    expect(syncs.apps).toEqual(['web-stg']);
    expect(final.phase).toBe('Failed');
    expect(final.groups[0]?.apps[0]).toMatchObject({
      state: 'Refused',
      message: 'Cluster stg cannot be reached: nothing was synced.',
    });
    expect(final.message).toContain('app web-stg on cluster stg was refused: Cluster stg cannot be reached');
  });

  it('starts no further sync of a group after a failure when the group runs in batches', async () => {
    const { syncs, done } = start(['prod'], { concurrency: 1 });
    await settle();
    expect(syncs.apps).toEqual(['web-eu']);
    await syncs.end('web-eu', failed('web-eu', 'boom'));
    const final = await done;
    expect(syncs.apps).toEqual(['web-eu']);
    expect(states(final)).toEqual(['prod:Failed[Failed,NotStarted]']);
  });

  it('on Ctrl-C stops the running syncs through their signal, starts nothing more and ends Stopped', async () => {
    const controller = new AbortController();
    const syncs = new ScriptedSyncs((app) => failed(app, 'cancelled while waiting for Deployment web/api'));
    const { done } = start(['staging', 'prod'], { signal: controller.signal, syncs });
    await settle();
    expect(syncs.started[0]?.request.signal).toBe(controller.signal);
    controller.abort();
    const final = await done;
    expect(syncs.apps).toEqual(['web-stg']);
    expect(final.phase).toBe('Stopped');
    expect(final.stoppedAt).toEqual({ group: 'staging', app: 'web-stg', cluster: 'stg' });
    expect(states(final)).toEqual(['staging:Failed[Failed]', 'prod:NotStarted[NotStarted,NotStarted]']);
  });

  it('on Ctrl-C between two groups starts the next one not at all', async () => {
    const controller = new AbortController();
    const { syncs, done } = start(['staging', 'prod'], { signal: controller.signal });
    await settle();
    controller.abort();
    await syncs.end('web-stg', succeeded('web-stg'));
    const final = await done;
    expect(syncs.apps).toEqual(['web-stg']);
    expect(final.phase).toBe('Stopped');
    expect(final.message).toBe('stopped before group env=prod');
    expect(states(final)).toEqual(['staging:Succeeded[Succeeded]', 'prod:NotStarted[NotStarted,NotStarted]']);
  });

  it('stores the record at every change of an app', async () => {
    const { syncs, done, records } = start(['staging']);
    await settle();
    await syncs.end('web-stg', succeeded('web-stg'));
    await done;
    expect(records.map((r) => r.groups[0]?.apps[0]?.state)).toEqual(['Syncing', 'Succeeded']);
  });
});
