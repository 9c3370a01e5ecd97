/** The test bed: N real Kubernetes control planes and a Git server on loopback, started and
 * stopped by recorded pid. `up` is idempotent: it keeps what runs and is healthy, restarts the rest. */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  apiserverSpec,
  componentCwd,
  controllerManagerSpec,
  etcdSpec,
  gitServerSpec,
  kwokSpec,
  schedulerSpec,
  type ComponentSpec,
} from './components.js';
import { get } from './http.js';
import { writeSystemKubeconfig, writeUserKubeconfig } from './kubeconfig.js';
import {
  binDir,
  contextName,
  kwokStagesDir,
  maxClusters,
  paths,
  ports,
  testbedSrc,
  viewerContextName,
} from './layout.js';
import { ensurePki, pkiFiles, type Tokens } from './pki.js';
import {
  isOurs,
  portIsFree,
  readState,
  startProc,
  stopProc,
  waitFor,
  writeState,
  type TestbedState,
} from './procs.js';

const execFileAsync = promisify(execFile);

/** Progress output; the CLI prints it, tests can silence it. */
export type Say = (line: string) => void;

/** Builds any missing binary (cached outside the repository) and returns the bin folder. */
export async function buildBinaries(say: Say): Promise<string> {
  const script = join(testbedSrc, 'build.sh');
  const bin = binDir();
  const needed = [
    'etcd',
    'kwok',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'kubectl',
    'helm',
    'kustomize',
  ];
  if (needed.every((b) => existsSync(join(bin, b)))) return bin;
  say(`building test bed binaries into ${bin} (a cold build takes a while; later runs reuse it)`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} failed with exit code ${code}`)),
    );
  });
  return bin;
}

/** Runs the test bed's kubectl against cluster N as admin (or the viewer). */
export async function kubectl(
  n: number,
  args: string[],
  opts: { input?: string; viewer?: boolean } = {},
): Promise<string> {
  const ctx = opts.viewer ? viewerContextName(n) : contextName(n);
  const child = execFileAsync(
    join(binDir(), 'kubectl'),
    ['--kubeconfig', paths().kubeconfig, '--context', ctx, ...args],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (opts.input !== undefined) {
    child.child.stdin?.end(opts.input);
  }
  const { stdout } = await child;
  return stdout;
}

class Testbed {
  private readonly p = paths();
  private readonly state: TestbedState;
  /** Component ids this process started or stopped since the last save. */
  private readonly touched = new Set<string>();
  private tokens!: Tokens;
  private ca!: Buffer;

  constructor(private readonly say: Say) {
    this.state = readState(this.p.stateFile);
  }

  async up(clusters: number): Promise<void> {
    if (clusters < 1 || clusters > maxClusters)
      throw new Error(`--clusters must be between 1 and ${maxClusters}`);
    const bin = await buildBinaries(this.say);
    const stages = kwokStagesDir();
    this.prepareFiles(clusters);
    await this.ensure(etcdSpec(bin));
    await Promise.all(range(clusters).map((n) => this.ensure(apiserverSpec(bin, n))));
    await Promise.all(
      range(clusters).map(async (n) => {
        await this.bootstrapCluster(n);
        await Promise.all([
          this.ensure(controllerManagerSpec(bin, n)),
          this.ensure(schedulerSpec(bin, n)),
          this.ensure(kwokSpec(bin, stages, n)),
        ]);
      }),
    );
    await this.ensure(gitServerSpec());
    await Promise.all(range(clusters).map((n) => this.probe(n)));
    this.state.clusters = Math.max(this.state.clusters, clusters);
    this.save();
  }

  /** Stops everything recorded, newest layer first; `purge` also deletes the state folder. */
  async down(purge: boolean): Promise<void> {
    const order = (id: string) => (id === 'etcd' ? 2 : id.endsWith('kube-apiserver') ? 1 : 0);
    const recs = Object.values(this.state.procs).sort((a, b) => order(a.id) - order(b.id));
    for (const layer of [0, 1, 2]) {
      await Promise.all(
        recs
          .filter((r) => order(r.id) === layer)
          .map(async (r) => {
            const wasRunning = await stopProc(r);
            this.say(`${wasRunning ? 'stopped' : 'not running'}: ${r.id} (pid ${r.pid})`);
            delete this.state.procs[r.id];
            this.touched.add(r.id);
          }),
      );
    }
    this.state.clusters = 0;
    this.save();
    if (purge) {
      rmSync(this.p.root, { recursive: true, force: true });
      this.say(`removed ${this.p.root}`);
    }
  }

  /** Stops one component by id (e.g. `c2/kube-apiserver`), to test how flotilla copes. */
  async stop(id: string): Promise<void> {
    const rec = this.state.procs[id];
    if (!rec) throw new Error(`no component "${id}" is recorded; see \`testbed status\``);
    const wasRunning = await stopProc(rec);
    delete this.state.procs[id];
    this.touched.add(id);
    this.save();
    this.say(`${wasRunning ? 'stopped' : 'was not running'}: ${id}`);
  }

  /** Starts one component; `probe: false` skips the check that its cluster works again (for tests that
   * keep part of the cluster down on purpose). */
  async start(id: string, options: { probe?: boolean } = {}): Promise<void> {
    const bin = binDir();
    const match = /^c(\d+)\/(.+)$/.exec(id);
    this.loadSecrets();
    let spec: ComponentSpec | undefined;
    if (id === 'etcd') spec = etcdSpec(bin);
    else if (id === 'git-server') spec = gitServerSpec();
    else if (match) {
      const n = Number(match[1]);
      const byName: Record<string, () => ComponentSpec> = {
        'kube-apiserver': () => apiserverSpec(bin, n),
        'kube-controller-manager': () => controllerManagerSpec(bin, n),
        'kube-scheduler': () => schedulerSpec(bin, n),
        kwok: () => kwokSpec(bin, kwokStagesDir(), n),
      };
      spec = byName[match[2] ?? '']?.();
    }
    if (!spec)
      throw new Error(
        `unknown component "${id}"; ids look like etcd, git-server, c1/kube-apiserver, c2/kwok`,
      );
    await this.ensure(spec);
    this.save();
    // After an outage the node may have gone NotReady; the cluster is back only when it works again.
    if (match && options.probe !== false) await this.probe(Number(match[1]));
  }

  /** One line per component: id, pid, alive, health; then the audit logs. */
  async status(): Promise<string[]> {
    const lines: string[] = [];
    if (Object.keys(this.state.procs).length === 0)
      return ['test bed: not running (start it with `npm run testbed -- up`)'];
    this.loadSecrets();
    for (const rec of Object.values(this.state.procs).sort((a, b) => a.id.localeCompare(b.id))) {
      const alive = isOurs(rec);
      const health = alive ? await this.healthOf(rec.id) : 'down';
      lines.push(
        `${rec.id.padEnd(26)} pid ${String(rec.pid).padEnd(8)} ${(alive ? 'running' : 'exited').padEnd(8)} ${health.padEnd(10)} ${rec.port ? `127.0.0.1:${rec.port}` : ''}`.trimEnd(),
      );
      lines.push(`${''.padEnd(26)} log ${rec.log}`);
    }
    for (const n of range(this.state.clusters))
      lines.push(`audit log ${contextName(n)}: ${this.p.auditLog(n)}`);
    lines.push(`kubeconfig: ${this.p.kubeconfig}`);
    lines.push(`git server: http://127.0.0.1:${ports.gitServer} (repositories in ${this.p.gitRoot})`);
    return lines;
  }

  private async healthOf(id: string): Promise<string> {
    const spec = this.specFor(id);
    if (!spec?.health) return 'no-probe';
    return (await this.isHealthy(spec)) ? 'healthy' : 'unhealthy';
  }

  private specFor(id: string): ComponentSpec | undefined {
    const bin = binDir();
    if (id === 'etcd') return etcdSpec(bin);
    if (id === 'git-server') return gitServerSpec();
    const m = /^c(\d+)\/(.+)$/.exec(id);
    if (!m) return undefined;
    const n = Number(m[1]);
    if (m[2] === 'kube-apiserver') return apiserverSpec(bin, n);
    if (m[2] === 'kube-controller-manager') return controllerManagerSpec(bin, n);
    if (m[2] === 'kube-scheduler') return schedulerSpec(bin, n);
    return undefined;
  }

  private loadSecrets(): void {
    if (this.tokens) return;
    this.tokens = ensurePki(this.p.pki);
    this.ca = readFileSync(pkiFiles(this.p.pki).caCert);
  }

  private prepareFiles(clusters: number): void {
    this.loadSecrets();
    const caCert = pkiFiles(this.p.pki).caCert;
    writeUserKubeconfig(this.p.kubeconfig, caCert, this.tokens, Math.max(clusters, this.state.clusters));
    for (const n of range(clusters)) {
      mkdirSync(this.p.cluster(n), { recursive: true });
      writeSystemKubeconfig(join(this.p.cluster(n), 'system.kubeconfig'), caCert, this.tokens, n);
    }
    mkdirSync(this.p.gitRoot, { recursive: true });
    if (!existsSync(this.p.gitTokenFile)) {
      writeFileSync(this.p.gitTokenFile, `gittoken-${randomBytes(12).toString('hex')}\n`, { mode: 0o600 });
    }
  }

  private async isHealthy(spec: ComponentSpec): Promise<boolean> {
    if (!spec.health) return true;
    const { url, bearer } = spec.health;
    const res = await get(url, {
      ca: url.startsWith('https://127.0.0.1') && bearer ? this.ca : undefined,
      token: bearer ? this.tokens.admin : undefined,
    }).catch(() => undefined);
    if (!res || res.status !== 200) return false;
    return spec.id === 'etcd' ? res.body.includes('"health":"true"') : res.body.trim() === 'ok';
  }

  /** Starts a component unless our recorded process already runs it, then waits until healthy. */
  private async ensure(spec: ComponentSpec): Promise<void> {
    const rec = this.state.procs[spec.id];
    if (rec && isOurs(rec)) {
      await waitFor(`${spec.id} to be healthy`, () => this.isHealthy(spec));
      return;
    }
    if (spec.port !== undefined && !(await portIsFree(spec.port))) {
      throw new Error(
        `port ${spec.port} for ${spec.id} is taken by a process the test bed did not start; free it and retry`,
      );
    }
    const log = join(this.p.root, 'logs', `${spec.id.replace('/', '-')}.log`);
    const started = startProc(spec.id, spec.exe, spec.args, log, {
      env: spec.env,
      cwd: componentCwd,
      port: spec.port,
    });
    this.state.procs[spec.id] = started;
    this.touched.add(spec.id);
    this.save();
    this.say(`started ${spec.id} (pid ${started.pid})`);
    try {
      await waitFor(`${spec.id} to be healthy (log: ${log})`, async () => {
        if (!isOurs(started)) throw new Error(`${spec.id} exited; see ${log}`);
        return this.isHealthy(spec);
      });
    } catch (err) {
      if (!isOurs(started))
        throw new Error(`${spec.id} exited during start-up; last lines of ${log}:\n${tail(log, 15)}`);
      throw err;
    }
  }

  /** Objects each cluster needs before its components run: the viewer's RBAC and the fake node. */
  private async bootstrapCluster(n: number): Promise<void> {
    await kubectl(n, ['apply', '-f', '-'], { input: bootstrapManifest() });
  }

  /** Proves the cluster works end to end: node Ready and untainted, a 2-replica Deployment Available. */
  private async probe(n: number): Promise<void> {
    await waitFor(`node kwok-node-0 of ${contextName(n)} to be Ready and untainted`, async () => {
      const node = JSON.parse(await kubectl(n, ['get', 'node', 'kwok-node-0', '-o', 'json'])) as NodeJson;
      const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      return Boolean(ready) && !(node.spec?.taints ?? []).some((t) => NODE_DOWN_TAINTS.includes(t.key));
    });
    await this.wakeUnreadyPods(n);
    // One name per process, so two test runs probing at once never delete each other's probe.
    const name = `testbed-probe-${process.pid}`;
    await kubectl(n, ['apply', '-f', '-'], { input: probeDeployment(name) });
    await waitFor(`the probe Deployment of ${contextName(n)} to have 2 available replicas`, async () => {
      const out = await kubectl(n, [
        'get',
        'deployment',
        name,
        '-n',
        'default',
        '-o',
        'jsonpath={.status.availableReplicas}',
      ]);
      return out.trim() === '2';
    });
    await kubectl(n, ['delete', 'deployment', name, '-n', 'default', '--wait=false', '--ignore-not-found']);
    this.say(
      `${contextName(n)}: https://127.0.0.1:${ports.apiserver(n)} ready (node Ready, probe Deployment 2/2 available)`,
    );
  }

  /** Pods left NotReady by an outage (the node lifecycle controller marks them when heartbeats lapse) get
   * Ready again from a kubelet once it is back. kwok plays a pod's stages only on changes it sees while
   * its node is Ready, and nothing changes those pods after the outage; a kwok that starts while the node
   * is Ready reads every pod afresh and its ready-again Stage runs. So once the node is Ready, the
   * cluster's kwok is restarted when such pods exist. Pods with an outcome label stay unready by design. */
  private async wakeUnreadyPods(n: number): Promise<void> {
    const list = JSON.parse(await kubectl(n, ['get', 'pods', '-A', '-o', 'json'])) as { items: PodJson[] };
    const stale = list.items.filter(
      (p) =>
        p.status?.phase === 'Running' &&
        !p.metadata.deletionTimestamp &&
        !p.metadata.labels?.['testbed.flotilla.dev/outcome'] &&
        !p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    if (stale.length === 0) return;
    this.say(`${contextName(n)}: ${stale.length} pod(s) left NotReady by an outage; restarting its kwok`);
    const id = `c${n}/kwok`;
    if (this.state.procs[id]) await this.stop(id);
    await this.ensure(kwokSpec(binDir(), kwokStagesDir(), n));
    this.save();
  }

  /** Merges this process's changes into the state file as it is now: tests in other processes may
   * have stopped or started components since it was read. */
  private save(): void {
    const current = readState(this.p.stateFile);
    for (const id of this.touched) {
      const rec = this.state.procs[id];
      if (rec) current.procs[id] = rec;
      else delete current.procs[id];
    }
    current.clusters = this.state.clusters;
    writeState(this.p.stateFile, current);
    this.state.procs = { ...current.procs };
    this.touched.clear();
  }
}

/** Taints the node lifecycle controller sets on a node it thinks is down; pods are not scheduled there. */
const NODE_DOWN_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** The fields of a pod the test bed reads. */
interface PodJson {
  metadata: { name: string; namespace: string; deletionTimestamp?: string; labels?: Record<string, string> };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

interface NodeJson {
  spec?: { taints?: { key: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

function bootstrapManifest(): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: testbed-viewer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: testbed-viewer}]
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations: {node.alpha.kubernetes.io/ttl: "0", kwok.x-k8s.io/node: fake}
  labels: {kubernetes.io/arch: amd64, kubernetes.io/os: linux, kubernetes.io/hostname: kwok-node-0, type: kwok}
spec: {}
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
`;
}

function probeDeployment(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: probe, image: fake}]}
`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Brings up `clusters` clusters and the Git server, reusing whatever already runs. */
export const up = (clusters: number, say: Say) => new Testbed(say).up(clusters);
/** Stops every process the test bed recorded. */
export const down = (purge: boolean, say: Say) => new Testbed(say).down(purge);
/** Stops one component by id. */
export const stopComponent = (id: string, say: Say) => new Testbed(say).stop(id);
/** Starts one component by id. */
export const startComponent = (id: string, say: Say, options: { probe?: boolean } = {}) =>
  new Testbed(say).start(id, options);
/** Status lines of every recorded component. */
export const status = () => new Testbed(() => {}).status();

/** Number of clusters the running test bed has (0 when it is down). */
export function runningClusters(): number {
  const state = readState(paths().stateFile);
  const alive = Object.values(state.procs).filter(isOurs).length;
  return alive === 0 ? 0 : state.clusters;
}

/** The environment a user or test needs to talk to the test bed. */
export function env(): Record<string, string> {
  const p = paths();
  return {
    KUBECONFIG: p.kubeconfig,
    FLOTILLA_GIT_URL: `http://127.0.0.1:${ports.gitServer}`,
    FLOTILLA_GIT_ROOT: p.gitRoot,
    FLOTILLA_GIT_USER: 'flotilla',
    FLOTILLA_GIT_TOKEN_FILE: p.gitTokenFile,
    FLOTILLA_TESTBED_CLUSTERS: String(readState(p.stateFile).clusters),
    PATH: `${binDir()}:${process.env.PATH ?? ''}`,
  };
}
