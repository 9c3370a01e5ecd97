/** The zod schema of every entry of the fleet file. Defaults are applied later, in one place (resolve-*.ts). */
import { z } from 'zod';
import { ENV_NAME_PATTERN, envNameProblem } from './names.js';
import { classifyRepoUrl, isCheckFailure } from './repo-location.js';
import { joinRepoPath } from './repo-paths.js';
import {
  checkAppCombinations,
  checkIgnoreRuleIgnoresSomething,
  checkNoRepeatedOption,
  checkRepoTransport,
  RENDER_FIELDS,
} from './schema-checks.js';
import {
  ALWAYS,
  byteSizeString,
  checkedString,
  dnsName,
  durationString,
  handWrittenJsonSchemas,
  labelMap,
  text,
} from './schema-parts.js';
import { labelSelectorSchema } from './selector.js';
import { SYNC_OPTION_STRINGS, syncOptionProblem } from './sync-options.js';

const envName = checkedString(
  (value) => {
    const reason = envNameProblem(value);
    return reason
      ? {
          message: `"${value}" ${reason}.`,
          problemCode: 'config.bad-env-name',
          hint: 'Name the variable, e.g. GIT_TOKEN; never its value.',
        }
      : undefined;
  },
  false,
  {
    description: 'The name of the environment variable holding the value, never the value.',
    pattern: ENV_NAME_PATTERN,
  },
);

/** `.`/`apps/web`: inside the repository, never absolute, never above the root. */
function repoPath(templated: boolean): z.ZodString {
  return checkedString(
    (value) =>
      joinRepoPath('', value) === undefined
        ? {
            message: `The path "${value}" leaves the repository.`,
            problemCode: 'config.bad-path',
            hint: 'Write a path relative to the repository root, without a leading "/" or "..".',
          }
        : undefined,
    templated,
    {
      description:
        'A path relative to the repository root; it must not start with "/" or climb above the root with "..".',
      pattern: '^(?!/)',
    },
  );
}

/** A name Git accepts for a branch, tag or commit: the check and the published JSON Schema share it. */
const REVISION_PATTERN = '^(?!-)(?!.*\\.\\.)[^\\s~^:?*\\[\\\\]+$';
const REVISION = new RegExp(REVISION_PATTERN);

function revision(templated: boolean): z.ZodString {
  return checkedString(
    (value) => {
      if (value === '')
        return {
          message: 'The revision is empty.',
          problemCode: 'config.bad-revision',
          hint: 'Write a branch, a tag or a commit SHA, or leave revision out for HEAD.',
        };
      return !REVISION.test(value)
        ? {
            message: `"${value}" is not a branch, tag or commit name Git accepts.`,
            problemCode: 'config.bad-revision',
            hint: 'Branch and tag names have no spaces, "..", or any of ~ ^ : ? * [ \\, and do not start with "-".',
          }
        : undefined;
    },
    templated,
    {
      description:
        'A branch, tag or commit SHA: no spaces, "..", ~ ^ : ? * [ \\, not starting with "-". Default HEAD.',
      pattern: REVISION_PATTERN,
    },
  );
}

const JSON_POINTER = /^(\/([^~]|~[01])*)+$/;
const jsonPointer = checkedString(
  (value) =>
    JSON_POINTER.test(value)
      ? undefined
      : {
          message: `"${value}" is not a JSON pointer.`,
          problemCode: 'config.bad-json-pointer',
          hint: 'A JSON pointer starts with "/" and escapes "~" as ~0 and "/" as ~1, e.g. /spec/replicas or /metadata/annotations/example.com~1note.',
        },
  false,
  {
    description: 'A JSON pointer such as /spec/replicas ("~" written ~0, "/" written ~1).',
    pattern: JSON_POINTER.source,
  },
);

/** One glob or a list of globs; both are written in the wild (Argo CD takes a single string). */
const globs = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(text()));
handWrittenJsonSchemas.add(globs, {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 } },
  ],
});

/** An ignore rule must list something to ignore; as JSON Schema, one of the lists is non-empty. */
const IGNORES_SOMETHING = ['jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'].map((list) => ({
  required: [list],
  properties: { [list]: { minItems: 1 } },
}));

const ignoreRuleSchema = z
  .strictObject({
    group: z.string().optional(),
    kind: text(),
    name: text().optional(),
    namespace: text().optional(),
    jsonPointers: z.array(jsonPointer).optional(),
    jqPathExpressions: z.array(text()).optional(),
    managedFieldsManagers: z.array(text()).optional(),
  })
  .superRefine(checkIgnoreRuleIgnoresSomething, ALWAYS)
  .meta({
    description:
      'Differences to ignore on matching objects: at least one of jsonPointers, jqPathExpressions, managedFieldsManagers.',
    anyOf: IGNORES_SOMETHING,
  });

function syncPolicySchema(templated: boolean) {
  const option = checkedString(syncOptionProblem, templated, {
    description: 'A sync option as Name=value, e.g. CreateNamespace=true.',
    enum: SYNC_OPTION_STRINGS,
  });
  return z.strictObject({
    automated: z
      .strictObject({
        prune: z.boolean().optional(),
        selfHeal: z.boolean().optional(),
        allowEmpty: z.boolean().optional(),
      })
      .optional(),
    syncOptions: z
      .array(option)
      .superRefine(checkNoRepeatedOption)
      .meta({ description: 'Sync options, each option name at most once.' })
      .optional(),
    retry: z
      .strictObject({
        limit: z.number().int().min(-1).optional(),
        backoff: z
          .strictObject({
            duration: durationString().optional(),
            factor: z.number().min(1).optional(),
            maxDuration: durationString().optional(),
          })
          .optional(),
      })
      .optional(),
  });
}

function helmSchema(templated: boolean) {
  return z.strictObject({
    releaseName: dnsName('Helm release name', templated).max(53).optional(),
    namespace: dnsName('namespace', templated).optional(),
    valueFiles: z
      .array(text())
      .meta({ description: 'Value files, relative to the app path; they must stay inside the repository.' })
      .optional(),
    ignoreMissingValueFiles: z.boolean().optional(),
    values: z.record(z.string(), z.unknown()).optional(),
  });
}

const directorySchema = z.strictObject({
  recurse: z.boolean().optional(),
  include: globs.optional(),
  exclude: globs.optional(),
});

/** What an app's renderer may reach beyond the repository: the network, and named variables of flotilla's environment. */
const renderAccessSchema = z.strictObject({
  allowRemote: z.boolean().optional(),
  env: z.array(envName).optional(),
});

/** Where an app's manifests come from; shared by apps and app-set templates (whose strings may hold placeholders). */
function sourceFields(templated: boolean) {
  return { repo: text(), revision: revision(templated).optional(), path: repoPath(templated).optional() };
}

/** How an app is rendered and synced; shared by apps and app-set templates. */
function behaviourFields(templated: boolean) {
  return {
    syncPolicy: syncPolicySchema(templated).optional(),
    ignoreDifferences: z.array(ignoreRuleSchema).optional(),
    kustomize: z.strictObject({}).optional(),
    helm: helmSchema(templated).optional(),
    directory: directorySchema.optional(),
    render: renderAccessSchema.optional(),
  };
}

/** At most one renderer per app, as JSON Schema: no two of the render fields together. */
const ONE_RENDERER = {
  description:
    'An app: where its manifests are, where they go, how they are rendered (at most one of kustomize, helm, directory).',
  not: {
    anyOf: RENDER_FIELDS.flatMap((a, i) => RENDER_FIELDS.slice(i + 1).map((b) => ({ required: [a, b] }))),
  },
};

/** One entry of `apps`. */
export const appSchema = z
  .strictObject({
    name: dnsName('app name'),
    ...sourceFields(false),
    destination: z.strictObject({ cluster: text(), namespace: dnsName('namespace') }),
    ...behaviourFields(false),
  })
  .superRefine(checkAppCombinations, ALWAYS)
  .meta(ONE_RENDERER);

/** The `template` of an app set: an app without a name, whose strings may hold placeholders. */
const appTemplateSchema = z
  .strictObject({
    ...sourceFields(true),
    // An app set sends each app to the cluster it was generated for unless told otherwise.
    destination: z.strictObject({ cluster: text().optional(), namespace: dnsName('namespace', true) }),
    ...behaviourFields(true),
  })
  .superRefine(checkAppCombinations, ALWAYS)
  .meta(ONE_RENDERER);

/** One entry of `appSets`. */
export const appSetSchema = z.strictObject({
  name: dnsName('app set name'),
  clusters: labelSelectorSchema,
  template: appTemplateSchema,
});

/** One entry of `clusters`. */
export const clusterSchema = z.strictObject({
  name: dnsName('cluster name'),
  context: text().optional(),
  kubeconfig: text().optional(),
  labels: labelMap().optional(),
  readOnly: z.boolean().optional(),
  production: z.boolean().optional(),
});

/** One entry of `repos`. */
export const repoSchema = z
  .strictObject({
    name: dnsName('repo name'),
    url: checkedString(
      (value) => {
        const location = classifyRepoUrl(value);
        return isCheckFailure(location) ? location : undefined;
      },
      false,
      {
        description:
          'An https:// URL or a local path. No SSH, no credentials in the URL (use auth), and http:// only to this machine or with insecure: true.',
        pattern: '\\S',
      },
    ),
    auth: z.strictObject({ usernameEnv: envName.optional(), tokenEnv: envName }).optional(),
    pollInterval: durationString().optional(),
    insecure: z.boolean().optional(),
    timeout: durationString().optional(),
    maxFetchSize: byteSizeString().optional(),
  })
  .superRefine(checkRepoTransport, ALWAYS);

/** `settings`: fleet-wide options. */
export const settingsSchema = z.strictObject({
  readOnly: z.boolean().optional(),
  pollInterval: durationString().optional(),
  syncWaveDelay: durationString().optional(),
  historyLimit: z.number().int().min(1).max(100).optional(),
  productionClusters: labelSelectorSchema.optional(),
  requestBudget: z
    .strictObject({ qps: z.number().positive().max(10_000), burst: z.number().int().min(1).max(10_000) })
    .partial()
    .optional(),
});

/**
 * The whole file in one schema, for the JSON Schema editors use (`flotilla schema`). parseFleet checks
 * section by section and entry by entry instead, so that one bad entry hides no other problem.
 */
export const fleetFileSchema = z
  .strictObject({
    settings: settingsSchema.nullable().optional(),
    clusters: z.array(clusterSchema).nullable().optional(),
    repos: z.array(repoSchema).nullable().optional(),
    apps: z.array(appSchema).nullable().optional(),
    appSets: z.array(appSetSchema).nullable().optional(),
  })
  .meta({
    title: 'flotilla fleet file',
    description:
      'flotilla.yaml: the clusters, Git repos, apps and app sets of one fleet. See docs/config.md.',
  });

/** A checked app entry. */
export type AppEntry = z.output<typeof appSchema>;
/** A checked app-set entry. */
export type AppSetEntry = z.output<typeof appSetSchema>;
/** A checked cluster entry. */
export type ClusterEntry = z.output<typeof clusterSchema>;
/** A checked repo entry. */
export type RepoEntry = z.output<typeof repoSchema>;
/** Checked settings. */
export type SettingsEntry = z.output<typeof settingsSchema>;
