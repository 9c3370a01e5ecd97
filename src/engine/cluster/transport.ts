/**
 * Raw HTTP(S) to one API server: JSON in, JSON out, never through client-node's typed ObjectSerializer
 * (it drops fields it has no model for).
 *
 * Credentials come from `kc.applyToHTTPSOptions` on every request, so whatever the context uses —
 * token, client certificates, exec or OIDC plugins, impersonation — is client-node's job and a refreshed
 * token is picked up. client-node 1.4 builds a new `https.Agent` per call (no connection reuse), so the
 * agent it returns is thrown away unused and requests go through one keep-alive agent per cluster,
 * rebuilt only when the TLS material changes (an exec plugin may rotate client certificates).
 */
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Clock, Logger } from './deps.js';
import { sleep } from './deps.js';
import type { RequestBudget } from './budget.js';
import type { RequestContext } from './errors.js';
import type { AttemptFailure, RetryOptions } from './retry.js';
import { defaultRetry, isRetryable, retryDelay } from './retry.js';
import {
  ClusterRequestError,
  RequestTimeoutError,
  problemFromNetworkError,
  problemFromResponse,
} from './errors.js';

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One raw request. */
export interface RawRequest {
  method: string;
  /** API path such as `/apis/apps/v1/namespaces/x/deployments/web`. */
  path: string;
  query?: Query;
  /** JSON value (serialised with JSON.stringify, unchanged) or a string sent verbatim. */
  body?: unknown;
  /** Content-Type of the body; default `application/json`. */
  contentType?: string;
  /** Accept header; default `application/json`. */
  accept?: string;
  /** Time limit for the whole request (for streams: until the response headers); default the transport's. */
  timeoutMs?: number;
  /** `false`: no automatic retry even for a read (reads and dry runs are retried by default). */
  retry?: boolean;
  signal?: AbortSignal;
}

/** The answer to a successful (status < 300) request. */
export interface RawResponse<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, or the text when the answer is not JSON. */
  body: T;
  /** Time from sending to the last byte, budget wait excluded. */
  latencyMs: number;
}

/** A streaming response (a watch): lines arrive through the callback until `close()` or the server ends it. */
export interface LineStream {
  /** Ends the stream from our side; `done` then resolves without an error. */
  close(): void;
  /** Resolves when the stream ends: with undefined on a clean end or `close()`, with the error otherwise. */
  readonly done: Promise<ClusterRequestError | undefined>;
}

/** What every request tells the status tracker: the server answered (any status) or could not be reached. */
export type ContactOutcome =
  { ok: true; latencyMs: number; status: number } | { ok: false; error: ClusterRequestError };

/** Settings of a transport. */
interface TransportOptions {
  /** Fleet name of the cluster, for messages. */
  cluster: string;
  /** Context name, for messages. */
  context: string;
  clock: Clock;
  logger: Logger;
  budget: RequestBudget;
  /** Default time limit of one request; default 30 s. */
  timeoutMs?: number;
  /** Called after each attempt to reach the server. */
  onContact?: (outcome: ContactOutcome) => void;
  /** Bounds of the automatic retries of reads and dry runs; default `defaultRetry`. */
  retry?: Partial<RetryOptions>;
}

interface Prepared {
  url: URL;
  options: https.RequestOptions;
  secrets: string[];
}

type TlsMaterial = Pick<
  https.AgentOptions,
  'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'servername' | 'rejectUnauthorized'
>;

const tlsKeys = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const;

function sameValue(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return a === b;
}

/** Appends a query string; booleans as `true`/`false`. */
function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** HTTP client of one cluster: budget, credentials, keep-alive agent, error mapping. */
export class KubeTransport {
  /** API server URL of the context. */
  readonly server: string;
  private agent: http.Agent | undefined;
  private agentTls: TlsMaterial | undefined;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private closed = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: TransportOptions,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`kubeconfig context "${options.context}" names no cluster`);
    this.server = cluster.server;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...defaultRetry, ...options.retry };
  }

  /**
   * Sends a request and resolves with the parsed answer; rejects with a ClusterRequestError otherwise. Reads
   * and dry runs that meet a 429, 502, 503, 504 or a reset connection are retried within the retry bounds,
   * after the server's Retry-After when it gives one; a 429 also slows the cluster's request budget.
   */
  async request<T = unknown>(req: RawRequest): Promise<RawResponse<T>> {
    const ctx = this.context(req);
    const retry = isRetryable(req) ? this.retry : undefined;
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      const failure: AttemptFailure = {};
      try {
        return await this.attempt<T>(req, ctx, failure);
      } catch (e) {
        if (failure.status === 429) this.options.budget.slowDown();
        const delay = retry
          ? retryDelay(failure, attempt, waitedMs, retry, this.options.clock.now())
          : undefined;
        if (delay === undefined) throw e;
        this.options.logger.debug('retrying a request', {
          cluster: ctx.cluster,
          method: ctx.method,
          path: ctx.path,
          attempt,
          status: failure.status ?? failure.networkCode,
          delayMs: delay,
        });
        try {
          await sleep(this.options.clock, delay, req.signal);
        } catch {
          throw aborted(ctx, 'the request was cancelled');
        }
        waitedMs += delay;
      }
    }
  }

  /** One try of a request; fills `failure` with what the retry decision needs when it rejects. */
  private async attempt<T>(
    req: RawRequest,
    ctx: RequestContext,
    failure: AttemptFailure,
  ): Promise<RawResponse<T>> {
    await this.takeToken(req, ctx);
    const prepared = await this.prepare(req, ctx);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const started = performance.now();
    return new Promise<RawResponse<T>>((resolve, reject) => {
      let settled = false;
      const finish = (err: ClusterRequestError | undefined, value?: RawResponse<T>) => {
        if (settled) return;
        settled = true;
        this.options.clock.clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(value!);
      };
      const lost = (e: unknown) => {
        failure.networkCode = errorCode(e);
        finish(this.networkFailure(e, ctx, prepared));
      };
      const outgoing = this.send(prepared, req, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', lost);
        res.on('end', () => {
          const latencyMs = performance.now() - started;
          const status = res.statusCode ?? 0;
          const body = parseBody(Buffer.concat(chunks).toString('utf8'), res.headers['content-type']);
          this.options.onContact?.({ ok: true, latencyMs, status });
          if (status >= 300) {
            failure.status = status;
            const retryAfter = res.headers['retry-after'];
            if (typeof retryAfter === 'string') failure.retryAfter = retryAfter;
            finish(problemFromResponse(status, body, ctx, prepared.secrets));
          } else finish(undefined, { status, headers: res.headers, body: body as T, latencyMs });
        });
      });
      const onAbort = () => outgoing.destroy(abortError());
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = this.options.clock.setTimeout(
        () => outgoing.destroy(new RequestTimeoutError(timeoutMs)),
        timeoutMs,
      );
      outgoing.on('error', lost);
      writeBody(outgoing, req);
    });
  }

  /**
   * Opens a streaming GET and calls `onLine` for every newline-terminated line. Resolves once the server
   * answered 200; rejects (with the server's Status mapped) for any other status or no answer.
   */
  async streamLines(req: RawRequest, onLine: (line: string) => void): Promise<LineStream> {
    const ctx = this.context(req);
    await this.takeToken(req, ctx);
    const prepared = await this.prepare(req, ctx);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const started = performance.now();
    return new Promise<LineStream>((resolve, reject) => {
      let headersSeen = false;
      let endStream: (err: ClusterRequestError | undefined) => void = () => {};
      const done = new Promise<ClusterRequestError | undefined>((r) => (endStream = r));
      let closedByUs = false;
      const fail = (e: unknown) => {
        const err = closedByUs ? undefined : this.networkFailure(e, ctx, prepared);
        if (!headersSeen) {
          this.options.clock.clearTimeout(timer);
          reject(err ?? this.networkFailure(abortError(), ctx, prepared));
        }
        endStream(err);
      };
      const outgoing = this.send(prepared, req, (res) => {
        headersSeen = true;
        this.options.clock.clearTimeout(timer);
        const status = res.statusCode ?? 0;
        this.options.onContact?.({ ok: true, latencyMs: performance.now() - started, status });
        if (status !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            reject(
              problemFromResponse(
                status,
                parseBody(Buffer.concat(chunks).toString('utf8'), res.headers['content-type']),
                ctx,
                prepared.secrets,
              ),
            ),
          );
          res.on('error', (e) => reject(this.networkFailure(e, ctx, prepared)));
          return;
        }
        const decoder = new StringDecoder('utf8');
        let pending = '';
        res.on('data', (chunk: Buffer) => {
          pending += decoder.write(chunk);
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line) onLine(line);
          }
        });
        res.on('error', fail);
        res.on('aborted', () =>
          fail(Object.assign(new Error('connection closed early'), { code: 'ECONNRESET' })),
        );
        res.on('close', () => {
          const rest = (pending + decoder.end()).trim();
          pending = '';
          if (rest) onLine(rest);
          // A response that ends without `complete` was cut off; that is an error, not a clean end.
          if (!res.complete && !closedByUs)
            fail(Object.assign(new Error('connection closed early'), { code: 'ECONNRESET' }));
          else endStream(undefined);
        });
        resolve({
          close: () => {
            closedByUs = true;
            outgoing.destroy();
            endStream(undefined);
          },
          done,
        });
      });
      const timer = this.options.clock.setTimeout(
        () => outgoing.destroy(new RequestTimeoutError(timeoutMs)),
        timeoutMs,
      );
      req.signal?.addEventListener(
        'abort',
        () => {
          closedByUs = headersSeen;
          outgoing.destroy(abortError());
        },
        { once: true },
      );
      outgoing.on('error', fail);
      outgoing.end();
    });
  }

  /** Destroys the pooled connections; later requests fail. */
  close(): void {
    this.closed = true;
    this.agent?.destroy();
    this.agent = undefined;
  }

  private context(req: RawRequest): RequestContext {
    return {
      cluster: this.options.cluster,
      context: this.options.context,
      server: this.server,
      method: req.method,
      path: req.path,
      query: req.query ?? {},
    };
  }

  private async takeToken(req: RawRequest, ctx: RequestContext): Promise<void> {
    if (this.closed) throw aborted(ctx, 'the client was closed');
    try {
      await this.options.budget.take(req.signal);
    } catch {
      throw aborted(ctx, req.signal?.aborted ? 'the request was cancelled' : 'the client was closed');
    }
  }

  private async prepare(req: RawRequest, ctx: RequestContext): Promise<Prepared> {
    const options: https.RequestOptions = { headers: {} };
    try {
      await this.kc.applyToHTTPSOptions(options);
    } catch (e) {
      // Exec/OIDC plugins fail here (plugin missing, login needed); their messages carry no token.
      throw new ClusterRequestError({
        code: 'cluster.unauthorized',
        message: `Cluster ${ctx.cluster}: could not get credentials for context "${ctx.context}": ${e instanceof Error ? e.message : String(e)}`,
        hint: 'Check the auth plugin (exec/OIDC) of this context, log in again, then retry.',
      });
    }
    const url = new URL(this.server);
    const headers = (options.headers ?? {}) as http.OutgoingHttpHeaders;
    headers.accept = req.accept ?? 'application/json';
    headers['user-agent'] = 'flotilla';
    const secrets: string[] = [];
    const authz = headers.Authorization ?? headers.authorization;
    if (typeof authz === 'string') secrets.push(authz, authz.replace(/^\S+\s+/, ''));
    if (typeof options.auth === 'string')
      secrets.push(options.auth, options.auth.split(':').slice(1).join(':'));
    const agent = this.agentFor(options, url);
    const base = url.pathname.replace(/\/+$/, '');
    return {
      url,
      secrets,
      options: {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (url.protocol === 'http:' ? 80 : 443),
        path: withQuery(base + req.path, req.query),
        method: req.method.toUpperCase(),
        headers,
        agent,
        ...(options.auth ? { auth: options.auth } : {}),
      },
    };
  }

  /** The cluster's keep-alive agent for this TLS material, built once and reused. */
  private agentFor(options: https.RequestOptions, url: URL): http.Agent {
    const tls: TlsMaterial = {};
    for (const k of tlsKeys) if (options[k] !== undefined) (tls as Record<string, unknown>)[k] = options[k];
    if (this.agent && this.agentTls && tlsKeys.every((k) => sameValue(tls[k], this.agentTls![k])))
      return this.agent;
    this.agent?.destroy();
    const proxied = Boolean(this.kc.getCurrentCluster()?.proxyUrl);
    let agent: http.Agent;
    if (proxied && options.agent instanceof http.Agent) {
      // client-node knows the proxy kinds (http/https via hpagent, socks); adopt its agent and turn on
      // keep-alive, which Node reads from the agent at request time.
      agent = options.agent;
      (agent as http.Agent & { keepAlive: boolean }).keepAlive = true;
    } else if (url.protocol === 'http:') {
      agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000 });
    } else {
      agent = new https.Agent({ ...tls, keepAlive: true, keepAliveMsecs: 30_000 });
    }
    this.agent = agent;
    this.agentTls = tls;
    return agent;
  }

  private send(
    prepared: Prepared,
    req: RawRequest,
    onResponse: (res: http.IncomingMessage) => void,
  ): http.ClientRequest {
    const mod = prepared.url.protocol === 'http:' ? http : https;
    const outgoing = mod.request(prepared.options, onResponse);
    if (req.body !== undefined) {
      const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      outgoing.setHeader('content-type', req.contentType ?? 'application/json');
      outgoing.setHeader('content-length', Buffer.byteLength(text));
    }
    return outgoing;
  }

  private networkFailure(e: unknown, ctx: RequestContext, prepared: Prepared): ClusterRequestError {
    if (isAbort(e)) return aborted(ctx, 'the request was cancelled');
    const err = problemFromNetworkError(e, ctx, prepared.secrets);
    this.options.onContact?.({ ok: false, error: err });
    return err;
  }
}

function writeBody(outgoing: http.ClientRequest, req: RawRequest): void {
  if (req.body === undefined) outgoing.end();
  else outgoing.end(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function abortError(): Error {
  return Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isAbort(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'AbortError';
}

function aborted(ctx: RequestContext, why: string): ClusterRequestError {
  return new ClusterRequestError({ code: 'cluster.aborted', message: `Cluster ${ctx.cluster}: ${why}.` });
}
