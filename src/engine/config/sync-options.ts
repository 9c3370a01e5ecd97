/** Argo CD-style app sync options (`CreateNamespace=true`, `PrunePropagationPolicy=background`, …). */
import type { CheckFailure } from './schema-parts.js';
import { closestMatch, didYouMean } from './suggest.js';

/** The sync options of an app, resolved with their defaults. */
export interface SyncOptions {
  /** Create `destination.namespace` before syncing. Default false. */
  createNamespace: boolean;
  /** Apply with server-side apply. Default true: server-side apply records which manager owns each field. */
  serverSideApply: boolean;
  /** Replace (or create) objects instead of applying them. Default false. */
  replace: boolean;
  /** Let the API server validate objects. Default true. */
  validate: boolean;
  /** Skip the dry-run for kinds the cluster does not know yet (CRs whose CRD comes in the same sync). Default false. */
  skipDryRunOnMissingResource: boolean;
  /** May a sync prune: true, false, or only after confirmation. Default true. */
  prune: boolean | 'confirm';
  /** Prune after every wave has been applied. Default false. */
  pruneLast: boolean;
  /** How pruned objects' dependants are deleted. Default foreground. */
  prunePropagationPolicy: 'foreground' | 'background' | 'orphan';
  /** Apply only the objects that are out of sync. Default false. */
  applyOutOfSyncOnly: boolean;
  /** Keep the live value of fields covered by ignoreDifferences when applying. Default false. */
  respectIgnoreDifferences: boolean;
  /** Fail a sync when an object is tracked by another app. Default false. */
  failOnSharedResource: boolean;
}

/** Sync options when the app sets none. */
export const DEFAULT_SYNC_OPTIONS: Readonly<SyncOptions> = {
  createNamespace: false,
  serverSideApply: true,
  replace: false,
  validate: true,
  skipDryRunOnMissingResource: false,
  prune: true,
  pruneLast: false,
  prunePropagationPolicy: 'foreground',
  applyOutOfSyncOnly: false,
  respectIgnoreDifferences: false,
  failOnSharedResource: false,
};

type Setter = (options: SyncOptions, value: string) => void;

interface OptionSpec {
  values: readonly string[];
  set: Setter;
}

const BOOLEAN = ['true', 'false'] as const;
const flag = (field: Exclude<keyof SyncOptions, 'prune' | 'prunePropagationPolicy'>): OptionSpec => ({
  values: BOOLEAN,
  set: (o, v) => {
    o[field] = v === 'true';
  },
});

/** Every option the fleet file accepts, by the name Argo CD gives it. */
const OPTIONS: Record<string, OptionSpec> = {
  CreateNamespace: flag('createNamespace'),
  ServerSideApply: flag('serverSideApply'),
  Replace: flag('replace'),
  Validate: flag('validate'),
  SkipDryRunOnMissingResource: flag('skipDryRunOnMissingResource'),
  Prune: {
    values: ['true', 'false', 'confirm'],
    set: (o, v) => (o.prune = v === 'confirm' ? 'confirm' : v === 'true'),
  },
  PruneLast: flag('pruneLast'),
  PrunePropagationPolicy: {
    values: ['foreground', 'background', 'orphan'],
    set: (o, v) => (o.prunePropagationPolicy = v as SyncOptions['prunePropagationPolicy']),
  },
  ApplyOutOfSyncOnly: flag('applyOutOfSyncOnly'),
  RespectIgnoreDifferences: flag('respectIgnoreDifferences'),
  FailOnSharedResource: flag('failOnSharedResource'),
};

/** Argo CD options that make no sense for a whole app in flotilla, with the reason. */
const NOT_FOR_APPS: Record<string, string> = {
  Force:
    'Force applies to single objects: put the annotation argocd.argoproj.io/sync-options: Force=true on the object instead.',
  Delete:
    'Delete controls deleting an Argo CD Application; flotilla apps are not deleted from the cluster, so it has no meaning here.',
  ClientSideApplyMigration: 'flotilla has no client-side apply to migrate from; remove this option.',
};

/** Names of the accepted sync options, for docs and messages. */
const SYNC_OPTION_NAMES: readonly string[] = Object.keys(OPTIONS);

/** Every accepted `Name=value` string, for the JSON Schema editors complete from. */
export const SYNC_OPTION_STRINGS: readonly string[] = Object.entries(OPTIONS).flatMap(([name, spec]) =>
  spec.values.map((value) => `${name}=${value}`),
);

/** Why `option` (`Name=value`) is not an accepted sync option, or undefined when it is one. */
export function syncOptionProblem(option: string): CheckFailure | undefined {
  const eq = option.indexOf('=');
  const name = eq < 0 ? option : option.slice(0, eq);
  const value = eq < 0 ? undefined : option.slice(eq + 1);
  const notForApps = NOT_FOR_APPS[name];
  if (notForApps)
    return {
      message: `The sync option ${name} is not available for apps.`,
      problemCode: 'config.bad-sync-option',
      hint: notForApps,
    };
  const spec = OPTIONS[name];
  if (!spec) {
    const hint = didYouMean(name, SYNC_OPTION_NAMES) ?? `Known options: ${SYNC_OPTION_NAMES.join(', ')}.`;
    return { message: `Unknown sync option "${name}".`, problemCode: 'config.bad-sync-option', hint };
  }
  if (value === undefined || !spec.values.includes(value)) {
    const close = value === undefined ? undefined : closestMatch(value, spec.values);
    return {
      message:
        value === undefined
          ? `The sync option ${name} needs a value: ${name}=${spec.values[0]}.`
          : `The sync option ${name} cannot be "${value}".`,
      problemCode: 'config.bad-sync-option',
      hint: `${close ? `Did you mean ${name}=${close}? ` : ''}Allowed values: ${spec.values.join(', ')}.`,
    };
  }
  return undefined;
}

/** The options written as `Name=value` strings (already checked), over the defaults. */
export function resolveSyncOptions(written: readonly string[]): SyncOptions {
  const options: SyncOptions = { ...DEFAULT_SYNC_OPTIONS };
  for (const option of written) {
    const eq = option.indexOf('=');
    OPTIONS[option.slice(0, eq)]?.set(options, option.slice(eq + 1));
  }
  return options;
}

/** The option name of `Name=value`, to find an option given twice. */
export function syncOptionName(option: string): string {
  const eq = option.indexOf('=');
  return eq < 0 ? option : option.slice(0, eq);
}
