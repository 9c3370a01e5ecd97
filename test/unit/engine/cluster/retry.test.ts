/** Retries of reads and dry runs, against a scripted API server on 127.0.0.1, on a fake clock. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../../../src/engine/cluster/client.js';
import type { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import { defaultRetry, parseRetryAfter, retryDelay } from '../../../../src/engine/cluster/retry.js';
import { RequestBudget, defaultThrottle } from '../../../../src/engine/cluster/budget.js';
import { silentLogger } from '../../../../src/engine/cluster/deps.js';
import { KubeTransport } from '../../../../src/engine/cluster/transport.js';
import { FakeClock } from './fake-clock.js';

/** One scripted answer: a status with headers, or a connection cut without an answer. */
type Answer = { status: number; headers?: Record<string, string> } | 'reset';

let server: http.Server;
let port: number;
/** Answers still to give, per "METHOD path"; once used up, requests get 200. */
const script = new Map<string, Answer[]>();
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const key = `${req.method} ${path}`;
      seen.push(key);
      const answer = script.get(key)?.shift() ?? { status: 200 };
      if (answer === 'reset') return req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(
        JSON.stringify(
          answer.status < 300
            ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'web' } }
            : { kind: 'Status', code: answer.status, message: 'not now' },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const clients: ClusterClient[] = [];
afterEach(async () => {
  script.clear();
  seen.length = 0;
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

const objectPath = '/api/v1/namespaces/web/configmaps/a';

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'admin', token: 'tok-0123456789' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'admin' }],
    currentContext: 'fake',
  });
  return kc;
}

function client(clock: FakeClock): ClusterClient {
  const c = new ClusterClient({ context: 'fake', kubeConfig: kubeConfig(), clock });
  clients.push(c);
  return c;
}

/** Polls (real time, bounded) until `check` holds: the loopback server answers on its own schedule. */
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the request sleeps before a retry, checks how long it asked for, and lets that time pass. */
async function expectRetryAfter(clock: FakeClock, requests: number, delayMs: number): Promise<void> {
  await until(
    `request ${requests} and a ${delayMs} ms wait`,
    () => seen.length === requests && clock.nextDelay() === delayMs,
  );
  await clock.advance(delayMs);
}

const get = (c: ClusterClient) => c.requestJson('GET', objectPath);
const dryRunPatch = (c: ClusterClient, dryRun: boolean) =>
  c.requestJson('PATCH', objectPath, {
    query: { fieldManager: 'flotilla', dryRun: dryRun ? 'All' : undefined },
    contentType: 'application/apply-patch+yaml',
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'web' } },
  });

describe('retries of reads and dry runs', () => {
  it('honours Retry-After in seconds on a 429, then answers', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    script.set(`GET ${objectPath}`, [{ status: 429, headers: { 'retry-after': '2' } }]);
    const answer = get(c);
    await expectRetryAfter(clock, 1, 2_000);
    await expect(answer).resolves.toMatchObject({ kind: 'ConfigMap' });
    expect(seen).toEqual([`GET ${objectPath}`, `GET ${objectPath}`]);
  });

  it("slows the cluster's request budget on a 429, and lets it recover once the server stops throttling", async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget({ qps: 20, burst: 40 }, clock);
    const transport = new KubeTransport(kubeConfig(), {
      cluster: 'fake',
      context: 'fake',
      clock,
      logger: silentLogger,
      budget,
    });
    try {
      script.set(`GET ${objectPath}`, [{ status: 429, headers: { 'retry-after': '1' } }]);
      const answer = transport.request({ method: 'GET', path: objectPath });
      await expectRetryAfter(clock, 1, 1_000);
      await answer;
      expect(budget.currentQps()).toBe(10);
      await clock.advance(defaultThrottle.recoveryMs);
      expect(budget.currentQps()).toBe(20);
    } finally {
      budget.close();
      transport.close();
    }
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    script.set(`GET ${objectPath}`, [
      { status: 503, headers: { 'retry-after': new Date(clock.now() + 3_000).toUTCString() } },
    ]);
    const answer = get(c);
    await expectRetryAfter(clock, 1, 3_000);
    await expect(answer).resolves.toMatchObject({ kind: 'ConfigMap' });
  });

  it('retries a dry-run PATCH after 502 and 504 with a doubling wait when the server names none', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    script.set(`PATCH ${objectPath}`, [{ status: 502 }, { status: 504 }]);
    const answer = dryRunPatch(c, true);
    await expectRetryAfter(clock, 1, 500);
    await expectRetryAfter(clock, 2, 1_000);
    await expect(answer).resolves.toMatchObject({ kind: 'ConfigMap' });
    expect(seen).toHaveLength(3);
  });

  it('retries a read whose connection was reset before any answer', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    script.set(`GET ${objectPath}`, ['reset']);
    const answer = get(c);
    await expectRetryAfter(clock, 1, 500);
    await expect(answer).resolves.toMatchObject({ kind: 'ConfigMap' });
  });

  it('never repeats a real write, whatever the answer', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    script.set(`PATCH ${objectPath}`, [{ status: 503, headers: { 'retry-after': '1' } }]);
    const err = (await dryRunPatch(c, false).catch((e: unknown) => e)) as ClusterRequestError;
    expect(err.problem.code).toBe('cluster.server-error');
    expect(seen).toEqual([`PATCH ${objectPath}`]);
  });

  it('gives up with the last error once the waits reach their total bound, each wait capped', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    script.set(
      `GET ${objectPath}`,
      Array.from({ length: 10 }, () => ({ status: 429, headers: { 'retry-after': '3600' } })),
    );
    const answer = get(c).catch((e: unknown) => e);
    // An hour asked, 10 s waited each time; a third wait would pass the 20 s total, so it is not made.
    await expectRetryAfter(clock, 1, 10_000);
    await expectRetryAfter(clock, 2, 10_000);
    const err = (await answer) as ClusterRequestError;
    expect(err.problem.code).toBe('cluster.throttled');
    expect(err.problem.hint).toMatch(/retries reads and dry runs/);
    expect(seen).toHaveLength(3);
  });

  it('does not retry errors a retry cannot fix', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    script.set(`GET ${objectPath}`, [{ status: 500 }, { status: 200 }]);
    await expect(get(c)).rejects.toMatchObject({ problem: { code: 'cluster.server-error' } });
    expect(seen).toHaveLength(1);
  });
});

describe('retry decisions', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date, and ignores nonsense', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('stops after the last attempt, and before passing the total wait', () => {
    const opts = { ...defaultRetry, attempts: 4, maxTotalMs: 2_000 };
    expect(retryDelay({ status: 429 }, 1, 0, opts, now)).toBe(500);
    expect(retryDelay({ status: 429 }, 3, 0, opts, now)).toBe(2_000);
    expect(retryDelay({ status: 429 }, 4, 0, opts, now)).toBeUndefined();
    expect(retryDelay({ status: 429, retryAfter: '2' }, 1, 500, opts, now)).toBeUndefined();
    expect(retryDelay({ status: 404 }, 1, 0, opts, now)).toBeUndefined();
    expect(retryDelay({ networkCode: 'ECONNREFUSED' }, 1, 0, opts, now)).toBeUndefined();
  });
});
