/** A rollout from request to record against in-memory API servers: the record on every cluster of the
 * rollout, refusal while another runs, a vanished one replaced, the heartbeat, failed writes as warnings. */
import { describe, expect, it } from 'vitest';
import {
  readRollout,
  readRolloutOf,
  startRollout,
  writeRollout,
  type RolloutCluster,
  type RolloutDeps,
  type RolloutEvent,
  type RolloutOutcome,
  type RolloutRecord,
} from '../../../../src/engine/rollout/index.js';
import { FakeClock, settle } from '../cluster/fake-clock.js';
import { FakeLockApi } from '../sync/fake-lock-api.js';
import { FLEET_YAML, ScriptedSyncs, failed, fleetOf, succeeded } from './support.js';

const CLUSTERS = ['stg', 'eu', 'us', 'dev', 'lab'] as const;
const LEASE_SECONDS = 30;
const ME = { user: 'alice', host: 'ops-1', pid: 7 };

/** One in-memory API server per fleet cluster. */
function apis(): Record<string, FakeLockApi> {
  return Object.fromEntries(CLUSTERS.map((c) => [c, new FakeLockApi()]));
}

function clusterOf(api: FakeLockApi, name: string): RolloutCluster {
  return {
    name,
    kubeconfigUser: undefined,
    request: (req) => api.request(req),
    requestJson: (method, path, options) => api.requestJson(method, path, options),
  };
}

function setUp(opts: { readOnly?: boolean; fleet?: string } = {}) {
  const servers = apis();
  const clock = new FakeClock();
  const syncs = new ScriptedSyncs();
  const events: RolloutEvent[] = [];
  const deps: RolloutDeps = {
    fleet: opts.fleet ? fleetOf(opts.fleet) : fleetOf(),
    cluster: (name) => clusterOf(servers[name]!, name),
    readOnly: opts.readOnly === true,
    sync: syncs.port,
    clock,
    leaseSeconds: LEASE_SECONDS,
    emit: (e) => events.push(e),
    initiator: ME,
  };
  const run = (values = ['staging', 'prod']): Promise<RolloutOutcome> =>
    startRollout(deps, 'web', { order: { label: 'env', values }, sync: { prune: false } });
  const stored = async (cluster: string): Promise<RolloutRecord | undefined> =>
    (await readRollout(clusterOf(servers[cluster]!, cluster), 'web'))?.record;
  return { servers, clock, syncs, events, deps, run, stored };
}

const writes = (api: FakeLockApi) => api.log.filter((l) => !l.startsWith('GET'));

/** A Running record of another operator's rollout, written `ageMs` before the clock's now. */
function otherRollout(clock: FakeClock, ageMs: number): RolloutRecord {
  const at = new Date(clock.now() - ageMs).toISOString();
  return {
    id: 'web-other',
    appSet: 'web',
    order: { label: 'env', values: ['staging', 'prod'] },
    initiator: { user: 'bob', host: 'ops-2', pid: 9 },
    startedAt: at,
    heartbeatAt: at,
    phase: 'Running',
    groups: [
      { value: 'staging', phase: 'Running', apps: [{ app: 'web-stg', cluster: 'stg', state: 'Syncing' }] },
    ],
    leftOut: [],
  };
}

describe('startRollout', () => {
  it('keeps the record on every cluster of the rollout while it runs, and its end', async () => {
    const t = setUp();
    const outcome = t.run();
    await settle();
    for (const c of ['stg', 'eu', 'us']) {
      const r = await t.stored(c);
      expect(r?.phase, c).toBe('Running');
      expect(r?.initiator).toEqual(ME);
      expect(r?.groups[0]?.apps[0]).toMatchObject({ app: 'web-stg', state: 'Syncing' });
    }
    // Clusters whose apps the order leaves out are no part of the rollout.
    expect(writes(t.servers.dev!)).toEqual([]);
    expect(writes(t.servers.lab!)).toEqual([]);

    await t.syncs.end('web-stg', succeeded('web-stg'));
    await t.syncs.end('web-eu', failed('web-eu', 'timed out'));
    await t.syncs.end('web-us', succeeded('web-us'));
    const end = await outcome;
    expect(end.started && end.record.phase).toBe('Failed');
    for (const c of ['stg', 'eu', 'us']) {
      const r = await t.stored(c);
      expect(r?.phase, c).toBe('Failed');
      expect(r?.stoppedAt).toEqual({ group: 'prod', app: 'web-eu', cluster: 'eu' });
      expect(r?.groups.map((g) => g.phase)).toEqual(['Succeeded', 'Failed']);
    }
    expect(t.events.map((e) => e.type)).toContain('started');
    expect(t.events.at(-1)?.type).toBe('done');
  });

  it('refuses while another rollout of the app set runs with a fresh heartbeat, naming who and since when', async () => {
    const t = setUp();
    await writeRollout(clusterOf(t.servers.eu!, 'eu'), otherRollout(t.clock, 10_000), undefined);
    const before = t.servers.stg!.log.length;
    const outcome = await t.run();
    expect(outcome.started).toBe(false);
    if (outcome.started) return;
    expect(outcome.problems[0]?.code).toBe('rollout.running');
    expect(outcome.problems[0]?.message).toContain('web-other, started by bob@ops-2 at');
    expect(outcome.running?.id).toBe('web-other');
    expect(t.syncs.apps).toEqual([]);
    expect(writes(t.servers.stg!).length).toBe(0);
    expect(t.servers.stg!.log.length).toBeGreaterThan(before);
  });

  it('replaces a Running record whose heartbeat stopped long ago, and reports it as interrupted', async () => {
    const t = setUp();
    await writeRollout(
      clusterOf(t.servers.stg!, 'stg'),
      otherRollout(t.clock, 3 * LEASE_SECONDS * 1000 + 1),
      undefined,
    );
    const outcome = t.run(['staging']);
    await settle();
    await t.syncs.end('web-stg', succeeded('web-stg'));
    const end = await outcome;
    expect(end.started && end.interrupted).toMatchObject({ id: 'web-other', phase: 'Interrupted' });
    expect(t.events.some((e) => e.type === 'interrupted')).toBe(true);
    expect((await t.stored('stg'))?.id).not.toBe('web-other');
  });

  it('of two rollouts started at the same moment, the one that writes second does not start', async () => {
    const t = setUp();
    const stg = t.servers.stg!;
    const original = stg.requestJson;
    let raced = false;
    // Another operator's claim lands between this rollout's read and its first write.
    stg.requestJson = async (method, path, options) => {
      if (!raced && method !== 'GET' && path.includes('configmaps')) {
        raced = true;
        await writeRollout(clusterOf(t.servers.stg!, 'stg'), otherRollout(t.clock, 0), undefined).catch(
          () => undefined,
        );
        stg.requestJson = original;
      }
      return original(method, path, options);
    };
    const outcome = await t.run();
    expect(outcome.started).toBe(false);
    expect(!outcome.started && outcome.problems[0]?.code).toBe('rollout.running');
    expect(t.syncs.apps).toEqual([]);
    expect((await t.stored('stg'))?.id).toBe('web-other');
  });

  it('losing the race on a later cluster ends the copies it had already claimed as Stopped', async () => {
    const t = setUp();
    const eu = t.servers.eu!;
    const original = eu.requestJson;
    eu.requestJson = async (method, path, options) => {
      if (method !== 'GET' && path.includes('configmaps')) {
        eu.requestJson = original;
        await writeRollout(clusterOf(eu, 'eu'), otherRollout(t.clock, 0), undefined);
      }
      return original(method, path, options);
    };
    const outcome = await t.run();
    expect(!outcome.started && outcome.running?.id).toBe('web-other');
    expect(t.syncs.apps).toEqual([]);
    const mine = await t.stored('stg');
    expect(mine?.phase).toBe('Stopped');
    expect(mine?.message).toContain('did not start: rollout web-other of bob@ops-2 started at the same time');
    expect((await t.stored('eu'))?.id).toBe('web-other');
    expect(writes(t.servers.us!)).toEqual([]);
  });

  it('rewrites the record on a heartbeat while an app syncs, so others see it alive', async () => {
    const t = setUp();
    const outcome = t.run(['staging']);
    await settle();
    const first = (await t.stored('stg'))?.heartbeatAt;
    await t.clock.advance((LEASE_SECONDS * 1000) / 3);
    const second = (await t.stored('stg'))?.heartbeatAt;
    expect(Date.parse(second!) - Date.parse(first!)).toBe((LEASE_SECONDS * 1000) / 3);
    await t.syncs.end('web-stg', succeeded('web-stg'));
    await outcome;
    expect(t.clock.pending).toBe(0);
  });

  it('goes on when the record cannot be written on one cluster, and warns once', async () => {
    const t = setUp();
    t.servers.eu!.failWith = (req) => (req.method === 'GET' ? undefined : 403);
    const outcome = t.run();
    await settle();
    await t.syncs.end('web-stg', succeeded('web-stg'));
    await t.syncs.end('web-eu', succeeded('web-eu'));
    await t.syncs.end('web-us', succeeded('web-us'));
    const end = await outcome;
    expect(end.started && end.record.phase).toBe('Succeeded');
    const warnings = end.started ? end.warnings : [];
    expect(warnings.map((w) => w.code)).toEqual(['rollout.record-write-failed']);
    expect(warnings[0]?.message).toContain('cluster eu');
    expect((await t.stored('us'))?.phase).toBe('Succeeded');
  });

  it('ends the record Failed when the loop throws, rather than leave it Running', async () => {
    const t = setUp();
    t.deps.emit = (e) => {
      if (e.type === 'group') throw new Error('a listener broke');
    };
    const end = await t.run();
    expect(end.started && end.record.phase).toBe('Failed');
    expect(end.started && end.record.message).toContain('a listener broke');
    expect((await t.stored('stg'))?.phase).toBe('Failed');
    expect(t.syncs.apps).toEqual([]);
  });

  it('refuses in read-only mode before reading or writing anything', async () => {
    const t = setUp({ readOnly: true });
    const outcome = await t.run();
    expect(!outcome.started && outcome.problems[0]?.code).toBe('rollout.read-only');
    expect(Object.values(t.servers).flatMap((s) => s.log)).toEqual([]);
  });

  it('keeps no record on a cluster that is read-only in the fleet file', async () => {
    const t = setUp({
      fleet: FLEET_YAML.replace(
        '{ name: stg, context: c1, labels: { env: staging } }',
        '{ name: stg, context: c1, labels: { env: staging }, readOnly: true }',
      ),
    });
    const outcome = t.run();
    await settle();
    // The scripted sync stands in for the engine's, which refuses on a read-only cluster.
    await t.syncs.end('web-stg', failed('web-stg', 'read-only'));
    await outcome;
    expect(writes(t.servers.stg!)).toEqual([]);
    expect((await t.stored('eu'))?.phase).toBe('Failed');
  });
});

describe('readRolloutOf', () => {
  it('reads the record from the first cluster of the app set that has one; a vanished rollout reads Interrupted', async () => {
    const t = setUp();
    await writeRollout(clusterOf(t.servers.eu!, 'eu'), otherRollout(t.clock, 10_000), undefined);
    const fresh = await readRolloutOf(t.deps, 'web');
    expect(fresh.ok && fresh.value?.phase).toBe('Running');
    await t.clock.advance(3 * LEASE_SECONDS * 1000);
    const stale = await readRolloutOf(t.deps, 'web');
    expect(stale.ok && stale.value?.phase).toBe('Interrupted');
    expect(stale.ok && stale.value?.message).toContain('(bob@ops-2) has not written since');
  });

  it('answers nothing when no cluster has a record, and a problem for an unknown app set or when none answers', async () => {
    const t = setUp();
    expect(await readRolloutOf(t.deps, 'web')).toEqual({ ok: true, value: undefined });
    const unknown = await readRolloutOf(t.deps, 'nope');
    expect(!unknown.ok && unknown.problems[0]?.code).toBe('rollout.unknown-app-set');
    for (const s of Object.values(t.servers)) s.failWith = () => 503;
    const down = await readRolloutOf(t.deps, 'web');
    expect(!down.ok && down.problems[0]?.code).toBe('rollout.unreadable');
  });
});
