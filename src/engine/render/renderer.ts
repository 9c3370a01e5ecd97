/** The renderer facade: picks the renderer, enforces the time limit and tool concurrency, caches results. */
import { availableParallelism, tmpdir } from 'node:os';
import { identityKey } from '../objects.js';
import { fail, ok } from '../problem.js';
import type { Problem, Result } from '../problem.js';
import { createLruCache } from './cache.js';
import { rejectOnAbort, RenderTimeout, withDeadline } from './deadline.js';
import { detectRenderer } from './detect.js';
import { readDirectory, selectManifestFiles } from './directory.js';
import { canonicalJson, sha256 } from './hash.js';
import { renderHelm } from './helm.js';
import { renderKustomize } from './kustomize.js';
import { createLimiter } from './limiter.js';
import type { Limiter } from './limiter.js';
import { normaliseDocuments } from './normalise.js';
import { normaliseRepoPath } from './paths.js';
import { toolEnvironment } from './tool-env.js';
import type { ToolRenderContext } from './tool-render.js';
import type {
  CacheStats,
  RenderedObject,
  Renderer,
  RendererDeps,
  RendererKind,
  RenderOutput,
  RenderRequest,
} from './types.js';
import type { RawDocument } from './yaml-reader.js';

const defaults = {
  timeoutMs: 60_000,
  maxOutputBytes: 64 * 1024 * 1024,
  cacheEntries: 256,
  cacheBytes: 256 * 1024 * 1024,
};

/** Failures that the same commit, path and parameters will always produce again, so they are cached too. */
const deterministicCodes = new Set([
  'render.path-missing',
  'render.yaml-syntax',
  'render.yaml-too-deep',
  'render.invalid-object',
  'render.duplicate',
  'render.symlink-outside',
  'render.symlink-loop',
  'render.value-file-missing',
  'render.namespace-missing',
  'render.remote-refused',
  'render.object-too-large',
]);

/** Creates a renderer; one per engine, so the cache and the tool concurrency cap are shared. */
export function createRenderer(deps: RendererDeps = {}): Renderer {
  const timeoutMs = deps.timeoutMs ?? defaults.timeoutMs;
  const limiter = createLimiter(deps.concurrency ?? (availableParallelism() <= 2 ? 1 : 2));
  const cache = createLruCache<Result<RenderOutput>>(
    deps.cache?.maxEntries ?? defaults.cacheEntries,
    deps.cache?.maxBytes ?? defaults.cacheBytes,
  );
  const inFlight = new Map<string, Promise<Result<RenderOutput>>>();
  const stats = { hits: 0, misses: 0 };

  const renderUncached = async (
    request: RenderRequest,
    appPath: string,
    signal: AbortSignal | undefined,
  ): Promise<Result<RenderOutput> & { bytes?: number }> => {
    try {
      return await renderApp(request, appPath, deps, limiter, timeoutMs, signal);
    } catch (error) {
      return fail(failureProblem(error, appPath, signal));
    }
  };

  return {
    async render(request, signal) {
      const appPath = normaliseRepoPath(request.path);
      if (appPath === null) {
        return fail({
          code: 'render.path-invalid',
          message: `app path ${request.path} climbs out of the repository`,
          source: { field: 'path' },
        });
      }
      if (!request.commit) return strip(await renderUncached(request, appPath, signal));
      const key = cacheKey(request, appPath, deps);
      const cached = cache.get(key);
      if (cached) {
        stats.hits++;
        return cached;
      }
      stats.misses++;
      let shared = inFlight.get(key);
      if (!shared) {
        // Shared by every caller asking for the same render, so no single caller's abort stops it;
        // the time limit still does. Each caller can still stop waiting with its own signal.
        shared = renderUncached(request, appPath, undefined).then((result) => {
          inFlight.delete(key);
          const stored = deepFreeze(strip(result));
          if (result.ok || result.problems.every((p) => deterministicCodes.has(p.code)))
            cache.set(key, stored, result.bytes ?? 1024);
          return stored;
        });
        inFlight.set(key, shared);
      }
      if (!signal) return shared;
      try {
        return await Promise.race([shared, rejectOnAbort(signal)]);
      } catch (error) {
        return fail(failureProblem(error, appPath, signal));
      }
    },
    cacheStats: (): CacheStats => ({ ...stats, entries: cache.size, bytes: cache.weight }),
    clearCache: () => cache.clear(),
  };
}

/** The cache key: commit, path, and a hash of everything else that changes the output. */
function cacheKey(request: RenderRequest, appPath: string, deps: RendererDeps): string {
  const parameters = {
    options: request.options ?? {},
    namespace: request.namespace,
    appName: request.appName ?? null,
    tools: deps.tools ?? {},
  };
  return `${request.commit}\u0000${appPath}\u0000${sha256(canonicalJson(parameters))}`;
}

async function renderApp(
  request: RenderRequest,
  appPath: string,
  deps: RendererDeps,
  limiter: Limiter,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Result<RenderOutput> & { bytes?: number }> {
  const files = await withDeadline(timeoutMs, signal, () => request.tree.listFiles(appPath));
  if (files.length === 0) {
    return fail({
      code: 'render.path-missing',
      message: `${appPath || 'the repository root'} has no files in ${request.tree.label}`,
      hint: "Check the app's path and revision.",
      source: { field: 'path' },
    });
  }
  const options = request.options ?? {};
  const renderer: RendererKind = options.renderer ?? detectRenderer(appPath, files);
  let documents: Result<RawDocument[]>;
  const inputs: string[] = [];
  if (renderer === 'directory') {
    const selected = selectManifestFiles(appPath, files, options.directory);
    inputs.push(...selected.map((f) => f.path));
    documents = await withDeadline(timeoutMs, signal, (deadline) =>
      readDirectory(request.tree, selected, deadline),
    );
  } else {
    // The time limit starts once a tool slot is free: waiting behind other apps is not this app's fault.
    documents = await limiter.run(
      () =>
        withDeadline(timeoutMs, signal, (deadline) => {
          const context = { ...toolContext(request, appPath, deps, deadline), inputs };
          return renderer === 'helm' ? renderHelm(context, options.helm) : renderKustomize(context);
        }),
      signal,
    );
  }
  if (!documents.ok) return documents;
  const normalised = normaliseDocuments(documents.value, {
    namespace: request.namespace,
    isNamespaced: deps.isNamespaced,
  });
  if (!normalised.ok) return normalised;
  const { objects, bytes } = normalised.value;
  return {
    ok: true,
    value: { renderer, objects, digest: manifestDigest(objects), inputs: [...new Set(inputs)].sort() },
    bytes,
  };
}

function toolContext(
  request: RenderRequest,
  appPath: string,
  deps: RendererDeps,
  signal: AbortSignal,
): ToolRenderContext {
  const env = deps.env ?? process.env;
  const access = request.options?.access ?? {};
  return {
    tree: request.tree,
    appPath,
    namespace: request.namespace,
    appName: request.appName,
    tools: deps.tools ?? {},
    env,
    toolEnv: toolEnvironment(env, access),
    allowRemote: access.allowRemote === true,
    maxOutputBytes: deps.maxOutputBytes ?? defaults.maxOutputBytes,
    tmpParent: deps.tmpDir ?? tmpdir(),
    signal,
  };
}

/** Order-independent digest of an app's objects (hex): identity and hash of each, sorted. */
export function manifestDigest(objects: readonly Pick<RenderedObject, 'identity' | 'hash'>[]): string {
  return sha256(
    objects
      .map((object) => `${identityKey(object.identity)}\t${object.hash}`)
      .sort()
      .join('\n'),
  );
}

/** A thrown error as a Problem: time limit, cancellation, or an unexpected failure (message only, no stack). */
function failureProblem(error: unknown, appPath: string, signal: AbortSignal | undefined): Problem {
  const app = appPath || 'the repository root';
  if (error instanceof RenderTimeout) {
    return {
      code: 'render.timeout',
      message: `rendering ${app} took longer than ${Math.round(error.ms / 1000)} s and was stopped`,
      hint: 'Raise the render time limit, or check the tool is not waiting on the network.',
    };
  }
  if (signal?.aborted) return { code: 'render.cancelled', message: `rendering ${app} was cancelled` };
  return {
    code: 'render.failed',
    message: `rendering ${app} failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** Drops the internal size figure before a result leaves the renderer. */
function strip(result: Result<RenderOutput> & { bytes?: number }): Result<RenderOutput> {
  return result.ok ? ok(result.value) : fail(...result.problems);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
