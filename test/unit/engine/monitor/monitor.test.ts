/** The monitor's loop with fakes for what the test bed cannot stage cheaply: the debounce, a re-run
 * while dirty, unreachable → reachable transitions, stale answers, and failures caught per app. */
import { describe, expect, it } from 'vitest';
import { FleetMonitor } from '../../../../src/engine/monitor/index.js';
import { FakeCluster, FakeDesired, MonitorFakeClock, fleetWith, gate, recorder, settle } from './fakes.js';

function setup(apps: string[] = ['shop']) {
  const fleet = fleetWith(apps);
  const cluster = new FakeCluster();
  for (const app of apps) cluster.setLive(app, '1');
  const desired = new FakeDesired();
  const clock = new MonitorFakeClock();
  const monitor = new FleetMonitor({
    fleet,
    desired,
    clusters: new Map([['one', cluster]]),
    readOnly: false,
    debounceMs: 300,
    resyncMs: 60_000,
    clock,
  });
  const events = recorder();
  monitor.on(events.listen);
  return { monitor, cluster, desired, clock, events };
}

/** Starts the monitor and lets the first refresh finish. */
async function started(s: ReturnType<typeof setup>) {
  s.monitor.start();
  await settle();
  return s;
}

describe('the fleet monitor', () => {
  it('compares each app once it starts: Synced when live matches Git, OutOfSync when it does not', async () => {
    const s = setup(['shop', 'cart']);
    s.cluster.setLive('cart', 'edited by hand');
    await started(s);
    expect(s.events.apps('shop').at(-1)).toMatchObject({ sync: 'Synced', sha: 'a'.repeat(40) });
    expect(s.events.apps('cart').at(-1)).toMatchObject({ sync: 'OutOfSync', driftCount: 1 });
    s.monitor.stop();
  });

  it('recompares an app once after a burst of watch events, when the burst has been quiet for the debounce time', async () => {
    const s = await started(setup());
    const before = s.desired.renders;
    s.cluster.touch('shop');
    await s.clock.advance(100);
    s.cluster.touch('shop');
    await s.clock.advance(100);
    s.cluster.touch('shop');
    await s.clock.advance(299);
    expect(s.desired.renders).toBe(before);
    await s.clock.advance(1);
    expect(s.desired.renders).toBe(before + 1);
    s.monitor.stop();
  });

  it('ignores watch events about objects of apps it does not know', async () => {
    const s = await started(setup());
    const before = s.desired.renders;
    s.cluster.touch('someone-else');
    await s.clock.advance(1000);
    expect(s.desired.renders).toBe(before);
    s.monitor.stop();
  });

  it('runs an app once more when asked again during a run, and only once however often it was asked', async () => {
    const s = await started(setup());
    const held = gate();
    s.desired.behaviour.set('shop', { hold: held.promise });
    const before = s.desired.renders;
    const first = s.monitor.refresh({ app: 'shop' });
    await settle();
    s.cluster.setLive('shop', 'drifted');
    void s.monitor.refresh({ app: 'shop' });
    void s.monitor.refresh({ app: 'shop' });
    s.desired.behaviour.delete('shop');
    held.open();
    await first;
    await settle();
    expect(s.desired.renders).toBe(before + 2);
    // The re-run saw the change made during the first run.
    expect(s.events.apps('shop').at(-1)).toMatchObject({ sync: 'OutOfSync' });
    s.monitor.stop();
  });

  it('marks the apps of an unreachable cluster Unknown with the reason, and recompares them when it is back', async () => {
    const s = await started(setup());
    s.cluster.setReachable(false);
    expect(s.events.apps('shop').at(-1)).toMatchObject({
      sync: 'Unknown',
      health: 'Unknown',
      healthMessage: 'connection refused by one',
    });
    s.cluster.setReachable(true);
    await settle();
    expect(s.events.apps('shop').at(-1)).toMatchObject({ sync: 'Synced' });
  });

  it('drops a comparison that finishes after its cluster went away, so Unknown is not overwritten by an old answer', async () => {
    const s = await started(setup());
    const held = gate();
    s.cluster.listHold = held.promise;
    const run = s.monitor.refresh({ app: 'shop' });
    await settle();
    s.cluster.setReachable(false);
    s.cluster.listHold = undefined;
    held.open();
    await run;
    await settle();
    expect(s.events.apps('shop').at(-1)).toMatchObject({ sync: 'Unknown' });
    s.monitor.stop();
  });

  it('turns an app whose status cannot be worked out Unknown with the reason, and carries on with the others', async () => {
    const s = setup(['broken', 'fine']);
    s.desired.behaviour.set('broken', 'throw');
    await started(s);
    const broken = s.events.apps('broken').at(-1);
    expect(broken).toMatchObject({ sync: 'Unknown', health: 'Unknown' });
    expect(broken?.healthMessage).toContain('renderer crashed on broken');
    expect(s.events.apps('fine').at(-1)).toMatchObject({ sync: 'Synced' });
    // The periodic resync still runs, and the app recovers once it can be rendered.
    s.desired.behaviour.delete('broken');
    await s.clock.advance(60_000);
    expect(s.events.apps('broken').at(-1)).toMatchObject({ sync: 'Synced' });
    s.monitor.stop();
  });

  it('reports an app whose commit time cannot be read, without its age', async () => {
    const s = setup();
    s.desired.commitInfoFails = true;
    await started(s);
    const shop = s.events.apps('shop').at(-1);
    expect(shop).toMatchObject({ sync: 'Synced' });
    expect(shop?.commitTime).toBeUndefined();
    s.monitor.stop();
  });

  it('keeps a failed repo poll or cluster probe from escaping as an unhandled rejection', async () => {
    const s = await started(setup());
    s.cluster.probe = () => Promise.reject(new Error('probe exploded'));
    await expect(s.monitor.refresh({ cluster: 'one' })).rejects.toThrow('probe exploded');
    s.desired.newRefresh = () => {
      throw new Error('cache gone');
    };
    await s.clock.advance(3_600_000);
    expect(s.events.logs().some((m) => m.includes('cache gone'))).toBe(true);
    s.monitor.stop();
  });
});
