import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { silentLogger } from '../../../../src/engine/cluster/deps.js';
import { problemFromNetworkError, problemFromResponse } from '../../../../src/engine/cluster/errors.js';
import type { ClusterRequestError } from '../../../../src/engine/cluster/errors.js';
import type { ResourceInfo } from '../../../../src/engine/cluster/paths.js';
import type { LineStream, RawRequest, RawResponse } from '../../../../src/engine/cluster/transport.js';
import type { KindWatchStatus, ObjectChange } from '../../../../src/engine/cluster/watch.js';
import { KindWatch } from '../../../../src/engine/cluster/watch.js';
import { FakeClock, settle } from './fake-clock.js';

const configMaps: ResourceInfo = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
  verbs: [],
};
const ctx = {
  cluster: 'c1',
  context: 'c1',
  server: 'https://127.0.0.1:1',
  method: 'GET',
  path: '/api/v1/configmaps',
};

const cm = (name: string, rv: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion: rv, labels: { 'flotilla.dev/app': 'demo' } },
  data,
});
/** List items come without apiVersion/kind, as the API server sends them. */
const item = (o: KubeObject) => {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
};

class FakeStream implements LineStream {
  closed = false;
  private finish: (e: ClusterRequestError | undefined) => void = () => {};
  readonly done = new Promise<ClusterRequestError | undefined>((r) => (this.finish = r));
  constructor(
    readonly req: RawRequest,
    private readonly onLine: (line: string) => void,
  ) {}
  send(type: string, object: unknown): void {
    if (!this.closed) this.onLine(JSON.stringify({ type, object }));
  }
  end(err?: ClusterRequestError): void {
    this.closed = true;
    this.finish(err);
  }
  close(): void {
    this.end();
  }
}

/** A fake API server for one kind: scripted list answers, streams the test drives. */
class FakeApi {
  lists: Array<{ items: unknown[]; rv: string } | ClusterRequestError> = [];
  listRequests: RawRequest[] = [];
  streams: FakeStream[] = [];
  streamFailures: ClusterRequestError[] = [];

  request = async (req: RawRequest): Promise<RawResponse> => {
    this.listRequests.push(req);
    const next = this.lists.shift();
    if (!next) throw new Error('unexpected list');
    if (next instanceof Error) throw next;
    return {
      status: 200,
      headers: {},
      latencyMs: 1,
      body: { kind: 'ConfigMapList', metadata: { resourceVersion: next.rv }, items: next.items },
    };
  };

  stream = async (req: RawRequest, onLine: (line: string) => void): Promise<LineStream> => {
    const failure = this.streamFailures.shift();
    if (failure) throw failure;
    const s = new FakeStream(req, onLine);
    this.streams.push(s);
    return s;
  };

  get last(): FakeStream {
    return this.streams[this.streams.length - 1]!;
  }
}

let running: KindWatch | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function setup(stallTimeoutMs = 60_000) {
  const clock = new FakeClock();
  const api = new FakeApi();
  const changes: ObjectChange[] = [];
  const statuses: KindWatchStatus[] = [];
  const watch = new KindWatch({
    cluster: 'c1',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    labelSelector: 'flotilla.dev/app',
    resolve: async () => configMaps,
    request: api.request,
    stream: api.stream,
    clock,
    logger: silentLogger,
    random: () => 0.5,
    timings: {
      stallTimeoutMs,
      watchTimeoutSeconds: 300,
      pageSize: 500,
      backoff: { initialMs: 1_000, maxMs: 8_000, factor: 2, jitter: 0 },
    },
    onChange: (c) => changes.push(c),
    onStatus: (s) => statuses.push(s),
  });
  running = watch;
  const summary = () =>
    changes.splice(0).map((c) => `${c.type} ${c.identity.name}@${String(c.object.metadata.resourceVersion)}`);
  return { clock, api, watch, changes, statuses, summary };
}

describe('KindWatch', () => {
  it("lists tracked objects, then watches from the list's resourceVersion with bookmarks", async () => {
    const { api, watch, summary } = setup();
    api.lists.push({ items: [item(cm('a', '10')), item(cm('b', '11'))], rv: '12' });
    watch.start();
    await settle();
    expect(summary()).toEqual(['added a@10', 'added b@11']);
    expect(api.listRequests[0]!.query).toMatchObject({ labelSelector: 'flotilla.dev/app', limit: 500 });
    expect(api.last.req.query).toMatchObject({
      watch: 1,
      labelSelector: 'flotilla.dev/app',
      resourceVersion: '12',
      allowWatchBookmarks: true,
      timeoutSeconds: 300,
    });
    expect(watch.current).toMatchObject({ state: 'watching', synced: true, resourceVersion: '12' });
    // Items regain apiVersion and kind, so list results and watch events look alike.
    expect(watch.get('ns', 'a')).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it('emits added, modified and deleted, and drops re-delivered events (same resourceVersion)', async () => {
    const { api, watch, summary } = setup();
    api.lists.push({ items: [], rv: '1' });
    watch.start();
    await settle();
    api.last.send('ADDED', cm('a', '2'));
    api.last.send('MODIFIED', cm('a', '3', { k: 'v' }));
    api.last.send('MODIFIED', cm('a', '3', { k: 'v' }));
    api.last.send('ADDED', cm('a', '3', { k: 'v' }));
    api.last.send('DELETED', cm('a', '4'));
    api.last.send('DELETED', cm('never-seen', '5'));
    expect(summary()).toEqual(['added a@2', 'modified a@3', 'deleted a@4']);
    expect(watch.objects()).toEqual([]);
  });

  it('re-watches from the last event or bookmark when the server ends the watch, without relisting', async () => {
    const { api, watch, clock } = setup();
    api.lists.push({ items: [], rv: '1' });
    watch.start();
    await settle();
    api.last.send('ADDED', cm('a', '7'));
    api.last.send('BOOKMARK', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '42' } });
    await clock.advance(5_000);
    api.last.end();
    await settle();
    expect(api.streams).toHaveLength(2);
    expect(api.last.req.query?.resourceVersion).toBe('42');
    expect(api.listRequests).toHaveLength(1);
  });

  it('relists on 410 Gone and reconciles the cache: vanished objects deleted, changed ones modified', async () => {
    const { api, watch, summary } = setup();
    api.lists.push({ items: [item(cm('a', '10')), item(cm('b', '11')), item(cm('c', '12'))], rv: '12' });
    watch.start();
    await settle();
    summary();
    api.lists.push({ items: [item(cm('a', '10')), item(cm('b', '20')), item(cm('d', '21'))], rv: '22' });
    api.last.send('ERROR', {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 410,
      reason: 'Expired',
      message: 'too old resource version: 12 (15)',
    });
    await settle();
    expect(api.listRequests).toHaveLength(2);
    expect(summary().sort()).toEqual(['added d@21', 'deleted c@12', 'modified b@20']);
    expect(api.last.req.query?.resourceVersion).toBe('22');
  });

  it('relists when the watch request itself answers 410', async () => {
    const { api, watch } = setup();
    api.lists.push({ items: [], rv: '5' }, { items: [], rv: '9' });
    api.streamFailures.push(problemFromResponse(410, { kind: 'Status', reason: 'Expired' }, ctx));
    watch.start();
    await settle();
    expect(api.listRequests).toHaveLength(2);
    expect(api.last.req.query?.resourceVersion).toBe('9');
  });

  it('backs off exponentially on other errors, then resumes from the same resourceVersion', async () => {
    const { api, watch, clock, statuses } = setup();
    api.lists.push({ items: [item(cm('a', '3'))], rv: '3' });
    watch.start();
    await settle();
    api.last.send('MODIFIED', cm('a', '4'));
    const down = problemFromNetworkError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      ctx,
    );
    api.streamFailures.push(down, down, down);
    api.last.end(down);
    await settle();
    expect(watch.current.state).toBe('backing-off');
    expect(watch.current.lastError?.code).toBe('cluster.unreachable');
    expect(api.streams).toHaveLength(1);
    // Attempts at +1 s, then +2 s, then +4 s (jitter off) fail; the fourth succeeds.
    await clock.advance(999);
    expect(watch.current.restarts).toBe(1);
    await clock.advance(1);
    expect(watch.current.restarts).toBe(2);
    await clock.advance(2_000);
    expect(watch.current.restarts).toBe(3);
    await clock.advance(3_999);
    expect(api.streams).toHaveLength(1);
    await clock.advance(1);
    expect(watch.current.restarts).toBe(4);
    await clock.advance(8_000);
    expect(api.streams).toHaveLength(2);
    expect(api.last.req.query?.resourceVersion).toBe('4');
    expect(api.listRequests).toHaveLength(1);
    expect(statuses.some((s) => s.state === 'backing-off')).toBe(true);
    expect(watch.current.state).toBe('watching');
  });

  it('restarts a stalled watch (no event, no bookmark for the stall timeout)', async () => {
    const { api, watch, clock } = setup(30_000);
    api.lists.push({ items: [], rv: '1' });
    watch.start();
    await settle();
    await clock.advance(20_000);
    api.last.send('BOOKMARK', { metadata: { resourceVersion: '2' } });
    await clock.advance(29_000);
    expect(api.last.closed).toBe(false);
    await clock.advance(1_000);
    expect(api.streams[0]!.closed).toBe(true);
    expect(watch.current.lastError?.code).toBe('cluster.watch-stalled');
    await clock.advance(1_000);
    expect(api.streams).toHaveLength(2);
    expect(api.last.req.query?.resourceVersion).toBe('2');
  });

  it('wakes early from a back-off when told the server is back', async () => {
    const { api, watch, clock } = setup();
    api.lists.push({ items: [], rv: '1' });
    const down = problemFromNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), ctx);
    api.streamFailures.push(down);
    watch.start();
    await settle();
    expect(watch.current.state).toBe('backing-off');
    watch.wake();
    await settle();
    expect(api.streams).toHaveLength(1);
    expect(clock.now() - 1_700_000_000_000).toBe(0);
  });

  it('stops cleanly, closing the stream', async () => {
    const { api, watch } = setup();
    api.lists.push({ items: [], rv: '1' });
    watch.start();
    await settle();
    await watch.stop();
    expect(api.last.closed).toBe(true);
    expect(watch.current.state).toBe('stopped');
    running = undefined;
  });
});
