/** Hooks: which phases an object runs in (Argo CD's annotation, else Helm's mapped), delete policies, names. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { describeIdentity } from '../objects.js';
import { splitList } from './object-options.js';
import type { HookDeletePolicy, PlanProblem, SyncPhase } from './types.js';

/** Argo CD's hook annotation: a comma list of phases, or `Skip`. */
export const HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
/** Argo CD's hook delete policies, a comma list. */
export const HOOK_DELETE_POLICY_ANNOTATION = 'argocd.argoproj.io/hook-delete-policy';
/** Helm's hook annotation, used only when Argo CD's is absent. */
export const HELM_HOOK_ANNOTATION = 'helm.sh/hook';
/** Helm's hook delete policies. */
export const HELM_HOOK_DELETE_POLICY_ANNOTATION = 'helm.sh/hook-delete-policy';

/** What the hook annotations make of an object. */
export type HookSpec =
  /** Not a hook: applied and kept in sync. */
  | { kind: 'resource' }
  /** `Skip`: never applied. */
  | { kind: 'skip' }
  /** A hook for something a sync never does (deleting the app, Helm tests and rollbacks). */
  | { kind: 'not-for-sync'; types: string[] }
  /** A hook of these phases (in phase order). */
  | { kind: 'hook'; phases: SyncPhase[]; deletePolicies: HookDeletePolicy[] };

const PHASES: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];
const APP_DELETION_HOOKS = new Set(['PreDelete', 'PostDelete']);

/** Helm hook types a sync runs, and the phase each becomes. */
const HELM_PHASES: Record<string, SyncPhase> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
};

const HELM_DELETE_POLICIES: Record<string, HookDeletePolicy> = {
  'before-hook-creation': 'BeforeHookCreation',
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
};
const DELETE_POLICIES: readonly HookDeletePolicy[] = ['BeforeHookCreation', 'HookSucceeded', 'HookFailed'];

/** Reads the hook annotations of `obj`. An unknown hook type stops the sync: the object would silently never run. */
export function hookSpecOf(
  obj: KubeObject,
  identity: ObjectIdentity,
): { spec: HookSpec; problems: PlanProblem[] } {
  const annotations = obj.metadata?.annotations ?? {};
  const argo = annotations[HOOK_ANNOTATION];
  if (typeof argo === 'string') return argoHook(obj, identity, argo);
  const helm = annotations[HELM_HOOK_ANNOTATION];
  // Helm marks CRDs of its old crd-install mechanism with the hook annotation; they are plain resources.
  if (typeof helm !== 'string' || helm.trim() === 'crd-install')
    return { spec: { kind: 'resource' }, problems: [] };
  const types = splitList(helm);
  const phases = sortPhases(types.map((t) => HELM_PHASES[t]).filter((p): p is SyncPhase => p !== undefined));
  if (phases.length === 0) return { spec: { kind: 'not-for-sync', types }, problems: [] };
  const { policies, problems } = deletePoliciesOf(obj, identity);
  return { spec: { kind: 'hook', phases, deletePolicies: policies }, problems };
}

function argoHook(
  obj: KubeObject,
  identity: ObjectIdentity,
  text: string,
): { spec: HookSpec; problems: PlanProblem[] } {
  const types = splitList(text);
  const unknown = types.filter((t) => t !== 'Skip' && !APP_DELETION_HOOKS.has(t) && !isPhase(t));
  if (types.length === 0 || unknown.length > 0) {
    const problem: PlanProblem = {
      code: 'sync.bad-hook',
      effect: 'stops-sync',
      message:
        types.length === 0
          ? `${describeIdentity(identity)}: the annotation ${HOOK_ANNOTATION} names no hook type.`
          : `${describeIdentity(identity)}: the annotation ${HOOK_ANNOTATION} has unknown hook type${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')}.`,
      hint: `Hook types: ${[...PHASES, 'Skip', ...APP_DELETION_HOOKS].join(', ')} (comma-separated, case matters).`,
    };
    return { spec: { kind: 'not-for-sync', types }, problems: [problem] };
  }
  const phases = sortPhases(types.filter(isPhase));
  if (phases.length > 0) {
    const { policies, problems } = deletePoliciesOf(obj, identity);
    return { spec: { kind: 'hook', phases, deletePolicies: policies }, problems };
  }
  if (types.includes('Skip')) return { spec: { kind: 'skip' }, problems: [] };
  return { spec: { kind: 'not-for-sync', types }, problems: [] };
}

/** Delete policies from both annotations; BeforeHookCreation when neither names one. */
export function deletePoliciesOf(
  obj: KubeObject,
  identity: ObjectIdentity,
): { policies: HookDeletePolicy[]; problems: PlanProblem[] } {
  const annotations = obj.metadata?.annotations ?? {};
  const found = new Set<HookDeletePolicy>();
  const problems: PlanProblem[] = [];
  const read = (key: string, lookup: (value: string) => HookDeletePolicy | undefined): void => {
    const text = annotations[key];
    if (typeof text !== 'string') return;
    for (const value of splitList(text)) {
      const policy = lookup(value);
      if (policy) found.add(policy);
      else
        problems.push({
          code: 'sync.bad-hook-delete-policy',
          effect: 'warning',
          message: `${describeIdentity(identity)}: the annotation ${key} has the unknown policy "${value}"; it is ignored.`,
          hint: `Policies: ${DELETE_POLICIES.join(', ')} (Helm: ${Object.keys(HELM_DELETE_POLICIES).join(', ')}).`,
        });
    }
  };
  read(HOOK_DELETE_POLICY_ANNOTATION, (v) => DELETE_POLICIES.find((p) => p === v));
  read(HELM_HOOK_DELETE_POLICY_ANNOTATION, (v) => HELM_DELETE_POLICIES[v]);
  const policies = DELETE_POLICIES.filter((p) => found.has(p));
  return { policies: policies.length > 0 ? policies : ['BeforeHookCreation'], problems };
}

/** Name of an unnamed hook in one phase: `<generateName><first 7 of revision>-<phase>-<start, Unix seconds>`,
 * lower-cased, so each sync and each phase creates its own object. */
export function hookName(
  generateName: string,
  revision: string,
  phase: SyncPhase,
  startedAt: number,
): string {
  return `${generateName}${revision.slice(0, 7)}-${phase}-${Math.floor(startedAt)}`.toLowerCase();
}

function isPhase(value: string): value is SyncPhase {
  return (PHASES as readonly string[]).includes(value);
}

function sortPhases(phases: readonly SyncPhase[]): SyncPhase[] {
  return PHASES.filter((p) => phases.includes(p));
}
