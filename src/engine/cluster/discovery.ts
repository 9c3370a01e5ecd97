/**
 * Discovery of API resources: (group, version, kind) → plural resource and scope. Uses aggregated
 * discovery (two requests for the whole cluster) and falls back to one request per group-version on
 * servers without it. Cached with a TTL, and refreshed early when a kind is not found (a CRD may just
 * have been installed).
 */
import type { Clock, Logger } from './deps.js';
import type { ResourceInfo } from './paths.js';
import { groupVersionPath } from './paths.js';
import type { RawRequest, RawResponse } from './transport.js';
import { ClusterRequestError, isClusterError } from './errors.js';

/** Accept header asking for aggregated discovery (v2, then v2beta1), else the classic lists. */
const aggregatedDiscoveryAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList;q=0.9,application/json;q=0.8';

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

/** Resources of an aggregated discovery document (`APIGroupDiscoveryList`), versions in preference order. */
export function parseAggregatedDiscovery(doc: unknown): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const item of arr(obj(doc)?.items)) {
    const group = text(obj(obj(item)?.metadata)?.name) ?? '';
    for (const v of arr(obj(item)?.versions)) {
      const version = text(obj(v)?.version);
      if (!version) continue;
      for (const r of arr(obj(v)?.resources)) {
        const res = obj(r);
        const kind = text(obj(res?.responseKind)?.kind);
        const resource = text(res?.resource);
        if (!kind || !resource) continue;
        out.push({
          group,
          version,
          kind,
          resource,
          namespaced: res?.scope === 'Namespaced',
          verbs: strings(res?.verbs),
        });
      }
    }
  }
  return out;
}

/** Resources of one classic `APIResourceList` (`/api/v1`, `/apis/<g>/<v>`); subresources are skipped. */
export function parseResourceList(doc: unknown): ResourceInfo[] {
  const d = obj(doc);
  const gv = text(d?.groupVersion) ?? '';
  const slash = gv.indexOf('/');
  const group = slash < 0 ? '' : gv.slice(0, slash);
  const version = slash < 0 ? gv : gv.slice(slash + 1);
  const out: ResourceInfo[] = [];
  for (const r of arr(d?.resources)) {
    const res = obj(r);
    const name = text(res?.name);
    const kind = text(res?.kind);
    if (!name || !kind || name.includes('/')) continue;
    out.push({
      group,
      version,
      kind,
      resource: name,
      namespaced: res?.namespaced === true,
      verbs: strings(res?.verbs),
    });
  }
  return out;
}

/** Group-versions of a classic `APIGroupList` (`/apis`), preferred version first in each group. */
export function parseGroupList(doc: unknown): Array<{ group: string; version: string }> {
  const out: Array<{ group: string; version: string }> = [];
  for (const g of arr(obj(doc)?.groups)) {
    const group = text(obj(g)?.name);
    if (!group) continue;
    const preferred = text(obj(obj(g)?.preferredVersion)?.version);
    const versions = arr(obj(g)?.versions)
      .map((v) => text(obj(v)?.version))
      .filter((v): v is string => !!v);
    versions.sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : 0));
    for (const version of versions) out.push({ group, version });
  }
  return out;
}

/** Looks up resources of one discovery snapshot. */
export class ResourceIndex {
  private readonly byGvk = new Map<string, ResourceInfo>();
  private readonly byGk = new Map<string, ResourceInfo>();

  /** Builds the index; for each group/kind the first resource listed (the preferred version) wins. */
  constructor(readonly resources: readonly ResourceInfo[]) {
    for (const r of resources) {
      const gvk = `${r.group}/${r.version}/${r.kind}`;
      if (!this.byGvk.has(gvk)) this.byGvk.set(gvk, r);
      const gk = `${r.group}/${r.kind}`;
      if (!this.byGk.has(gk)) this.byGk.set(gk, r);
    }
  }

  /** The resource serving this exact group, version and kind. */
  find(group: string, version: string, kind: string): ResourceInfo | undefined {
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  /** The resource of a group and kind at its preferred version. */
  findKind(group: string, kind: string): ResourceInfo | undefined {
    return this.byGk.get(`${group}/${kind}`);
  }
}

/** Settings of the discovery cache. */
interface DiscoveryOptions {
  /** Cluster name for messages. */
  cluster: string;
  clock: Clock;
  logger: Logger;
  /** How long a snapshot is trusted; default 5 minutes. */
  ttlMs?: number;
  /** Least time between refreshes caused by unknown kinds, so a typo cannot hammer the server; default 10 s. */
  minRefreshIntervalMs?: number;
}

/** Sends one discovery request; the cluster client's `request`. */
type DiscoveryFetch = (req: RawRequest) => Promise<RawResponse>;

/** The discovery cache of one cluster. */
export class Discovery {
  private index: ResourceIndex | undefined;
  private fetchedAt = -Infinity;
  private inflight: Promise<ResourceIndex> | undefined;
  private readonly ttlMs: number;
  private readonly minRefreshMs: number;

  constructor(
    private readonly fetch: DiscoveryFetch,
    private readonly options: DiscoveryOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.minRefreshMs = options.minRefreshIntervalMs ?? 10_000;
  }

  /** The current snapshot's resources (empty before the first refresh). */
  resources(): readonly ResourceInfo[] {
    return this.index?.resources ?? [];
  }

  /** From the current snapshot, without a request: is the kind namespaced? undefined when unknown. */
  isNamespaced = (group: string, kind: string): boolean | undefined =>
    this.index?.findKind(group, kind)?.namespaced;

  /** Marks the snapshot stale, so the next lookup refreshes it. */
  invalidate(): void {
    this.fetchedAt = -Infinity;
  }

  /** Fetches a new snapshot (one request in flight at a time). */
  refresh(): Promise<ResourceIndex> {
    if (!this.inflight) {
      this.inflight = this.load()
        .then((index) => {
          this.index = index;
          this.fetchedAt = this.options.clock.now();
          return index;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }

  /** The snapshot, refreshed when older than the TTL. */
  async current(): Promise<ResourceIndex> {
    if (this.index && this.options.clock.now() - this.fetchedAt < this.ttlMs) return this.index;
    return this.refresh();
  }

  /**
   * The resource for (group, version, kind); an empty version means the preferred one. Refreshes once
   * when the kind is unknown, then fails with a `cluster.unknown-kind` Problem.
   */
  async resolve(group: string, version: string, kind: string): Promise<ResourceInfo> {
    const lookup = (ix: ResourceIndex) =>
      version ? ix.find(group, version, kind) : ix.findKind(group, kind);
    const found = lookup(await this.current());
    if (found) return found;
    if (this.options.clock.now() - this.fetchedAt >= this.minRefreshMs) {
      const again = lookup(await this.refresh());
      if (again) return again;
    }
    const apiVersion = group ? `${group}/${version || '*'}` : version || 'v1';
    throw new ClusterRequestError({
      code: 'cluster.unknown-kind',
      message: `Cluster ${this.options.cluster}: the API server does not serve kind ${kind} in ${apiVersion}.`,
      hint: 'Install the CustomResourceDefinition first, or check apiVersion and kind in the manifest.',
    });
  }

  private async load(): Promise<ResourceIndex> {
    const [core, groups] = await Promise.all([
      this.fetch({ method: 'GET', path: '/api', accept: aggregatedDiscoveryAccept }),
      this.fetch({ method: 'GET', path: '/apis', accept: aggregatedDiscoveryAccept }),
    ]);
    const isAggregated = (b: unknown) => obj(b)?.kind === 'APIGroupDiscoveryList';
    if (isAggregated(core.body) && isAggregated(groups.body)) {
      return new ResourceIndex([
        ...parseAggregatedDiscovery(core.body),
        ...parseAggregatedDiscovery(groups.body),
      ]);
    }
    return new ResourceIndex(await this.loadClassic(core.body, groups.body));
  }

  /** One request per group-version; an unavailable aggregated API (503) is skipped, not fatal. */
  private async loadClassic(coreDoc: unknown, groupsDoc: unknown): Promise<ResourceInfo[]> {
    const gvs = [
      ...strings(obj(coreDoc)?.versions).map((version) => ({ group: '', version })),
      ...parseGroupList(groupsDoc),
    ];
    const lists = await Promise.all(
      gvs.map(async ({ group, version }) => {
        try {
          return parseResourceList(
            (await this.fetch({ method: 'GET', path: groupVersionPath(group, version) })).body,
          );
        } catch (e) {
          if (
            isClusterError(e, 'cluster.unreachable', 'cluster.tls', 'cluster.unauthorized', 'cluster.aborted')
          )
            throw e;
          this.options.logger.warn('discovery: group-version unavailable', {
            cluster: this.options.cluster,
            group,
            version,
            error: e instanceof Error ? e.message : String(e),
          });
          return [];
        }
      }),
    );
    return lists.flat();
  }
}
