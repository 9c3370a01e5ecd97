/** The diff of an app: pairs desired and live objects, compares each pair (server-side dry run first, client-side
 * when refused), and sums up. All I/O goes through the injected LiveAccess. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { describeIdentity, identityKey } from '../objects.js';
import type { Problem } from '../problem.js';
import { DiffCache, comparisonSlot, comparisonVersion, resourceDiffBytes } from './cache.js';
import type { Comparer, DiffMode } from './compare.js';
import { compareObjects } from './compare.js';
import type { CompiledIgnoreRule, IgnoreDifferenceRule } from './ignore.js';
import {
  applyIgnoreRules,
  compileIgnoreRules,
  ignoredManagerFields,
  rulesFingerprint,
  rulesFor,
} from './ignore.js';
import { isMap } from './json.js';
import type { LiveAccess } from './live.js';
import { FIELD_MANAGER, classifyDryRunError, errorMessage } from './live.js';
import { fieldsOwnedBy } from './managedfields.js';
import { maskSecretPair } from './mask.js';
import { isSecret, normalizeObject } from './normalize.js';
import { identityOf, ignoresExtraneous, isHook, isTrackedBy, withTracking } from './tracking.js';
import type {
  AppDiff,
  AppSyncStatus,
  DesiredObject,
  ResourceDiff,
  ResourceSyncStatus,
  SkippedObject,
} from './types.js';
import { mapLimit } from '../concurrency.js';

/** How a differ works; one differ per cluster (its fallback memory and cache are per cluster). */
interface DifferOptions {
  access: LiveAccess;
  /** `auto` (default) tries a dry run first; `client-side` never sends one (read-only mode sends no PATCH at all).
   * A function is asked on every comparison, so a choice made from the write check follows it when it changes. */
  mode?: 'auto' | 'client-side' | (() => 'auto' | 'client-side');
  /** Bound of the comparison cache in bytes of JSON (default 64 MB); one entry per app and object. */
  cacheBytes?: number;
  /** Replaces the comparison (tests, benchmarks). */
  comparer?: Comparer;
  /** Lookups and dry runs in flight at once per app (default 8); the cluster client rate-limits further. */
  concurrency?: number;
  /** How long an authorizer's refusal of dry runs (a kind in a namespace) is believed before asking again
   * (default 10 minutes: a role may be granted meanwhile). */
  forbiddenTtlMs?: number;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
}

/** One app's desired state against its live state on one cluster. */
export interface AppDiffRequest {
  app: string;
  desired: readonly DesiredObject[];
  /** Live objects carrying the app's tracking label (from the cluster watch). Desired objects not among them are
   * looked up with `access.get` (an existing object not yet tracked is compared, not reported Missing). */
  live: readonly KubeObject[];
  ignoreDifferences?: readonly IgnoreDifferenceRule[];
}

/** Compares apps on one cluster, remembering comparisons and where dry runs are forbidden. */
export interface Differ {
  diffApp(request: AppDiffRequest): Promise<AppDiff>;
  /** The comparison cache (its `hits`/`misses` are useful in benchmarks); `clear()` on a hard refresh. */
  readonly cache: DiffCache<ResourceDiff>;
}

const forbiddenReason = 'dry-run apply is forbidden for this identity';

const emptyCounts = (): Record<ResourceSyncStatus, number> => ({
  Synced: 0,
  OutOfSync: 0,
  Missing: 0,
  Extraneous: 0,
  Unknown: 0,
});

/** Creates a differ for one cluster. */
export function createDiffer(options: DifferOptions): Differ {
  const cache = new DiffCache<ResourceDiff>(resourceDiffBytes, options.cacheBytes);
  const comparer = options.comparer ?? compareObjects;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const forbiddenTtlMs = options.forbiddenTtlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  // An identity the authorizer refuses for a kind in a namespace ('' for cluster-scoped) is refused for
  // every object there; remembering that for a while avoids a refused request per object on every refresh.
  const forbiddenUntil = new Map<string, number>();
  const forbiddenKey = (id: ObjectIdentity) => `${id.group}/${id.kind}/${id.namespace}`;
  const isForbidden = (id: ObjectIdentity): boolean => {
    const until = forbiddenUntil.get(forbiddenKey(id));
    if (until === undefined) return false;
    if (now() < until) return true;
    forbiddenUntil.delete(forbiddenKey(id));
    return false;
  };

  async function diffResource(
    app: string,
    desired: DesiredObject,
    id: ObjectIdentity,
    live: KubeObject,
    rules: CompiledIgnoreRule[],
    fingerprint: string,
  ): Promise<ResourceDiff> {
    const slot = comparisonSlot(app, identityKey(id));
    const version = comparisonVersion(desired, live, fingerprint);
    const cached = version === undefined ? undefined : cache.get(slot, version);
    // A fallback made while the authorizer refused is reused only while that refusal is believed.
    if (cached && (cached.fallbackReason !== forbiddenReason || isForbidden(id))) return cached;

    const tracked = withTracking(desired.object, app);
    let predicted: KubeObject | undefined;
    let fallbackReason: string | undefined;
    let refused = false;
    const problems: Problem[] = [];
    const mode = typeof options.mode === 'function' ? options.mode() : options.mode;
    if (mode === 'client-side') {
      fallbackReason = 'read-only: no dry-run requests are sent';
    } else if (isForbidden(id)) {
      fallbackReason = forbiddenReason;
    } else {
      try {
        const result = await options.access.dryRunApply(tracked);
        if (!isMap(result) || typeof result.kind !== 'string')
          throw new Error('the dry run returned no object');
        predicted = result;
      } catch (err) {
        const failure = classifyDryRunError(err);
        if (failure === 'forbidden') {
          forbiddenUntil.set(forbiddenKey(id), now() + forbiddenTtlMs);
          fallbackReason = forbiddenReason;
        } else if (failure === 'unsupported') {
          fallbackReason = 'the server does not support a dry-run server-side apply of this resource';
        } else {
          refused = failure === 'rejected';
          fallbackReason = refused ? 'the server rejected the dry run' : 'the dry run failed';
          problems.push(dryRunProblem(id, failure, err, isSecret(tracked)));
        }
      }
    }
    const result = compareResource({
      identity: id,
      desired: tracked,
      live,
      predicted,
      rules,
      comparer,
    });
    if (fallbackReason) result.fallbackReason = fallbackReason;
    result.problems.push(...problems);
    // The server refused the object, so a sync would fail: it is not in sync even when the client-side
    // comparison finds nothing, and without the server's answer nobody can say it is out of sync either.
    if (refused && result.status === 'Synced') result.status = 'Unknown';
    // Only a clean result is reusable: a failed dry run may succeed next time (a namespace or CRD now exists).
    if (version !== undefined && problems.length === 0) cache.set(slot, version, result);
    else cache.delete(slot);
    return result;
  }

  async function diffApp(request: AppDiffRequest): Promise<AppDiff> {
    const { app } = request;
    const compiled = compileIgnoreRules(request.ignoreDifferences);
    // The mode is part of what a cached comparison rests on: a client-side answer is not reused once
    // dry runs are allowed.
    const currentMode = typeof options.mode === 'function' ? options.mode() : (options.mode ?? 'auto');
    const fingerprint = `${currentMode}:${rulesFingerprint(compiled.rules)}`;
    const problems: Problem[] = [...compiled.problems];
    const skipped: SkippedObject[] = [];
    const skippedKeys = new Set<string>();

    const desiredByKey = new Map<string, { desired: DesiredObject; id: ObjectIdentity }>();
    for (const desired of request.desired) {
      const id = desired.identity ?? identityOf(desired.object);
      const key = identityKey(id);
      if (isHook(desired.object)) {
        skipped.push({ identity: id, reason: 'hook: run by a sync, not kept in sync' });
        skippedKeys.add(key);
      } else if (!id.name) {
        skipped.push({ identity: id, reason: 'generateName: a new object on every sync' });
      } else {
        if (desiredByKey.has(key)) {
          problems.push({
            code: 'diff.duplicate-object',
            message: `${describeIdentity(id)} is rendered more than once; the last one is compared.`,
            hint: "Remove the duplicate from the app's manifests.",
          });
        }
        desiredByKey.set(key, { desired, id });
      }
    }
    const liveByKey = new Map<string, KubeObject>();
    for (const obj of request.live) liveByKey.set(identityKey(identityOf(obj)), obj);

    const resources = await mapLimit(
      [...desiredByKey.entries()],
      concurrency,
      async ([key, { desired, id }]): Promise<ResourceDiff> => {
        let live = liveByKey.get(key);
        if (!live) {
          try {
            live = await options.access.get(id);
          } catch (err) {
            return {
              identity: id,
              status: 'Unknown',
              changedPaths: [],
              problems: [
                {
                  code: 'diff.live-unreadable',
                  message: `Could not read ${describeIdentity(id)} from the cluster: ${errorMessage(err)}`,
                  hint: 'Check that the cluster is reachable and the identity may read this kind.',
                },
              ],
            };
          }
        }
        if (!live) return missingResource(id, withTracking(desired.object, app));
        try {
          return await diffResource(app, desired, id, live, rulesFor(compiled.rules, id), fingerprint);
        } catch (err) {
          // A bug in a comparer must cost one resource, not the whole app.
          return {
            identity: id,
            status: 'Unknown',
            changedPaths: [],
            problems: [
              {
                code: 'diff.failed',
                message: `Could not compare ${describeIdentity(id)}: ${isSecret(desired.object) ? 'details withheld for a Secret' : errorMessage(err)}`,
              },
            ],
          };
        }
      },
    );

    for (const [key, obj] of liveByKey) {
      if (desiredByKey.has(key) || skippedKeys.has(key) || isHook(obj) || !isTrackedBy(obj, app)) continue;
      resources.push(extraneousResource(identityOf(obj), obj));
    }
    resources.sort((a, b) => compareIdentities(a.identity, b.identity));
    return summarise(app, resources, skipped, problems);
  }

  return { diffApp, cache };
}

function compareIdentities(a: ObjectIdentity, b: ObjectIdentity): number {
  const x = identityKey(a);
  const y = identityKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function dryRunProblem(
  id: ObjectIdentity,
  failure: 'rejected' | 'failed',
  err: unknown,
  secret: boolean,
): Problem {
  // The server's message may quote the object; for a Secret that could be a value, so it is withheld.
  const detail = secret ? 'details withheld for a Secret' : errorMessage(err);
  return failure === 'rejected'
    ? {
        code: 'diff.dry-run-rejected',
        message: `The API server would reject ${describeIdentity(id)}: ${detail}`,
        hint: 'A sync would fail the same way: fix the manifest, or the cluster policy that refuses it (quota, PodSecurity, admission webhook). The client-side comparison is shown meanwhile.',
      }
    : {
        code: 'diff.dry-run-failed',
        message: `The dry-run apply of ${describeIdentity(id)} failed: ${detail}`,
        hint: 'The client-side comparison is shown meanwhile; the next refresh retries.',
      };
}

/** Compares one pair without I/O: normalise both sides, apply ignore rules, compare, mask. With
 * `predicted` (a dry-run result) the comparison is server-side, else client-side against `desired`. */
export function compareResource(args: {
  identity: ObjectIdentity;
  /** The desired object, tracking metadata already added. */
  desired: KubeObject;
  live: KubeObject;
  predicted?: KubeObject;
  rules?: readonly CompiledIgnoreRule[];
  comparer?: Comparer;
}): ResourceDiff {
  const mode: DiffMode = args.predicted ? 'server-side' : 'client-side';
  const rules = args.rules ?? [];
  // Ownership is read from the raw live object: normalisation strips managedFields.
  const managerFields = ignoredManagerFields(rules, args.live);
  const ownership =
    mode === 'client-side'
      ? {
          ours: fieldsOwnedBy(args.live, (m) => m === FIELD_MANAGER),
          others: fieldsOwnedBy(args.live, (m) => m !== FIELD_MANAGER),
        }
      : undefined;
  const target = normalizeObject(args.predicted ?? args.desired);
  const live = normalizeObject(args.live);
  applyIgnoreRules(target, rules, managerFields);
  applyIgnoreRules(live, rules, managerFields);
  const outcome = (args.comparer ?? compareObjects)({
    mode,
    identity: args.identity,
    target,
    live,
    ...(ownership ? { ownership } : {}),
  });
  // Status is decided on the real values; everything that leaves is masked.
  const [maskedLive, maskedTarget] = maskSecretPair(outcome.live, outcome.target);
  return {
    identity: args.identity,
    status: outcome.equal ? 'Synced' : 'OutOfSync',
    mode,
    changedPaths: outcome.equal ? [] : outcome.changedPaths,
    live: maskedLive,
    target: maskedTarget,
    problems: [],
  };
}

/** In Git, not live: everything would be created. */
export function missingResource(identity: ObjectIdentity, desired: KubeObject): ResourceDiff {
  const [, target] = maskSecretPair(undefined, normalizeObject(desired));
  return {
    identity,
    status: 'Missing',
    changedPaths: [''],
    target,
    problems: [],
  };
}

/** Live and ours, not in Git: a sync with prune would delete it. */
export function extraneousResource(identity: ObjectIdentity, liveObj: KubeObject): ResourceDiff {
  const [live] = maskSecretPair(normalizeObject(liveObj), undefined);
  const result: ResourceDiff = {
    identity,
    status: 'Extraneous',
    changedPaths: [''],
    live,
    problems: [],
  };
  if (ignoresExtraneous(liveObj)) result.ignoreExtraneous = true;
  return result;
}

/** Per-app status, counts and mode from the resources. */
export function summarise(
  app: string,
  resources: ResourceDiff[],
  skipped: SkippedObject[] = [],
  problems: Problem[] = [],
): AppDiff {
  const counts = emptyCounts();
  const modes = new Set<DiffMode>();
  let outOfSync = false;
  let unknown = false;
  for (const r of resources) {
    counts[r.status]++;
    if (r.mode) modes.add(r.mode);
    if (
      r.status === 'OutOfSync' ||
      r.status === 'Missing' ||
      (r.status === 'Extraneous' && !r.ignoreExtraneous)
    )
      outOfSync = true;
    if (r.status === 'Unknown') unknown = true;
  }
  const status: AppSyncStatus = outOfSync ? 'OutOfSync' : unknown ? 'Unknown' : 'Synced';
  const mode = modes.size === 0 ? 'none' : modes.size > 1 ? 'mixed' : [...modes][0]!;
  return { app, status, mode, counts, resources, skipped, problems };
}
