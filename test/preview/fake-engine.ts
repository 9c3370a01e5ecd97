/**
 * A stand-in for the engine worker, for the preview only: answers intents with demo data after a
 * short delay and keeps the fleet moving (latency, an app turning Degraded, a cluster going away and
 * coming back) through the same patch coalescer the real bridge will use.
 */
import { createPatchCoalescer } from '../../src/state/coalescer.js';
import { noopIntents, type Intents } from '../../src/state/intents.js';
import type { FlotillaStore } from '../../src/state/store.js';
import type { AppView, ClusterView } from '../../src/state/types.js';
import {
  demoApps,
  demoChildren,
  demoClusters,
  demoDiff,
  demoEvents,
  demoPending,
  demoTree,
  seeded,
} from './demo-fleet.js';
import { demoHistory, demoHistoryDiff } from './demo-history.js';

/** A running fake engine. */
export interface FakeEngine {
  intents: Intents;
  stop(): void;
}

/** Seeds the store and starts the simulation. `outageAtS`: seconds until the staging cluster drops (0: never). */
export function startFakeEngine(
  store: FlotillaStore,
  options: { apps?: number; outageAtS?: number } = {},
): FakeEngine {
  const coalescer = createPatchCoalescer(store, { intervalMs: 100 });
  const start = Date.now();
  let clusters = demoClusters(start);
  let apps = demoApps(start, options.apps ?? 40);
  coalescer.push([
    { kind: 'clusters', upsert: clusters, replace: true },
    { kind: 'apps', upsert: apps, replace: true },
  ]);
  coalescer.flush();

  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const appById = (id: string): AppView | undefined => apps.find((a) => a.id === id);

  const rand = seeded(7);
  const outageAt = options.outageAtS ?? 25;
  let tick = 0;
  const ticker = setInterval(() => {
    tick++;
    const now = Date.now();
    const outage = outageAt > 0 && tick % 60 >= outageAt && tick % 60 < outageAt + 20;
    clusters = clusters.map((c): ClusterView => {
      if (c.name === 'staging' && outage)
        return { ...c, reachable: false, lastError: 'dial tcp 10.0.2.15:6443: connect: connection refused' };
      return {
        ...c,
        reachable: true,
        lastError: undefined,
        lastContact: now,
        latencyMs: Math.round(c.latencyMs ?? 10) + Math.round(rand() * 6 - 3),
      };
    });
    const patches: Parameters<typeof coalescer.push>[0][] = [{ kind: 'clusters', upsert: clusters }];
    if (tick % 15 === 8) {
      const victim = apps[Math.floor(rand() * apps.length)] as AppView;
      const next: AppView = {
        ...victim,
        health: victim.health === 'Degraded' ? 'Healthy' : 'Degraded',
        healthMessage: 'Deployment has 0/3 available replicas',
      };
      apps = apps.map((a) => (a.id === victim.id ? next : a));
      patches.push({ kind: 'apps', upsert: [next] });
    }
    for (const p of patches) coalescer.push(p);
  }, 1000);

  const intents: Intents = {
    // The preview has no clusters to act on: acting intents do nothing here.
    ...noopIntents,
    requestAppDetail(id) {
      const app = appById(id);
      if (!app) return;
      later(150, () =>
        coalescer.push({
          kind: 'appDetail',
          app: id,
          status: 'ready',
          resources: demoTree(app),
          events: demoEvents(app, Date.now()),
        }),
      );
    },
    releaseAppDetail() {},
    requestChildren(id, key) {
      const app = appById(id);
      if (!app) return;
      later(250, () =>
        coalescer.push({
          kind: 'resourceChildren',
          app: id,
          resource: key,
          children: demoChildren(app, key),
        }),
      );
    },
    requestDiff(id) {
      const app = appById(id);
      if (!app) return;
      later(300, () => coalescer.push({ kind: 'diff', app: id, status: 'ready', resources: demoDiff(app) }));
    },
    requestCommits(id) {
      const app = appById(id);
      if (!app) return;
      later(200, () => coalescer.push({ kind: 'commits', app: id, pending: demoPending(app, Date.now()) }));
    },
    refresh() {},
    // History (H): demo entries and an entry's diff.
    requestHistory(id) {
      const app = appById(id);
      if (!app) return;
      later(200, () => coalescer.push({ kind: 'history', history: demoHistory(app, Date.now()) }));
    },
    requestHistoryDiff(id, entry) {
      later(200, () =>
        coalescer.push({
          kind: 'historyDiff',
          app: id,
          diff: { id: entry, status: 'ready', resources: demoHistoryDiff(entry) },
        }),
      );
    },
  };
  return {
    intents,
    stop() {
      clearInterval(ticker);
      for (const t of timers) clearTimeout(t);
      coalescer.dispose();
    },
  };
}
