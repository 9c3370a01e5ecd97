/** A deterministic fake fleet for the preview: 3 clusters, app sets across them, standalone apps. */
import type {
  AppView,
  ClusterView,
  CommitView,
  EventView,
  HealthStatus,
  PendingCommits,
  ResourceDiff,
  ResourceNode,
  SyncStatus,
} from '../../src/state/types.js';

/** A tiny seeded random generator (mulberry32), so every preview run shows the same fleet. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SETS = ['guestbook', 'payments', 'ingress', 'monitoring', 'cert-manager', 'search'];
const WORDS = [
  'billing',
  'ledger',
  'auth',
  'catalog',
  'checkout',
  'mailer',
  'reports',
  'gateway',
  'inventory',
  'pricing',
  'profile',
  'queue',
  'sessions',
  'shipping',
  'notify',
  'audit',
];
const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Linus T.', 'Margaret H.', 'Ken T.'];
const SUBJECTS = [
  'bump image',
  'raise memory limit',
  'add readiness probe',
  'rotate TLS secret',
  'scale to 4 replicas',
  'pin chart version',
  'fix env var name',
];

/** Hex string of `n` chars from the generator. */
function hex(rand: () => number, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** The three preview clusters. */
export function demoClusters(now: number): ClusterView[] {
  return [
    {
      name: 'prod-eu',
      labels: { env: 'prod', region: 'eu-west' },
      reachable: true,
      latencyMs: 38,
      lastContact: now - 1_000,
      apiVersion: 'v1.31.4',
      canWrite: true,
      readOnly: false,
    },
    {
      name: 'staging',
      labels: { env: 'staging' },
      reachable: true,
      latencyMs: 14,
      lastContact: now - 2_000,
      apiVersion: 'v1.32.1',
      canWrite: true,
      readOnly: false,
    },
    {
      name: 'dev',
      labels: { env: 'dev' },
      reachable: true,
      latencyMs: 6,
      lastContact: now - 1_000,
      apiVersion: 'v1.32.1',
      canWrite: true,
      readOnly: false,
    },
  ];
}

/** About `count` apps: each app set on every cluster, then standalone apps. */
export function demoApps(now: number, count = 40): AppView[] {
  const rand = seeded(42);
  const clusters = ['prod-eu', 'staging', 'dev'];
  const apps: AppView[] = [];
  const revisions = SETS.map(() => [hex(rand, 40), hex(rand, 40)]);
  SETS.forEach((set, si) => {
    clusters.forEach((cluster, ci) => {
      // Promotion picture: dev runs the newest revision, prod often lags.
      const behind = ci === 0 && si % 2 === 0;
      const [newest, older] = revisions[si] as [string, string];
      apps.push(
        makeApp(
          rand,
          now,
          `${set}-${cluster}`,
          cluster,
          set,
          behind ? older : newest,
          behind ? now - 86_400_000 : now - 3_600_000 * (si + 1),
        ),
      );
    });
  });
  for (let i = 0; apps.length < count; i++) {
    const word = WORDS[i % WORDS.length] as string;
    const name = i < WORDS.length ? word : `${word}-${Math.floor(i / WORDS.length)}`;
    apps.push(
      makeApp(
        rand,
        now,
        name,
        pick(rand, clusters),
        undefined,
        hex(rand, 40),
        now - Math.floor(rand() * 10 * 86_400_000),
      ),
    );
  }
  return apps;
}

function makeApp(
  rand: () => number,
  _now: number,
  name: string,
  cluster: string,
  appSet: string | undefined,
  sha: string,
  commitTime: number,
): AppView {
  const r = rand();
  const health: HealthStatus =
    r < 0.06
      ? 'Degraded'
      : r < 0.14
        ? 'Progressing'
        : r < 0.17
          ? 'Missing'
          : r < 0.2
            ? 'Suspended'
            : 'Healthy';
  const s = rand();
  const sync: SyncStatus = s < 0.2 ? 'OutOfSync' : s < 0.24 ? 'Unknown' : 'Synced';
  return {
    id: `${cluster}/${name}`,
    name,
    appSet,
    cluster,
    namespace: appSet ?? name,
    sync,
    health,
    healthMessage: health === 'Degraded' ? 'Deployment has 0/3 available replicas' : undefined,
    revision: { sha, ref: 'main', commitTime },
    driftCount: sync === 'OutOfSync' ? 1 + Math.floor(rand() * 4) : 0,
    autoSync: { enabled: rand() < 0.7, prune: rand() < 0.5, selfHeal: rand() < 0.3 },
  };
}

/** A resource tree for an app: Deployment (expandable), Service, ConfigMap, maybe a Secret. */
export function demoTree(app: AppView): ResourceNode[] {
  const ns = app.namespace;
  const degraded = app.health === 'Degraded';
  return [
    {
      key: `apps/Deployment/${ns}/${app.name}`,
      kind: 'Deployment',
      namespace: ns,
      name: app.name,
      sync: app.sync,
      health: app.health,
      message: degraded ? '0/3 replicas available' : '3/3 replicas available',
      expandable: true,
    },
    {
      key: `/Service/${ns}/${app.name}`,
      kind: 'Service',
      namespace: ns,
      name: app.name,
      sync: 'Synced',
      health: 'Healthy',
    },
    {
      key: `/ConfigMap/${ns}/${app.name}-config`,
      kind: 'ConfigMap',
      namespace: ns,
      name: `${app.name}-config`,
      sync: app.driftCount > 1 ? 'OutOfSync' : 'Synced',
    },
    {
      key: `/Secret/${ns}/${app.name}-creds`,
      kind: 'Secret',
      namespace: ns,
      name: `${app.name}-creds`,
      sync: 'Synced',
    },
  ];
}

/** Children of a node (ReplicaSet under a Deployment, Pods under a ReplicaSet). */
export function demoChildren(app: AppView, key: string): ResourceNode[] {
  const ns = app.namespace;
  if (key.startsWith('apps/Deployment/')) {
    return [
      {
        key: `apps/ReplicaSet/${ns}/${app.name}-7d9f8`,
        kind: 'ReplicaSet',
        namespace: ns,
        name: `${app.name}-7d9f8`,
        health: app.health,
        expandable: true,
      },
    ];
  }
  if (key.startsWith('apps/ReplicaSet/')) {
    const bad = app.health === 'Degraded';
    return ['x2k4p', 'm9qzt', 'c81vw'].map((id, i) => ({
      key: `/Pod/${ns}/${app.name}-7d9f8-${id}`,
      kind: 'Pod',
      namespace: ns,
      name: `${app.name}-7d9f8-${id}`,
      health: (bad && i === 0 ? 'Degraded' : 'Healthy') as HealthStatus,
      message: bad && i === 0 ? 'CrashLoopBackOff: back-off 5m0s restarting failed container' : 'Running',
    }));
  }
  return [];
}

/** Events for an app; Degraded apps get warnings. */
export function demoEvents(app: AppView, now: number): EventView[] {
  const pod = `Pod/${app.name}-7d9f8-x2k4p`;
  const events: EventView[] = [
    {
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${app.name}-7d9f8 to 3`,
      object: `Deployment/${app.name}`,
      count: 1,
      lastSeen: now - 3_600_000,
    },
    {
      type: 'Normal',
      reason: 'Pulled',
      message: 'Successfully pulled image in 1.2s',
      object: pod,
      count: 3,
      lastSeen: now - 600_000,
    },
    {
      type: 'Normal',
      reason: 'Started',
      message: 'Started container app',
      object: pod,
      count: 3,
      lastSeen: now - 590_000,
    },
  ];
  if (app.health === 'Degraded') {
    events.push(
      {
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container app in pod',
        object: pod,
        count: 14,
        lastSeen: now - 30_000,
      },
      {
        type: 'Warning',
        reason: 'Unhealthy',
        message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
        object: pod,
        count: 52,
        lastSeen: now - 12_000,
      },
    );
  }
  return events;
}

/** A diff for an app with drift: replicas changed live, an image pinned, a Secret value (masked). */
export function demoDiff(app: AppView): ResourceDiff[] {
  if (app.driftCount === 0 && app.sync === 'Synced') return [];
  const ns = app.namespace;
  const deployment: ResourceDiff = {
    key: `apps/Deployment/${ns}/${app.name}`,
    kind: 'Deployment',
    namespace: ns,
    name: app.name,
    lines: [
      `--- desired apps/v1/Deployment ${ns}/${app.name}`,
      `+++ live apps/v1/Deployment ${ns}/${app.name}`,
      '@@ -6,12 +6,12 @@',
      ' metadata:',
      `   name: ${app.name}`,
      `   namespace: ${ns}`,
      ' spec:',
      '-  replicas: 3',
      '+  replicas: 5',
      '   selector:',
      '     matchLabels:',
      `       app: ${app.name}`,
      '   template:',
      '     spec:',
      '       containers:',
      `-        - image: registry.example/${app.name}:1.4.2`,
      `+        - image: registry.example/${app.name}:1.4.2-hotfix`,
      '           resources:',
      '             limits:',
      '-              memory: 256Mi',
      '+              memory: 512Mi',
    ],
  };
  const config: ResourceDiff = {
    key: `/ConfigMap/${ns}/${app.name}-config`,
    kind: 'ConfigMap',
    namespace: ns,
    name: `${app.name}-config`,
    lines: [
      '--- desired v1/ConfigMap',
      '+++ live v1/ConfigMap',
      '@@ -3,3 +3,4 @@',
      ' data:',
      '   LOG_LEVEL: info',
      '+  DEBUG: "true"',
      '   REGION: eu-west-1',
    ],
  };
  const secret: ResourceDiff = {
    key: `/Secret/${ns}/${app.name}-creds`,
    kind: 'Secret',
    namespace: ns,
    name: `${app.name}-creds`,
    lines: [
      '--- desired v1/Secret',
      '+++ live v1/Secret',
      '@@ -3,2 +3,2 @@',
      ' data:',
      '-  password: ++++++++ (masked)',
      '+  password: ++++++++++++ (masked)',
    ],
  };
  return [deployment, config, secret].slice(0, Math.max(1, app.driftCount));
}

/** Commits between the deployed revision and a newer tip. */
export function demoPending(app: AppView, now: number): PendingCommits {
  const rand = seeded(app.id.length * 7919 + app.name.charCodeAt(0));
  const n = Math.floor(rand() * 4);
  const commits: CommitView[] = Array.from({ length: n }, (_, i) => ({
    sha: hex(rand, 40),
    subject: `${app.appSet ?? app.name}: ${pick(rand, SUBJECTS)}`,
    author: pick(rand, AUTHORS),
    time: now - (i + 1) * 1_800_000,
  }));
  return {
    repo: 'git.example/fleet.git',
    ref: app.revision.ref,
    deployedSha: app.revision.sha,
    tipSha: commits[0]?.sha ?? app.revision.sha,
    commits,
  };
}
