/** Command lines of the test bed's components: one shared etcd, then per cluster an apiserver,
 * controller-manager, scheduler and kwok, and the Git server. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ownKwokStagesDir, paths, ports, repoRoot, testbedSrc } from './layout.js';
import { pkiFiles } from './pki.js';

/** What to run for one component, and how to tell that it is ready. */
export interface ComponentSpec {
  id: string;
  exe: string;
  args: string[];
  port?: number;
  env?: NodeJS.ProcessEnv;
  /** URL answering `ok` (or etcd's health JSON) once the component is ready. */
  health?: { url: string; bearer?: boolean };
}

/** The shared etcd; each apiserver keeps its objects under its own key prefix. */
export function etcdSpec(bin: string): ComponentSpec {
  const p = paths();
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return {
    id: 'etcd',
    exe: join(bin, 'etcd'),
    args: [
      '--name=testbed',
      `--data-dir=${p.etcdData}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=testbed=${peer}`,
      '--initial-cluster-state=new',
      '--unsafe-no-fsync=true',
      '--quota-backend-bytes=2147483648',
      '--log-level=warn',
    ],
    port: ports.etcdClient,
    health: { url: `${client}/health` },
  };
}

/** Audit policy: every request of the admin and viewer identities at Metadata level; the
 * components' own identity is left out so the log shows what tests and flotilla sent. */
function writeAuditPolicy(file: string): void {
  writeFileSync(
    file,
    [
      'apiVersion: audit.k8s.io/v1',
      'kind: Policy',
      'omitStages: [RequestReceived]',
      'rules:',
      '  - level: None',
      '    users: [testbed-system]',
      '  - level: None',
      '    nonResourceURLs: ["/readyz*", "/livez*", "/healthz*"]',
      '  - level: Metadata',
      '',
    ].join('\n'),
  );
}

/** kube-apiserver of cluster N. */
export function apiserverSpec(bin: string, n: number): ComponentSpec {
  const p = paths();
  const f = pkiFiles(p.pki);
  const dir = p.cluster(n);
  const policy = join(dir, 'audit-policy.yaml');
  writeAuditPolicy(policy);
  const port = ports.apiserver(n);
  return {
    id: `c${n}/kube-apiserver`,
    exe: join(bin, 'kube-apiserver'),
    args: [
      `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
      `--etcd-prefix=/testbed-c${n}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${f.serverCert}`,
      `--tls-private-key-file=${f.serverKey}`,
      `--client-ca-file=${f.caCert}`,
      `--token-auth-file=${f.tokensCsv}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${f.saPub}`,
      `--service-account-signing-key-file=${f.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--endpoint-reconciler-type=none',
      '--allow-privileged=true',
      '--disable-admission-plugins=ServiceAccount',
      '--enable-priority-and-fairness=false',
      `--cert-dir=${join(dir, 'certs')}`,
      `--audit-policy-file=${policy}`,
      `--audit-log-path=${p.auditLog(n)}`,
      '--audit-log-format=json',
      '--audit-log-maxsize=200',
      '--audit-log-maxbackup=1',
      '--profiling=false',
      '--v=1',
    ],
    port,
    env: { ...process.env, GOMEMLIMIT: '600MiB' },
    health: { url: `https://127.0.0.1:${port}/readyz`, bearer: true },
  };
}

/** How fast the node lifecycle controller gives up on a silent node: Kubernetes' defaults (40 s lease,
 * 5 s monitor period, 50 s grace), written out. Shorter ones made nodes flap on a loaded 2-core
 * machine, and a flap leaves pods NotReady (see docs/testbed.md). */
export const nodeHealth = { leaseSeconds: 40, monitorPeriodSeconds: 5, monitorGracePeriodSeconds: 50 };

/** kube-controller-manager of cluster N (deployments, replica sets, node lifecycle, GC…). */
export function controllerManagerSpec(bin: string, n: number): ComponentSpec {
  const p = paths();
  const f = pkiFiles(p.pki);
  const kubeconfig = join(p.cluster(n), 'system.kubeconfig');
  const port = ports.controllerManager(n);
  return {
    id: `c${n}/kube-controller-manager`,
    exe: join(bin, 'kube-controller-manager'),
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      '--leader-elect=false',
      `--root-ca-file=${f.caCert}`,
      `--service-account-private-key-file=${f.saKey}`,
      '--use-service-account-credentials=false',
      '--controllers=*',
      `--node-monitor-period=${nodeHealth.monitorPeriodSeconds}s`,
      `--node-monitor-grace-period=${nodeHealth.monitorGracePeriodSeconds}s`,
      '--v=1',
    ],
    port,
    health: { url: `https://127.0.0.1:${port}/healthz` },
  };
}

/** kube-scheduler of cluster N: without it pods stay Pending. */
export function schedulerSpec(bin: string, n: number): ComponentSpec {
  const kubeconfig = join(paths().cluster(n), 'system.kubeconfig');
  const port = ports.scheduler(n);
  return {
    id: `c${n}/kube-scheduler`,
    exe: join(bin, 'kube-scheduler'),
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      '--leader-elect=false',
      '--v=1',
    ],
    port,
    health: { url: `https://127.0.0.1:${port}/healthz` },
  };
}

/** kwok of cluster N: makes the fake node Ready and pods Running, with upstream's "fast" stages
 * (from kwok's module, `stages`) and the test bed's own (test/testbed/kwok-stages: outcome labels,
 * Ready again after an outage). */
export function kwokSpec(bin: string, stages: string, n: number): ComponentSpec {
  const kubeconfig = join(paths().cluster(n), 'system.kubeconfig');
  const upstreamFiles = [
    'node/fast/node-initialize.yaml',
    'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
    'pod/fast/pod-ready.yaml',
    'pod/fast/pod-complete.yaml',
    'pod/fast/pod-delete.yaml',
  ].map((s) => join(stages, s));
  const ownFiles = ownKwokStageFiles.map((s) => join(ownKwokStagesDir, s));
  return {
    id: `c${n}/kwok`,
    exe: join(bin, 'kwok'),
    args: [
      `--kubeconfig=${kubeconfig}`,
      ...[...upstreamFiles, ...ownFiles].map((f) => `--config=${f}`),
      '--manage-all-nodes=true',
      '--cidr=10.244.0.0/16',
      '--node-ip=10.0.0.1',
      `--node-lease-duration-seconds=${nodeHealth.leaseSeconds}`,
    ],
  };
}

/** The test bed's own kwok Stages, each documented in its file and in docs/testbed.md. */
const ownKwokStageFiles = [
  'pod-fail.yaml',
  'pod-succeed.yaml',
  'pod-crash-loop.yaml',
  'pod-never-ready.yaml',
  'pod-ready-again.yaml',
];

/** The smart-HTTP Git server (git http-backend behind a small Node server). */
export function gitServerSpec(): ComponentSpec {
  const p = paths();
  return {
    id: 'git-server',
    exe: process.execPath,
    args: [
      '--import',
      pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
      join(testbedSrc, 'git-server.ts'),
      `--port=${ports.gitServer}`,
      `--root=${p.gitRoot}`,
      `--access-log=${p.gitAccessLog}`,
      '--user=flotilla',
      `--token-file=${p.gitTokenFile}`,
    ],
    port: ports.gitServer,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    health: { url: `http://127.0.0.1:${ports.gitServer}/healthz` },
  };
}

/** Working folder for processes that resolve packages from the checkout (the Git server's tsx). */
export const componentCwd = repoRoot;
