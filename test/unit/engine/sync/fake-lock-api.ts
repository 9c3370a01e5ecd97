/** An in-memory API server for the lock's objects: namespaces, Leases and ConfigMaps with resourceVersions,
 * create conflicts, update and delete preconditions, answered with the real error mapping. */
import { problemFromResponse } from '../../../../src/engine/cluster/errors.js';
import type { RawRequest, RawResponse } from '../../../../src/engine/cluster/transport.js';
import type { LockCluster } from '../../../../src/engine/sync/lock.js';

interface Meta {
  name: string;
  resourceVersion?: string;
}
type Stored = { metadata: Meta } & Record<string, unknown>;

export class FakeLockApi implements LockCluster {
  readonly name = 'fake';
  readonly namespaces = new Set<string>();
  readonly objects = new Map<string, Stored>();
  /** Every request as `METHOD path`. */
  readonly log: string[] = [];
  /** Answers this status instead of serving a request it returns a status for. */
  failWith: ((req: RawRequest) => number | undefined) | undefined;
  private version = 100;

  request<T = unknown>(req: RawRequest): Promise<RawResponse<T>> {
    this.log.push(`${req.method} ${req.path}`);
    try {
      const injected = this.failWith?.(req);
      if (injected) this.fail(req, injected, 'injected failure');
      const body = this.serve(req) as T;
      return Promise.resolve({ status: 200, headers: {}, body, latencyMs: 0 });
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  requestJson = async <T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown } = {},
  ): Promise<T> => (await this.request<T>({ method, path, ...options })).body;

  /** The stored object at `path`, for assertions. */
  get(path: string): Stored | undefined {
    const obj = this.objects.get(path);
    return obj ? clone(obj) : undefined;
  }

  private serve(req: RawRequest): unknown {
    const { method, path } = req;
    if (path === '/api/v1/namespaces' && method === 'POST') {
      const name = (req.body as Stored).metadata.name;
      if (this.namespaces.has(name)) this.fail(req, 409, `namespaces "${name}" already exists`, name);
      this.namespaces.add(name);
      return req.body;
    }
    const nsMatch = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
    if (nsMatch && method === 'GET') {
      if (!this.namespaces.has(nsMatch[1]!)) this.fail(req, 404, 'not found', nsMatch[1]);
      return { metadata: { name: nsMatch[1] } };
    }
    const ns = /\/namespaces\/([^/]+)\//.exec(path)?.[1] ?? '';
    if (method === 'POST') {
      if (!this.namespaces.has(ns)) this.fail(req, 404, `namespaces "${ns}" not found`, ns);
      const obj = clone(req.body as Stored);
      const key = `${path}/${obj.metadata.name}`;
      if (this.objects.has(key)) this.fail(req, 409, 'already exists', obj.metadata.name);
      return this.store(key, obj);
    }
    const name = path.split('/').at(-1)!;
    const current = this.objects.get(path);
    if (!current) this.fail(req, 404, 'not found', name);
    if (method === 'GET') return clone(current!);
    if (method === 'PUT') {
      const obj = clone(req.body as Stored);
      if (obj.metadata.resourceVersion !== current!.metadata.resourceVersion)
        this.fail(req, 409, 'the object has been modified', name);
      return this.store(path, obj);
    }
    if (method === 'DELETE') {
      const wanted = (req.body as { preconditions?: { resourceVersion?: string } } | undefined)?.preconditions
        ?.resourceVersion;
      if (wanted !== undefined && wanted !== current!.metadata.resourceVersion)
        this.fail(req, 409, 'precondition failed', name);
      this.objects.delete(path);
      return {};
    }
    throw new Error(`fake API: unexpected ${method} ${path}`);
  }

  private store(key: string, obj: Stored): Stored {
    obj.metadata.resourceVersion = String(++this.version);
    this.objects.set(key, obj);
    return clone(obj);
  }

  private fail(req: RawRequest, status: number, message: string, name?: string): never {
    throw problemFromResponse(
      status,
      { kind: 'Status', code: status, message, details: name ? { name } : {} },
      { cluster: this.name, context: 'fake', server: 'https://fake', method: req.method, path: req.path },
    );
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
