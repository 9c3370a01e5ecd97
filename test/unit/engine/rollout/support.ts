/** Fixtures of the rollout tests: a fleet with an app set over labelled clusters, sync outcomes, and a sync
 * port whose syncs end when the test says. */
import type { Fleet } from '../../../../src/engine/config/index.js';
import { parseFleet } from '../../../../src/engine/config/index.js';
import type { SyncPort } from '../../../../src/engine/rollout/index.js';
import type { OperationState, SyncOutcome, SyncRequest } from '../../../../src/engine/sync/index.js';
import { settle } from '../cluster/fake-clock.js';

/** Clusters stg (env=staging), eu and us (env=prod), dev (env=dev), lab (no env); app set `web` on all. */
export const FLEET_YAML = `clusters:
  - { name: stg, context: c1, labels: { env: staging } }
  - { name: eu, context: c2, labels: { env: prod } }
  - { name: us, context: c3, labels: { env: prod } }
  - { name: dev, context: c4, labels: { env: dev } }
  - { name: lab, context: c5 }
repos:
  - { name: deploy, url: /srv/git/deploy }
appSets:
  - name: web
    clusters: {}
    template: { repo: deploy, path: web, destination: { namespace: web } }
  - name: none
    clusters: { matchLabels: { env: nowhere } }
    template: { repo: deploy, path: web, destination: { namespace: web } }
`;

/** The fleet of FLEET_YAML, or of other text. */
export function fleetOf(text = FLEET_YAML): Fleet {
  const r = parseFleet(text, '/fleet/flotilla.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.value;
}

/** A finished operation of `app`. */
export function operation(app: string, phase: OperationState['phase'], message?: string): OperationState {
  return {
    id: `${app}-op`,
    app,
    cluster: 'c',
    revision: 'abc',
    initiator: { user: 'alice', host: 'ops-1', pid: 1 },
    startedAt: '2026-12-03T12:00:00.000Z',
    finishedAt: '2026-12-03T12:01:00.000Z',
    phase,
    ...(message ? { message } : {}),
    dryRun: false,
    prune: false,
    partial: false,
    tasks: [],
  };
}

export const succeeded = (app: string): SyncOutcome => ({
  started: true,
  state: operation(app, 'Succeeded'),
});
export const failed = (app: string, message: string): SyncOutcome => ({
  started: true,
  state: operation(app, 'Failed', message),
});
export const refused = (message: string): SyncOutcome => ({
  started: false,
  problems: [{ code: 'sync.unreachable', message }],
});

/** A sync port whose syncs run until `end` is called for their app (or their signal aborts, if `onAbort`). */
export class ScriptedSyncs {
  readonly started: { app: string; request: SyncRequest }[] = [];
  private readonly pending = new Map<string, (o: SyncOutcome) => void>();

  constructor(private readonly onAbort?: (app: string) => SyncOutcome) {}

  readonly port: SyncPort = (app, request) => {
    this.started.push({ app, request });
    return new Promise<SyncOutcome>((resolve) => {
      this.pending.set(app, resolve);
      const { signal } = request;
      if (this.onAbort && signal) {
        const abort = () => resolve(this.onAbort!(app));
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort, { once: true });
      }
    });
  };

  /** Names of the apps whose syncs started, in order. */
  get apps(): string[] {
    return this.started.map((s) => s.app);
  }

  /** Ends the app's running sync with `outcome` and lets the loop move on. */
  async end(app: string, outcome: SyncOutcome): Promise<void> {
    const resolve = this.pending.get(app);
    if (!resolve) throw new Error(`no sync of ${app} is running`);
    this.pending.delete(app);
    resolve(outcome);
    await settle();
  }
}
