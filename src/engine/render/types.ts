/** Shapes of a render: what goes in (an app at a commit) and what comes out (desired objects). */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import type { Result, SourceRef } from '../problem.js';
import type { FileTree } from '../source.js';
import type { ToolAccess } from './tool-env.js';

/** Which tool turns the app's files into objects. */
export type RendererKind = 'directory' | 'kustomize' | 'helm';

/** Options of the plain-directory renderer (Argo CD's `directory` source). */
export interface DirectoryOptions {
  /** Read sub-folders too; default true. */
  recurse?: boolean;
  /** Globs relative to the app path; a pattern without `/` matches the file name at any depth. */
  include?: string | string[];
  /** Globs relative to the app path; exclusion wins over inclusion. */
  exclude?: string | string[];
}

/** Options of the Helm renderer (`helm template`). */
export interface HelmOptions {
  /** Release name; default the app name, else the chart folder's name. */
  releaseName?: string;
  /** Values files relative to the chart folder (may climb with `../`), applied in order. */
  valueFiles?: string[];
  /** Inline values, applied after every values file (a YAML text or an object). */
  values?: string | Record<string, unknown>;
  /** `.Release.Namespace`; default the app's destination namespace. */
  namespace?: string;
  /** `--kube-version`, e.g. `1.36.0`. */
  kubeVersion?: string;
  /** `--api-versions`, for charts that test `.Capabilities.APIVersions`. */
  apiVersions?: string[];
  /** Leave out the chart's `crds/` folder (rendered by default, as Argo CD does). */
  skipCrds?: boolean;
}

/** Renderer choice and parameters for one app. */
export interface RenderOptions {
  /** Force a renderer instead of detecting it from the files in the app path. */
  renderer?: RendererKind;
  directory?: DirectoryOptions;
  helm?: HelmOptions;
  /** What kustomize and helm may reach beyond the repository; by default neither the network nor any
   * variable of flotilla's environment but PATH, HOME and their own folders. */
  access?: ToolAccess;
}

/** One app at one commit, to be rendered. */
export interface RenderRequest {
  tree: FileTree;
  /** Commit SHA of `tree`; without it the result is not cached (a folder on disk can change). */
  commit?: string;
  /** App folder relative to the repository root ('' or '.' for the root). */
  path: string;
  /** Destination namespace: given to namespaced objects that name none. */
  namespace: string;
  /** App name, used as Helm's default release name. */
  appName?: string;
  options?: RenderOptions;
}

/** Where an object was written: repository file and line, or for Helm the chart template. */
export interface ObjectSource extends SourceRef {
  file: string;
  /** Helm only: the template as its `# Source:` comment names it (`chart/templates/job.yaml`). */
  template?: string;
}

/** One desired object, ready for diff and sync. Shared with the render cache: treat as read-only. */
export interface RenderedObject {
  /** The object as it will be applied (namespace filled in, or removed for cluster-scoped kinds). */
  object: KubeObject;
  identity: ObjectIdentity;
  source: ObjectSource;
  /** sha256 (hex) of the object's canonical JSON: equal objects, equal hashes, whatever key order. */
  hash: string;
  /** True when the object has `generateName` and no name (a new object each apply, e.g. a hook Job). */
  generated?: boolean;
}

/** Everything one app renders to. */
export interface RenderOutput {
  renderer: RendererKind;
  objects: RenderedObject[];
  /** sha256 over every object's identity and hash: the manifest digest recorded in sync history. */
  digest: string;
  /** Repository paths the render read (manifests, or the files given to kustomize/helm): a later
   * commit that changes none of them, and adds nothing under the app path, renders the same. */
  inputs: string[];
}

/** Answers whether a kind is namespaced; `undefined` means "don't know" (falls back to the built-in table). */
export type NamespacedLookup = (group: string, kind: string) => boolean | undefined;

/** Paths of the external tools; a missing entry is looked up on PATH. */
export interface ToolPaths {
  kustomize?: string;
  kubectl?: string;
  helm?: string;
}

/** Dependencies and limits of a renderer; every field has a default. */
export interface RendererDeps {
  tools?: ToolPaths;
  /** flotilla's environment: PATH finds the tools, and the few variables a tool is given are taken from it
   * (see tool-env.ts); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Cluster discovery's answer on scope, consulted before the built-in table. */
  isNamespaced?: NamespacedLookup;
  /** Time limit in milliseconds for listing the app's files, and again for reading them or running the tool
   * (waiting for a tool slot is not counted); default 60 s. */
  timeoutMs?: number;
  /** Largest tool output accepted, in bytes; default 64 MiB. */
  maxOutputBytes?: number;
  /** Tool runs at once; default 1 on a 2-core host, 2 on larger ones. */
  concurrency?: number;
  /** Render cache bounds; default 256 entries and 256 MiB of canonical JSON. */
  cache?: { maxEntries?: number; maxBytes?: number };
  /** Parent folder for the tools' temporary folders; default `os.tmpdir()`. */
  tmpDir?: string;
}

/** Counters of the render cache, for tests and a debug view. */
export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

/** Renders apps, with a cache and a cap on concurrent tool runs. */
export interface Renderer {
  /** Renders one app; never throws, every failure is a Problem. */
  render(request: RenderRequest, signal?: AbortSignal): Promise<Result<RenderOutput>>;
  /** Current cache counters. */
  cacheStats(): CacheStats;
  /** Drops every cached render (e.g. after cluster discovery changed what is namespaced). */
  clearCache(): void;
}
