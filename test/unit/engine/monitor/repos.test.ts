/** Repos are never stale silently: the monitor reports each repo's last good poll, its last error and
 * how many polls failed in a row, and its recovery. */
import { describe, expect, it } from 'vitest';
import type { PollResult } from '../../../../src/engine/git/index.js';
import { FleetMonitor, type RepoSummary } from '../../../../src/engine/monitor/index.js';
import { FakeCluster, FakeDesired, MonitorFakeClock, fleetWith, recorder, settle } from './fakes.js';

const SHA = 'a'.repeat(40);

function setup() {
  const fleet = fleetWith(['shop'], [{ name: 'deploy', pollInterval: '5s' }]);
  const cluster = new FakeCluster();
  cluster.setLive('shop', '1');
  const desired = new FakeDesired(SHA);
  const clock = new MonitorFakeClock();
  const monitor = new FleetMonitor({
    fleet,
    desired,
    clusters: new Map([['one', cluster]]),
    readOnly: false,
    clock,
  });
  const events = recorder();
  monitor.on(events.listen);
  const repos = () => events.events.flatMap((e) => (e.type === 'repo' ? [e.repo] : []));
  return { monitor, desired, clock, events, repos, last: (): RepoSummary | undefined => repos().at(-1) };
}

const unreachable: PollResult = {
  revision: 'main',
  sha: SHA,
  moved: false,
  rewritten: false,
  errors: [{ code: 'git.unreachable', message: 'Repo deploy cannot be reached: connection refused.' }],
  warnings: [],
};

describe('repo summaries from the monitor', () => {
  it('announces each repo before any poll, then its tip and the time of the poll', async () => {
    const s = setup();
    s.monitor.start();
    expect(s.repos()[0]).toEqual({ name: 'deploy', url: '/srv/deploy', tips: {}, failures: 0 });
    await settle();
    expect(s.last()).toEqual({
      name: 'deploy',
      url: '/srv/deploy',
      tips: { main: SHA },
      lastPolled: s.clock.now(),
      failures: 0,
    });
    s.monitor.stop();
  });

  it('counts failed polls in a row with the last error, keeps the last good poll time, and shows the recovery', async () => {
    const s = setup();
    s.monitor.start();
    await settle();
    const goodAt = s.clock.now();
    s.desired.polls.set('deploy', unreachable);
    await s.clock.advance(5000);
    expect(s.last()).toMatchObject({ failures: 1, lastPolled: goodAt, tips: { main: SHA } });
    expect(s.last()?.lastError?.message).toContain('connection refused');
    await s.clock.advance(5000);
    expect(s.last()).toMatchObject({ failures: 2, lastPolled: goodAt });

    s.desired.polls.delete('deploy');
    await s.clock.advance(5000);
    expect(s.last()).toMatchObject({ failures: 0, lastPolled: s.clock.now() });
    expect(s.last()).not.toHaveProperty('lastError');
    s.monitor.stop();
  });

  it('reports a poll that throws as a failure in plain words', async () => {
    const s = setup();
    s.desired.polls.set('deploy', new Error('socket hang up'));
    s.monitor.start();
    await settle();
    expect(s.last()).toMatchObject({ failures: 1, tips: {} });
    expect(s.last()).not.toHaveProperty('lastPolled');
    expect(s.last()?.lastError?.message).toBe('Repo deploy could not be polled: socket hang up');
    s.monitor.stop();
  });
});
