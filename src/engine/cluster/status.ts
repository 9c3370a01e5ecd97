/** Per-cluster status, always known: reachability, version, latency, freshness, last error, write access. */
import type { Problem } from '../problem.js';
import type { Clock, Logger, TimerHandle } from './deps.js';
import { Listeners } from './deps.js';
import { isClusterError } from './errors.js';
import type { ContactOutcome, RawRequest, RawResponse } from './transport.js';

/** Whether the API server answers; `unknown` until the first attempt. */
export type Reachability = 'unknown' | 'reachable' | 'unreachable';

/** The API server's `/version`. */
export interface ServerVersion {
  gitVersion: string;
  major: string;
  minor: string;
  platform?: string;
}

/** What is known about one cluster right now. */
export interface ClusterStatus {
  cluster: string;
  context: string;
  server: string;
  reachability: Reachability;
  version?: ServerVersion;
  /** Round trip of the last health probe, in milliseconds. */
  latencyMs?: number;
  /** Exponentially smoothed probe round trip, in milliseconds. */
  smoothedLatencyMs?: number;
  /** Epoch milliseconds of the last answer from the server (any request, any status). */
  lastContactAt?: number;
  /** What is wrong with the cluster now (unreachable, TLS, credentials, server error); cleared by a good probe. */
  problem?: Problem;
  /** The last cluster-level failure, in plain words; kept after recovery, with its time. */
  lastError?: Problem;
  lastErrorAt?: number;
  /** Whether the identity may write (the access review's answer); undefined until checked. */
  canWrite?: boolean;
  /** Why not, in plain words, when `canWrite` is false. */
  canWriteReason?: string;
  canWriteCheckedAt?: number;
}

/** Milliseconds since the last contact ("freshness"); undefined when the server never answered. */
export function freshnessMs(status: ClusterStatus, now: number): number | undefined {
  return status.lastContactAt === undefined ? undefined : Math.max(0, now - status.lastContactAt);
}

/** The access checked to decide whether the identity may write. */
export interface WriteCheck {
  verb: string;
  group: string;
  resource: string;
  /** Empty: in every namespace. */
  namespace: string;
}

/** Default write check: may patch Deployments in every namespace. */
const defaultWriteCheck: WriteCheck = {
  verb: 'patch',
  group: 'apps',
  resource: 'deployments',
  namespace: '',
};

/** Settings of the status tracker and its health probe. */
interface StatusOptions {
  cluster: string;
  context: string;
  server: string;
  clock: Clock;
  logger: Logger;
  /** Time between health probes; default 10 s. */
  probeIntervalMs?: number;
  /** Time limit of one probe; default 5 s. */
  probeTimeoutMs?: number;
  /** Weight of the newest sample in the smoothed latency (0..1); default 0.3. */
  latencySmoothing?: number;
  /** How long the write-access answer is trusted; default 10 minutes. */
  writeCheckTtlMs?: number;
  writeCheck?: WriteCheck;
  /** Sends a request (the cluster client's, budgeted). */
  request: (req: RawRequest) => Promise<RawResponse>;
  /** Called when the server answers again after being unreachable (watches may resume at once). */
  onRecovered?: () => void;
}

// Failures that say something about the cluster as a whole, not about one object.
const clusterLevel = [
  'cluster.unreachable',
  'cluster.tls',
  'cluster.unauthorized',
  'cluster.server-error',
  'cluster.throttled',
] as const;

/** Tracks one cluster's status from every request's outcome and a periodic probe. */
export class StatusTracker {
  /** Status changes (reachability, version, latency, error, write access). */
  readonly changes = new Listeners<ClusterStatus>();
  private state: ClusterStatus;
  private timer: TimerHandle | undefined;
  private running = false;
  private probing: Promise<ClusterStatus> | undefined;
  private readonly writeCheck: WriteCheck;

  constructor(private readonly options: StatusOptions) {
    this.state = {
      cluster: options.cluster,
      context: options.context,
      server: options.server,
      reachability: 'unknown',
    };
    this.writeCheck = options.writeCheck ?? defaultWriteCheck;
  }

  /** The current status (a copy). */
  get current(): ClusterStatus {
    return { ...this.state };
  }

  /** Records the outcome of any request; only a change of reachability is announced at once. */
  recordContact(outcome: ContactOutcome): void {
    const now = this.options.clock.now();
    if (outcome.ok) {
      const before = this.state.reachability;
      this.state = { ...this.state, reachability: 'reachable', lastContactAt: now };
      if (before !== 'reachable') this.announce();
      if (before === 'unreachable' && this.running) this.options.onRecovered?.();
    } else if (isClusterError(outcome.error, ...clusterLevel)) {
      const changed = this.state.reachability !== 'unreachable';
      this.state = {
        ...this.state,
        reachability: 'unreachable',
        problem: outcome.error.problem,
        lastError: outcome.error.problem,
        lastErrorAt: now,
      };
      if (changed) this.announce();
    }
  }

  /** Starts probing now and every interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  /** Stops probing. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Probes once now (one probe in flight at a time) and resolves with the new status. */
  probe(): Promise<ClusterStatus> {
    this.probing ??= this.runProbe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /** Asks the server whether the identity may write, ignoring the cached answer. */
  async checkWriteAccess(): Promise<boolean> {
    const { verb, group, resource, namespace } = this.writeCheck;
    const res = await this.options.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, group, resource, ...(namespace ? { namespace } : {}) } },
      },
    });
    const status = (res.body as { status?: { allowed?: boolean; reason?: string } } | undefined)?.status;
    const allowed = status?.allowed === true;
    const what = `${verb} ${group ? `${resource}.${group}` : resource}${namespace ? ` in namespace ${namespace}` : ' in every namespace'}`;
    this.state = {
      ...this.state,
      canWrite: allowed,
      canWriteReason: allowed
        ? undefined
        : `context "${this.options.context}" may not ${what}${status?.reason ? ` (${status.reason})` : ''}`,
      canWriteCheckedAt: this.options.clock.now(),
    };
    this.announce();
    return allowed;
  }

  private async tick(): Promise<void> {
    await this.probe();
    if (this.running)
      this.timer = this.options.clock.setTimeout(
        () => void this.tick(),
        this.options.probeIntervalMs ?? 10_000,
      );
  }

  private async runProbe(): Promise<ClusterStatus> {
    const now = () => this.options.clock.now();
    try {
      const res = await this.options.request({
        method: 'GET',
        path: '/version',
        timeoutMs: this.options.probeTimeoutMs ?? 5_000,
        // The probe reports what it sees now; its own interval is the retry.
        retry: false,
      });
      const v = (res.body ?? {}) as Partial<ServerVersion>;
      const alpha = this.options.latencySmoothing ?? 0.3;
      const smoothed =
        this.state.smoothedLatencyMs === undefined
          ? res.latencyMs
          : alpha * res.latencyMs + (1 - alpha) * this.state.smoothedLatencyMs;
      this.state = {
        ...this.state,
        reachability: 'reachable',
        lastContactAt: now(),
        latencyMs: res.latencyMs,
        smoothedLatencyMs: smoothed,
        problem: undefined,
        version: {
          gitVersion: v.gitVersion ?? 'unknown',
          major: v.major ?? '',
          minor: v.minor ?? '',
          ...(v.platform ? { platform: v.platform } : {}),
        },
      };
      const ttl = this.options.writeCheckTtlMs ?? 10 * 60_000;
      if (this.state.canWriteCheckedAt === undefined || now() - this.state.canWriteCheckedAt >= ttl) {
        await this.checkWriteAccess().catch((e: unknown) =>
          this.options.logger.warn('write-access check failed', {
            cluster: this.options.cluster,
            error: e instanceof Error ? e.message : String(e),
          }),
        );
      }
    } catch (e) {
      if (isClusterError(e)) {
        // recordContact has already set reachability; an HTTP error on /version (401, 5xx) leaves the
        // server reachable but the cluster unusable, which `problem` says.
        if (isClusterError(e, ...clusterLevel))
          this.state = { ...this.state, problem: e.problem, lastError: e.problem, lastErrorAt: now() };
      } else {
        this.options.logger.error('health probe failed unexpectedly', {
          cluster: this.options.cluster,
          error: String(e),
        });
      }
    }
    this.announce();
    return this.current;
  }

  private announce(): void {
    this.changes.emit(this.current);
  }
}
