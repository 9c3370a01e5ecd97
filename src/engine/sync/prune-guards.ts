/** Prune guards: when a whole plan may not prune, and whether one live object may be deleted. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { TRACKING_ID_ANNOTATION, isTrackedBy } from './tracking.js';
import type { ObjectSyncOptions, PlanProblem, PruneConfirmation, SkipCode } from './types.js';

/** Argo CD's tracking annotation: the object belongs to an Argo CD application. */
const ARGO_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
/** Labels Flux puts on what its Kustomizations and HelmReleases apply. */
const FLUX_LABELS = ['kustomize.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/name'];

/** Why a whole plan must not prune, or undefined when it may. Checked before any single object. */
export function pruneRefusal(args: {
  renderOk: boolean;
  repoReachable: boolean;
  /** Desired objects that are kept in sync (hooks aside). */
  desiredResources: number;
  allowEmpty: boolean;
}): PlanProblem | undefined {
  const refuse = (message: string, hint: string): PlanProblem => ({
    code: 'sync.prune-refused',
    effect: 'stops-prune',
    message,
    hint,
  });
  if (!args.repoReachable)
    return refuse(
      'Nothing is pruned: the repository could not be reached, so what Git holds now is not known.',
      'Sync again once the repository answers.',
    );
  if (!args.renderOk)
    return refuse(
      "Nothing is pruned: the app's manifests failed to render.",
      'Fix the render error (see `flotilla render`) and sync again.',
    );
  if (args.desiredResources === 0 && !args.allowEmpty)
    return refuse(
      'Nothing is pruned: the app renders no objects, and pruning now would delete everything it has.',
      'If emptying the app is intended, set syncPolicy.automated.allowEmpty: true or allow it for this sync.',
    );
  return undefined;
}

/** The decision for one prune candidate. */
export type PruneDecision =
  | { prune: true; confirmed: boolean }
  | { prune: false; code: SkipCode; reason: string; confirmation?: PruneConfirmation };

/** Which confirmations were given: every prune, or `Kind/name` / `Kind/namespace/name` tokens. */
export type Confirmations = 'all' | readonly string[];

/** Decides whether one live object of `app` that Git no longer has may be deleted, checking every guard in turn:
 * ownership first (never delete what is not ours), then the object's and the sync's wishes, then confirmation. */
export function guardPrune(args: {
  app: string;
  live: KubeObject;
  identity: ObjectIdentity;
  options: ObjectSyncOptions;
  /** The sync was asked to prune. */
  requested: boolean;
  refusal?: PlanProblem;
  confirmations: Confirmations;
}): PruneDecision {
  const { live, identity, options } = args;
  const skip = (code: SkipCode, reason: string): PruneDecision => ({ prune: false, code, reason });
  const claim = live.metadata?.annotations?.[TRACKING_ID_ANNOTATION];
  if (!isTrackedBy(live, args.app))
    return skip(
      'not-ours',
      typeof claim === 'string'
        ? `not deleted: its tracking id "${claim}" does not name this object of ${args.app}`
        : `not deleted: it has no tracking id naming ${args.app}`,
    );
  const manager = managedElsewhere(live);
  if (manager) return skip('managed-elsewhere', `not deleted: ${manager} manages it`);
  const owners = live.metadata?.ownerReferences;
  if (Array.isArray(owners) && owners.length > 0)
    return skip('has-owner', 'not deleted: it has an owner, and goes when its owner goes');
  if (live.metadata?.deletionTimestamp) return skip('terminating', 'already being deleted');
  if (options.prune === false) return skip('prune-disabled', 'not deleted: it is marked Prune=false');
  if (!args.requested) return skip('prune-not-requested', 'not deleted: the sync was not asked to prune');
  if (args.refusal) return skip('prune-refused', args.refusal.message);
  const why = confirmationNeeded(identity, options);
  if (!why) return { prune: true, confirmed: false };
  const token = confirmationToken(identity);
  if (isConfirmed(identity, args.confirmations)) return { prune: true, confirmed: true };
  return {
    prune: false,
    code: 'needs-confirmation',
    reason:
      why === 'kind'
        ? `deleting a ${identity.kind} needs confirmation (${token})`
        : `marked Prune=confirm: deleting it needs confirmation (${token})`,
    confirmation: { identity, why, token },
  };
}

/** Why deleting this object needs a confirmation: its kind (Namespace, CRD, PersistentVolumeClaim: deleting one
 * takes data or other objects with it) or its `Prune=confirm`. */
export function confirmationNeeded(
  identity: ObjectIdentity,
  options: ObjectSyncOptions,
): 'kind' | 'annotation' | undefined {
  const { group, kind } = identity;
  if (
    (group === '' && (kind === 'Namespace' || kind === 'PersistentVolumeClaim')) ||
    (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition')
  )
    return 'kind';
  return options.prune === 'confirm' ? 'annotation' : undefined;
}

/** How a user confirms deleting the object: `Kind/name`, or `Kind/namespace/name` when namespaced. */
export function confirmationToken(identity: ObjectIdentity): string {
  return identity.namespace
    ? `${identity.kind}/${identity.namespace}/${identity.name}`
    : `${identity.kind}/${identity.name}`;
}

/** True when `all` was confirmed (or given as a token), or a token names the object (`Kind/name` matches it in any namespace; the kind
 * is compared without regard to case). */
export function isConfirmed(identity: ObjectIdentity, confirmations: Confirmations): boolean {
  if (confirmations === 'all' || confirmations.includes('all')) return true;
  const kind = identity.kind.toLowerCase();
  return confirmations.some((token) => {
    const parts = token.split('/');
    if (parts[0]?.toLowerCase() !== kind) return false;
    if (parts.length === 2) return parts[1] === identity.name;
    return parts.length === 3 && parts[1] === identity.namespace && parts[2] === identity.name;
  });
}

/** The other GitOps tool that manages a live object, named for a message, or undefined. */
export function managedElsewhere(live: KubeObject): string | undefined {
  if (live.metadata?.annotations?.[ARGO_TRACKING_ANNOTATION] !== undefined) return 'Argo CD';
  const labels = live.metadata?.labels ?? {};
  if (FLUX_LABELS.some((l) => labels[l] !== undefined)) return 'Flux';
  return undefined;
}
