/** What a plan needs the identity to be allowed: per kind and namespace, the verbs its writes, prunes,
 * hooks and waits use. Checked with the API server before the first write. */
import type { AccessNeed } from './access.js';
import type { SyncPlan, SyncTask } from './types.js';

/** The permissions every task of the plan needs, each once. */
export function syncAccessNeeds(plan: SyncPlan): AccessNeed[] {
  const needs = new Map<string, AccessNeed>();
  const add = (t: SyncTask, verbs: AccessNeed['verb'][]) => {
    for (const verb of verbs) {
      const namespace = verb === 'list' || verb === 'watch' ? '' : t.identity.namespace;
      const need = { verb, group: t.identity.group, kind: t.identity.kind, namespace };
      needs.set(`${verb} ${need.group}/${need.kind} ${namespace}`, need);
    }
  };
  const phases = [...plan.phases, ...(plan.onFailure ? [plan.onFailure] : [])];
  for (const t of phases.flatMap((p) => p.waves.flatMap((w) => w.tasks))) {
    if (t.action === 'skipped') continue;
    // Waits watch the app's objects of each kind cluster-wide and read them back.
    add(t, ['get', 'list', 'watch']);
    if (t.action === 'prune') add(t, ['delete']);
    else if (t.action === 'hook') add(t, ['create', 'patch', 'delete']);
    else add(t, t.options.replace || !t.options.serverSideApply ? ['create', 'update'] : ['create', 'patch']);
  }
  if (plan.createNamespace)
    needs.set('create /Namespace', { verb: 'create', group: '', kind: 'Namespace', namespace: '' });
  return [...needs.values()];
}
