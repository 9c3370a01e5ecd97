/** Small manifests for sync scenarios, written as Argo CD users write them (annotations for waves and hooks). */

/** What the test bed's kwok does with a pod: end it Succeeded or Failed (exit code 1), or keep it Running, never Ready. */
export type PodOutcome = 'succeed' | 'fail' | 'never-ready';

/** Argo CD annotations of an object: its wave, hook types, delete policies, sync options. */
export interface ArgoAnnotations {
  wave?: number;
  hook?: string;
  deletePolicy?: string;
  syncOptions?: string;
  extra?: Record<string, string>;
}

function annotations(a: ArgoAnnotations): string {
  const entries: [string, string][] = [];
  if (a.wave !== undefined) entries.push(['argocd.argoproj.io/sync-wave', String(a.wave)]);
  if (a.hook) entries.push(['argocd.argoproj.io/hook', a.hook]);
  if (a.deletePolicy) entries.push(['argocd.argoproj.io/hook-delete-policy', a.deletePolicy]);
  if (a.syncOptions) entries.push(['argocd.argoproj.io/sync-options', a.syncOptions]);
  entries.push(...Object.entries(a.extra ?? {}));
  if (entries.length === 0) return '';
  return `\n  annotations:\n${entries.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}`;
}

/** A ConfigMap with one key. */
export function configMap(
  name: string,
  a: ArgoAnnotations = {},
  data: Record<string, string> = { key: name },
): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}${annotations(a)}
data: ${JSON.stringify(data)}
`;
}

/** A bare Pod (restartPolicy Never) that ends as `outcome` says; `generateName` when name ends with '-'. */
export function pod(name: string, outcome: PodOutcome, a: ArgoAnnotations = {}): string {
  const naming = name.endsWith('-') ? `generateName: ${name}` : `name: ${name}`;
  return `apiVersion: v1
kind: Pod
metadata:
  ${naming}
  labels: {testbed.flotilla.dev/outcome: ${outcome}}${annotations(a)}
spec:
  restartPolicy: Never
  containers: [{name: main, image: registry.example/hook:1.0}]
`;
}

/** A Job (no retries) whose pod ends as `outcome` says. */
export function job(name: string, outcome: PodOutcome, a: ArgoAnnotations = {}): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}${annotations(a)}
spec:
  backoffLimit: 0
  template:
    metadata: {labels: {testbed.flotilla.dev/outcome: ${outcome}}}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: registry.example/job:1.0}]
`;
}

/** A one-replica Deployment; `never-ready` keeps its pod Running and never Ready. */
export function deployment(
  name: string,
  a: ArgoAnnotations = {},
  opts: { outcome?: PodOutcome; minReadySeconds?: number } = {},
): string {
  const outcome = opts.outcome ? `, testbed.flotilla.dev/outcome: ${opts.outcome}` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${annotations(a)}
spec:
  replicas: 1
  minReadySeconds: ${opts.minReadySeconds ?? 0}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}${outcome}}}
    spec:
      containers: [{name: main, image: registry.example/${name}:1.0}]
`;
}
