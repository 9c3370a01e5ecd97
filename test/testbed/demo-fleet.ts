/** The fleet file `npm run demo` writes; apart so that tests can check it without running the demo. */
import { contextName } from './layout.js';

/** The demo fleet: three clusters (staging, prod-eu, prod-us), one repo at `gitUrl`, apps and an app set. */
export function demoFleetFile(gitUrl: string): string {
  return `# Written by \`npm run demo\`: the demo fleet on the test bed's clusters and Git server.
clusters:
  - name: staging
    context: ${contextName(1)}
    labels: { env: staging }
  - name: prod-eu
    context: ${contextName(2)}
    labels: { env: prod, region: eu }
  - name: prod-us
    context: ${contextName(3)}
    labels: { env: prod, region: us }
repos:
  - name: demo
    url: ${gitUrl}/demo.git
    pollInterval: 15s
apps:
  - name: guestbook
    repo: demo
    revision: main
    path: apps/guestbook
    destination: { cluster: staging, namespace: guestbook }
    syncPolicy: { syncOptions: [CreateNamespace=true] }
  - name: podinfo
    repo: demo
    revision: main
    path: apps/podinfo
    destination: { cluster: staging, namespace: podinfo }
    helm: { releaseName: podinfo, values: { replicaCount: 1 } }
  - name: shop
    repo: demo
    revision: main
    path: apps/waves
    destination: { cluster: prod-us, namespace: shop }
  - name: billing
    repo: demo
    revision: main
    path: apps/drift
    destination: { cluster: prod-eu, namespace: billing }
    syncPolicy: { syncOptions: [CreateNamespace=true] }
    ignoreDifferences:
      - { group: apps, kind: Deployment, jsonPointers: [/spec/replicas] }
appSets:
  - name: web
    clusters: { matchExpressions: [{ key: env, operator: In, values: [staging, prod] }] }
    template:
      repo: demo
      revision: main
      path: apps/web/overlays/{{cluster.labels.env}}
      destination: { cluster: "{{cluster.name}}", namespace: web }
      syncPolicy: { syncOptions: [CreateNamespace=true] }
`;
}
