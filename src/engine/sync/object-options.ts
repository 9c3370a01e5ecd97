/** Sync options of one object: the app's options, overridden by the object's sync-options annotation. */
import type { SyncOptions } from '../config/sync-options.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { describeIdentity } from '../objects.js';
import type { ObjectSyncOptions, PlanProblem } from './types.js';

/** Sync options on an object as Argo CD spells the annotation (`Prune=false,Replace=true`). */
export const ARGO_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
/** flotilla's own spelling of the same annotation; it wins over Argo CD's when both set an option. */
export const FLOTILLA_SYNC_OPTIONS_ANNOTATION = 'flotilla.dev/sync-options';

type Setter = (options: ObjectSyncOptions, value: string) => void;

const BOOLEAN = ['true', 'false'];
const flag =
  (
    field: 'serverSideApply' | 'replace' | 'force' | 'validate' | 'skipDryRunOnMissingResource' | 'pruneLast',
  ) =>
  (options: ObjectSyncOptions, value: string): void => {
    options[field] = value === 'true';
  };

/** Options an object may set, with their allowed values. */
const OBJECT_OPTIONS: Record<string, { values: readonly string[]; set: Setter }> = {
  ServerSideApply: { values: BOOLEAN, set: flag('serverSideApply') },
  Replace: { values: BOOLEAN, set: flag('replace') },
  Force: { values: BOOLEAN, set: flag('force') },
  Validate: { values: BOOLEAN, set: flag('validate') },
  SkipDryRunOnMissingResource: { values: BOOLEAN, set: flag('skipDryRunOnMissingResource') },
  PruneLast: { values: BOOLEAN, set: flag('pruneLast') },
  Prune: {
    values: ['true', 'false', 'confirm'],
    set: (o, v) => (o.prune = v === 'confirm' ? 'confirm' : v === 'true'),
  },
};

/** Argo CD options that mean something only for a whole app, or for deleting an app: accepted, without effect. */
const APP_ONLY = new Set([
  'CreateNamespace',
  'PrunePropagationPolicy',
  'ApplyOutOfSyncOnly',
  'RespectIgnoreDifferences',
  'FailOnSharedResource',
  'ClientSideApplyMigration',
]);
const NO_EFFECT = new Set(['Delete']);

/** The app's options as an object starts with them (Force exists only on objects). */
export function appObjectOptions(app: SyncOptions): ObjectSyncOptions {
  return {
    serverSideApply: app.serverSideApply,
    replace: app.replace,
    force: false,
    validate: app.validate,
    skipDryRunOnMissingResource: app.skipDryRunOnMissingResource,
    prune: app.prune,
    pruneLast: app.pruneLast,
    prunePropagationPolicy: app.prunePropagationPolicy,
  };
}

/** The options in force for `obj`, and problems with its annotation (a bad value stops the sync: guessing what
 * `Prune=flase` meant could delete something). */
export function objectSyncOptions(
  obj: KubeObject,
  identity: ObjectIdentity,
  app: SyncOptions,
): { options: ObjectSyncOptions; problems: PlanProblem[] } {
  const options = appObjectOptions(app);
  const problems: PlanProblem[] = [];
  const annotations = obj.metadata?.annotations ?? {};
  for (const key of [ARGO_SYNC_OPTIONS_ANNOTATION, FLOTILLA_SYNC_OPTIONS_ANNOTATION]) {
    const text = annotations[key];
    if (typeof text !== 'string') continue;
    for (const item of splitList(text)) {
      const problem = applyOption(options, item);
      if (problem)
        problems.push({ ...problem, message: `${describeIdentity(identity)}: ${key}: ${problem.message}` });
    }
  }
  return { options, problems };
}

/** Comma-separated items, trimmed, empty ones dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function applyOption(options: ObjectSyncOptions, item: string): PlanProblem | undefined {
  const eq = item.indexOf('=');
  const name = eq < 0 ? item : item.slice(0, eq);
  const value = eq < 0 ? '' : item.slice(eq + 1);
  const spec = OBJECT_OPTIONS[name];
  if (spec) {
    if (spec.values.includes(value)) {
      spec.set(options, value);
      return undefined;
    }
    return {
      code: 'sync.bad-object-sync-option',
      effect: 'stops-sync',
      message: `the sync option ${name} cannot be "${value}".`,
      hint: `Allowed values: ${spec.values.join(', ')}.`,
    };
  }
  if (NO_EFFECT.has(name)) return undefined;
  if (APP_ONLY.has(name))
    return {
      code: 'sync.app-only-sync-option',
      effect: 'warning',
      message: `the sync option ${name} applies to a whole app; on an object it has no effect.`,
      hint: "Set it in the app's syncPolicy.syncOptions in the fleet file.",
    };
  return {
    code: 'sync.unknown-object-sync-option',
    effect: 'warning',
    message: `unknown sync option "${name}"; it has no effect.`,
    hint: `Options an object may set: ${Object.keys(OBJECT_OPTIONS).join(', ')}.`,
  };
}
