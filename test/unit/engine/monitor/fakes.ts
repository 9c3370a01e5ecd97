/** Fakes for the monitor's narrow interfaces: a cluster, desired states and a clock, all in memory. */
import type { ClusterStatus, KindRef, ObjectChange } from '../../../../src/engine/cluster/index.js';
import { parseFleet, type App, type Fleet } from '../../../../src/engine/config/index.js';
import type { DesiredState } from '../../../../src/engine/desired/index.js';
import { withTracking } from '../../../../src/engine/diff/index.js';
import type { PollResult } from '../../../../src/engine/git/index.js';
import type {
  DesiredSource,
  MonitorClock,
  MonitoredCluster,
  MonitorEvent,
  RepoHistory,
} from '../../../../src/engine/monitor/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { fail, ok, type Problem, type Result } from '../../../../src/engine/problem.js';
import { FakeClock } from '../cluster/fake-clock.js';

export { settle } from '../cluster/fake-clock.js';

/** A fleet of one cluster (`one`) and one repo, with the named apps on it. */
export function fleetWith(
  apps: string[],
  repos: { name: string; pollInterval?: string; url?: string }[] = [],
): Fleet {
  const repoList = repos.length > 0 ? repos : [{ name: 'deploy' }];
  const text = `clusters: [{ name: one, context: ctx }]
repos:
${repoList.map((r) => `  - { name: ${r.name}, url: /srv/${r.name}, pollInterval: ${r.pollInterval ?? '1h'} }`).join('\n')}
apps:
${apps.map((a) => `  - { name: ${a}, repo: ${repoList[0]!.name}, revision: main, path: apps/${a}, destination: { cluster: one, namespace: ns } }`).join('\n')}
`;
  const parsed = parseFleet(text, '/fleet/flotilla.yaml', { kubeContexts: ['ctx'] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

/** A ConfigMap named after the app, as the app's desired (or live) object. */
export function configMap(app: string, value: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: app, namespace: 'ns' },
    data: { v: value },
  };
}

/** Fake time with intervals as well as timeouts. */
export class MonitorFakeClock extends FakeClock implements MonitorClock {
  setInterval(fn: () => void, ms: number): unknown {
    const box: { handle?: unknown; stopped: boolean } = { stopped: false };
    const tick = () => {
      if (box.stopped) return;
      box.handle = this.setTimeout(tick, ms);
      fn();
    };
    box.handle = this.setTimeout(tick, ms);
    return box;
  }

  clearInterval(handle: unknown): void {
    const box = handle as { handle?: unknown; stopped: boolean };
    box.stopped = true;
    this.clearTimeout(box.handle);
  }
}

/** A cluster in memory: its reachability is set by the test, its live objects listed from `live`. */
export class FakeCluster implements MonitoredCluster {
  status: ClusterStatus = {
    cluster: 'one',
    context: 'ctx',
    server: 'https://one',
    reachability: 'reachable',
    canWrite: false,
  };
  /** Live objects by app name. */
  readonly live = new Map<string, KubeObject[]>();
  /** When set, list requests wait for it (a slow API server). */
  listHold: Promise<void> | undefined;
  private readonly statusListeners = new Set<(s: ClusterStatus) => void>();
  private readonly changeListeners = new Set<(c: ObjectChange) => void>();

  start(): void {}
  async probe(): Promise<ClusterStatus> {
    return this.status;
  }
  async checkWriteAccess(): Promise<boolean> {
    return false;
  }
  async list(kind: KindRef, options: { labelSelector?: string } = {}): Promise<KubeObject[]> {
    const app = options.labelSelector?.split('=')[1] ?? '';
    if (this.listHold) await this.listHold;
    return (this.live.get(app) ?? []).filter((o) => o.kind === kind.kind);
  }
  async get(): Promise<KubeObject | undefined> {
    return undefined;
  }
  async applyServerSide(): Promise<KubeObject> {
    throw new Error('the fake cluster refuses writes');
  }
  onStatus(fn: (s: ClusterStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }
  onChange(fn: (c: ObjectChange) => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }
  async watchKinds(): Promise<void> {}
  watchStatuses() {
    return [];
  }
  watchesSynced(): boolean {
    return false;
  }
  cachedObjects(): KubeObject[] {
    return [];
  }

  cached(): KubeObject | undefined {
    return undefined;
  }

  /** Makes the app's live object match (or differ from) its desired one. */
  setLive(app: string, value: string): void {
    this.live.set(app, [withTracking(configMap(app, value), app)]);
  }

  /** Changes reachability and tells the listeners, as the status tracker does. */
  setReachable(reachable: boolean): void {
    const problem: Problem = { code: 'cluster.unreachable', message: 'connection refused by one' };
    this.status = reachable
      ? { ...this.status, reachability: 'reachable', problem: undefined }
      : { ...this.status, reachability: 'unreachable', problem };
    for (const fn of this.statusListeners) fn(this.status);
  }

  /** A watch event on the app's object. */
  touch(app: string): void {
    const object = withTracking(configMap(app, 'x'), app);
    const identity = { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'ns', name: app };
    for (const fn of this.changeListeners) fn({ cluster: 'one', type: 'modified', identity, object });
  }
}

/** Desired states in memory: each app renders one ConfigMap; a test may hold or fail a render. */
export class FakeDesired implements DesiredSource {
  renders = 0;
  /** Per app: what the next renders do instead of answering at once. */
  readonly behaviour = new Map<string, 'throw' | 'fail' | { hold: Promise<void> }>();
  /** The value each app's desired ConfigMap carries. */
  readonly values = new Map<string, string>();
  /** What a poll of each repo answers, or throws. */
  readonly polls = new Map<string, PollResult | Error>();
  commitInfoFails = false;

  constructor(private readonly sha = 'a'.repeat(40)) {}

  async render(app: App): Promise<Result<DesiredState>> {
    this.renders++;
    const how = this.behaviour.get(app.name);
    if (how === 'throw') throw new Error(`renderer crashed on ${app.name}`);
    if (how === 'fail') return fail({ code: 'render.failed', message: `${app.name} does not render` });
    if (how) await how.hold;
    const object = configMap(app.name, this.values.get(app.name) ?? '1');
    const identity = { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'ns', name: app.name };
    return ok({
      app,
      revision: app.revision,
      sha: this.sha,
      output: {
        renderer: 'directory',
        objects: [
          {
            object,
            identity,
            source: { file: `apps/${app.name}/cm.yaml` },
            hash: this.values.get(app.name) ?? '1',
          },
        ],
        digest: '',
        inputs: [],
      },
      warnings: [],
      stale: [],
    } as DesiredState);
  }

  async poll(app: App): Promise<PollResult> {
    const answer = this.polls.get(app.repo);
    if (answer instanceof Error) throw answer;
    return (
      answer ?? {
        revision: app.revision,
        sha: this.sha,
        moved: false,
        rewritten: false,
        errors: [],
        warnings: [],
      }
    );
  }

  newRefresh(): void {}

  repoOf(): RepoHistory {
    return {
      currentSha: () => this.sha,
      log: async () => ok({ commits: [], truncated: false }),
      commitInfo: async (sha: string) => {
        if (this.commitInfoFails) throw new Error('object store unreadable');
        return ok({
          sha,
          parents: [],
          author: { name: 'a', email: 'a@x' },
          date: '2026-01-01T00:00:00Z',
          subject: 's',
        });
      },
    };
  }
}

/** Collects events; `apps(name)` lists what was said about one app, oldest first. */
export function recorder() {
  const events: MonitorEvent[] = [];
  return {
    events,
    listen: (e: MonitorEvent) => void events.push(e),
    apps: (name: string) => events.flatMap((e) => (e.type === 'app' && e.app.name === name ? [e.app] : [])),
    logs: () => events.flatMap((e) => (e.type === 'log' ? [e.message] : [])),
  };
}

/** A promise the test resolves when it wants. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
