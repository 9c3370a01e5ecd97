import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/engine/cluster/deps.js';
import { problemFromNetworkError, problemFromResponse } from '../../../../src/engine/cluster/errors.js';
import type { ClusterStatus } from '../../../../src/engine/cluster/status.js';
import { StatusTracker, freshnessMs } from '../../../../src/engine/cluster/status.js';
import type { RawRequest, RawResponse } from '../../../../src/engine/cluster/transport.js';
import { FakeClock, settle } from './fake-clock.js';

const ctx = {
  cluster: 'c1',
  context: 'ctx-1',
  server: 'https://127.0.0.1:20143',
  method: 'GET',
  path: '/version',
};

/** A scripted server: `/version` answers with the next latency (or fails), access reviews with `allowed`. */
function setup(opts: { allowed?: boolean } = {}) {
  const clock = new FakeClock();
  const latencies: Array<number | Error> = [];
  const requests: RawRequest[] = [];
  let recovered = 0;
  const events: ClusterStatus[] = [];
  const tracker: StatusTracker = new StatusTracker({
    cluster: 'c1',
    context: 'ctx-1',
    server: ctx.server,
    clock,
    logger: silentLogger,
    probeIntervalMs: 10_000,
    request: async (req: RawRequest): Promise<RawResponse> => {
      requests.push(req);
      if (req.path === '/version') {
        const next = latencies.shift() ?? 5;
        if (next instanceof Error) {
          // As the transport does: a network failure is reported to the tracker, then thrown.
          if ((next as { status?: number }).status === undefined)
            tracker.recordContact({ ok: false, error: next as ReturnType<typeof problemFromNetworkError> });
          throw next;
        }
        tracker.recordContact({ ok: true, latencyMs: next, status: 200 });
        return {
          status: 200,
          headers: {},
          latencyMs: next,
          body: { major: '1', minor: '36', gitVersion: 'v1.36.3', platform: 'linux/amd64' },
        };
      }
      return {
        status: 201,
        headers: {},
        latencyMs: 1,
        body: {
          status: {
            allowed: opts.allowed ?? true,
            reason: opts.allowed === false ? 'no RBAC policy matched' : undefined,
          },
        },
      };
    },
    onRecovered: () => recovered++,
  });
  tracker.changes.on((s) => events.push(s));
  return { clock, tracker, latencies, requests, events, recovered: () => recovered };
}

describe('StatusTracker', () => {
  it('is unknown before the first probe, then reachable with version, latency and contact time', async () => {
    const { tracker, clock } = setup();
    expect(tracker.current.reachability).toBe('unknown');
    const s = await tracker.probe();
    expect(s).toMatchObject({
      reachability: 'reachable',
      version: { gitVersion: 'v1.36.3', major: '1', minor: '36' },
      latencyMs: 5,
      smoothedLatencyMs: 5,
      lastContactAt: clock.now(),
    });
    expect(s.problem).toBeUndefined();
  });

  it('smooths latency exponentially', async () => {
    const { tracker, latencies } = setup();
    latencies.push(10, 20, 20);
    await tracker.probe();
    await tracker.probe();
    expect(tracker.current.latencyMs).toBe(20);
    expect(tracker.current.smoothedLatencyMs).toBeCloseTo(13, 5);
    await tracker.probe();
    expect(tracker.current.smoothedLatencyMs).toBeCloseTo(15.1, 5);
  });

  it('probes every interval once started, and stops', async () => {
    const { tracker, clock, requests } = setup();
    tracker.start();
    await settle();
    const versionCalls = () => requests.filter((r) => r.path === '/version').length;
    expect(versionCalls()).toBe(1);
    await clock.advance(30_000);
    expect(versionCalls()).toBe(4);
    tracker.stop();
    await clock.advance(30_000);
    expect(versionCalls()).toBe(4);
  });

  it('turns unreachable with a plain-words problem, keeps freshness, and recovers', async () => {
    const { tracker, clock, latencies, recovered } = setup();
    tracker.start();
    await settle();
    const contact = tracker.current.lastContactAt!;
    latencies.push(
      problemFromNetworkError(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        ctx,
      ),
    );
    await clock.advance(10_000);
    const down = tracker.current;
    expect(down.reachability).toBe('unreachable');
    expect(down.problem?.message).toBe(
      'Cluster c1: cannot reach the API server at https://127.0.0.1:20143 (connection refused).',
    );
    expect(down.lastContactAt).toBe(contact);
    expect(freshnessMs(down, clock.now())).toBe(10_000);
    await clock.advance(10_000);
    const up = tracker.current;
    expect(up.reachability).toBe('reachable');
    expect(up.problem).toBeUndefined();
    expect(up.lastError?.code).toBe('cluster.unreachable');
    expect(recovered()).toBe(1);
    tracker.stop();
  });

  it('keeps a 401 on /version as the current problem while the server stays reachable', async () => {
    const { tracker, latencies } = setup();
    await tracker.probe();
    latencies.push(problemFromResponse(401, { kind: 'Status', reason: 'Unauthorized' }, ctx));
    await tracker.probe();
    expect(tracker.current.reachability).toBe('reachable');
    expect(tracker.current.problem?.code).toBe('cluster.unauthorized');
  });

  it('asks a SelfSubjectAccessReview whether the identity may patch, and caches the answer', async () => {
    const { tracker, requests, clock } = setup({ allowed: false });
    await tracker.probe();
    const review = requests.find((r) => r.path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(review?.method).toBe('POST');
    expect(review?.body).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: 'patch', group: 'apps', resource: 'deployments' } },
    });
    expect(tracker.current.canWrite).toBe(false);
    expect(tracker.current.canWriteReason).toBe(
      'context "ctx-1" may not patch deployments.apps in every namespace (no RBAC policy matched)',
    );
    await clock.advance(60_000);
    await tracker.probe();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    await clock.advance(10 * 60_000);
    await tracker.probe();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('announces status changes', async () => {
    const { tracker, events } = setup();
    await tracker.probe();
    expect(events.at(-1)?.reachability).toBe('reachable');
    expect(events.some((e) => e.canWrite === true)).toBe(true);
  });
});
