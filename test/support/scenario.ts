/**
 * One sync scenario on the test bed: a repository on its Git server that a test can commit to, a fleet
 * file naming the test's apps, the environment flotilla runs in, and the clean-up of all of it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { KubeObject } from '../../src/engine/objects.js';
import { runFlotilla, type CliRun } from './cli.js';
import { seedRepo, type SeededRepo } from './seed-repo.js';
import { kubectl, testbed } from './testbed.js';

/** An app of the scenario's fleet. */
export interface ScenarioApp {
  name: string;
  /** Folder in the scenario's repository. */
  path: string;
  namespace: string;
  /** Fleet cluster: `one` (test bed cluster 1), `two` (cluster 2) or `one-viewer` (cluster 1, read-only user). */
  cluster?: 'one' | 'two' | 'one-viewer';
  /** Extra YAML lines of the app entry, each indented by four spaces. */
  extra?: string;
  /** Extra entries of the app's syncPolicy flow mapping, e.g. `automated: { selfHeal: true }`. */
  syncPolicy?: string;
}

/** An app set of the scenario's fleet: one app on each of clusters one, two and three (test bed clusters
 * 1–3, labelled `wave: a`, `b` and `c`). */
export interface ScenarioAppSet {
  name: string;
  /** Folder in the scenario's repository; may read the label, as in `apps/x/{{cluster.labels.wave}}`. */
  path: string;
  namespace: string;
}

/** Options of the scenario's fleet. */
export interface ScenarioOptions {
  /** The repo's poll interval, e.g. `2s` (default: flotilla's). */
  pollInterval?: string;
  /** App sets, which bring in cluster three. */
  appSets?: readonly ScenarioAppSet[];
}

/** Files of a commit: path → text, or null to delete the file. */
export type RepoChanges = Record<string, string | null>;

/** A scenario's repository, fleet and environment. */
export class Scenario {
  readonly id = `${process.pid % 10000}${Date.now() % 100000}`;
  readonly work = mkdtempSync(join(tmpdir(), 'flotilla-sync-'));
  readonly repoName: string;
  readonly env: NodeJS.ProcessEnv;
  private seeded: SeededRepo | undefined;
  private readonly namespaces = new Set<string>();
  /** Test bed clusters the scenario's apps go to. */
  private readonly clusters = [1, 2];

  constructor(theme: string) {
    this.repoName = `int-sync-${theme}-${this.id}`;
    const tb = testbed();
    this.env = {
      HOME: this.work,
      XDG_CACHE_HOME: join(this.work, 'cache'),
      XDG_STATE_HOME: join(this.work, 'state'),
      KUBECONFIG: tb.kubeconfig,
      PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
    };
  }

  /** A name unique to this run: `prefix-<id>`. */
  name(prefix: string): string {
    return `${prefix}-${this.id}`;
  }

  /** Seeds the repository with `files` and writes the fleet file naming `apps` (and `opts.appSets`, which
   * bring in cluster three). */
  setUp(files: Record<string, string>, apps: readonly ScenarioApp[], opts: ScenarioOptions = {}): void {
    const appSets = opts.appSets ?? [];
    this.seeded = seedRepo(this.repoName, files, { message: 'first' });
    for (const a of [...apps, ...appSets]) this.namespaces.add(a.namespace);
    if (appSets.length > 0) this.clusters.push(3);
    writeFileSync(
      join(this.work, 'flotilla.yaml'),
      fleetYaml(`${testbed().gitUrl}/${this.repoName}.git`, apps, opts),
    );
  }

  /** Pushes one commit with these changes on `main`; answers its SHA. */
  commit(changes: RepoChanges, message: string): string {
    const bare = join(testbed().gitRoot, `${this.repoName}.git`);
    const src = mkdtempSync(join(tmpdir(), 'flotilla-commit-'));
    const git = (...a: string[]) =>
      execFileSync('git', ['-C', src, '-c', 'user.name=Test', '-c', 'user.email=test@flotilla.local', ...a], {
        encoding: 'utf8',
      });
    try {
      execFileSync('git', ['clone', '--quiet', bare, src]);
      for (const [path, text] of Object.entries(changes)) {
        const file = join(src, path);
        if (text === null) rmSync(file, { force: true });
        else {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
      }
      git('add', '-A');
      git('commit', '--quiet', '--allow-empty', '-m', message);
      git('push', '--quiet', 'origin', 'main');
      return git('rev-parse', 'HEAD').trim();
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  }

  /** Replaces `main` with one new root commit of exactly `files`, pushed with --force (history rewritten);
   * answers its SHA. */
  forcePush(files: Record<string, string>, message: string): string {
    const bare = join(testbed().gitRoot, `${this.repoName}.git`);
    const src = mkdtempSync(join(tmpdir(), 'flotilla-rewrite-'));
    const git = (...a: string[]) =>
      execFileSync('git', ['-C', src, '-c', 'user.name=Test', '-c', 'user.email=test@flotilla.local', ...a], {
        encoding: 'utf8',
      });
    try {
      execFileSync('git', ['init', '--quiet', '--initial-branch=main', src]);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(src, path)), { recursive: true });
        writeFileSync(join(src, path), text);
      }
      git('add', '-A');
      git('commit', '--quiet', '-m', message);
      git('push', '--quiet', '--force', bare, 'main');
      return git('rev-parse', 'HEAD').trim();
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  }

  /** The commit `main` points at. */
  head(): string {
    const bare = join(testbed().gitRoot, `${this.repoName}.git`);
    return execFileSync('git', ['-C', bare, 'rev-parse', 'main'], { encoding: 'utf8' }).trim();
  }

  /** Runs `flotilla ARGS` in the scenario's folder and environment. */
  /** `flotilla status APP -o json`: the app's sync and health, and each resource's. */
  async status(app: string): Promise<AppStatusJson> {
    const r = await this.flotilla('status', app, '-o', 'json');
    return (JSON.parse(r.stdout) as AppStatusJson[])[0]!;
  }

  flotilla(...args: string[]): Promise<CliRun> {
    return runFlotilla(args, { env: this.env, cwd: this.work });
  }

  /** Removes the repository, the folder and (without waiting) the apps' namespaces. */
  async tearDown(): Promise<void> {
    rmSync(this.work, { recursive: true, force: true });
    this.seeded?.remove();
    for (const ns of this.namespaces)
      for (const n of this.clusters)
        await kubectl(n, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']).catch(() => '');
  }
}

function fleetYaml(repoUrl: string, apps: readonly ScenarioApp[], opts: ScenarioOptions): string {
  const appSets = opts.appSets ?? [];
  const tb = testbed();
  const entries = apps.map(
    (a) =>
      `  - name: ${a.name}\n    repo: deploy\n    revision: main\n    path: ${a.path}\n` +
      `    destination: { cluster: ${a.cluster ?? 'one'}, namespace: ${a.namespace} }\n` +
      `    syncPolicy: { syncOptions: [CreateNamespace=true]${a.syncPolicy ? `, ${a.syncPolicy}` : ''} }\n${a.extra ?? ''}`,
  );
  const sets = appSets.map(
    (a) =>
      `  - name: ${a.name}\n    clusters: { matchExpressions: [{ key: wave, operator: Exists }] }\n` +
      `    template:\n      repo: deploy\n      revision: main\n      path: ${JSON.stringify(a.path)}\n` +
      `      destination: { namespace: ${a.namespace} }\n      syncPolicy: { syncOptions: [CreateNamespace=true] }\n`,
  );
  const three =
    appSets.length > 0 ? `  - { name: three, context: ${tb.context(3)}, labels: { wave: c } }\n` : '';
  return `clusters:
  - { name: one, context: ${tb.context(1)}, labels: { wave: a } }
  - { name: two, context: ${tb.context(2)}, labels: { wave: b } }
${three}  - { name: one-viewer, context: ${tb.viewerContext(1)} }
repos:
  - { name: deploy, url: ${repoUrl}${opts.pollInterval ? `, pollInterval: ${opts.pollInterval}` : ''} }
apps:
${entries.join('')}${sets.length > 0 ? `appSets:\n${sets.join('')}` : ''}`;
}

/** Kind (as kubectl names it), namespace and name of an object to read. */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** The live object on cluster N, or undefined when it does not exist. */
export async function getObject(cluster: number, ref: ObjectRef): Promise<KubeObject | undefined> {
  const ns = ref.namespace ? ['-n', ref.namespace] : [];
  const out = await kubectl(cluster, [
    'get',
    ref.kind,
    ref.name,
    ...ns,
    '-o',
    'json',
    '--ignore-not-found',
    '--show-managed-fields',
  ]);
  return out.trim() ? (JSON.parse(out) as KubeObject) : undefined;
}

/** Names of the objects of a kind in a namespace on cluster N. */
export async function namesOf(cluster: number, kind: string, namespace: string): Promise<string[]> {
  const out = await kubectl(cluster, ['get', kind, '-n', namespace, '-o', 'name']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(l.indexOf('/') + 1))
    .sort();
}

/**
 * Re-checks `probe` until it answers a value other than undefined, for at most `timeoutMs`; throws naming
 * `what` when it never does. For conditions the test bed reaches on its own (controllers, kwok).
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    // Each probe is a kubectl round trip; a short breather keeps the shared machine responsive.
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** An app's line of `flotilla status -o json`, as far as the sync tests read it. */
export interface AppStatusJson {
  sync: string;
  health: string;
  resources: { kind: string; name: string; sync: string; health: string | null }[];
}

/** The resources that keep an app from Synced and Healthy, to explain a failed assertion. */
export const unsettled = (st: AppStatusJson | undefined): string =>
  JSON.stringify(st?.resources.filter((r) => r.sync !== 'Synced' || (r.health ?? 'Healthy') !== 'Healthy'));
