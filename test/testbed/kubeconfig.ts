/** Kubeconfig files: the users' one (admin and viewer contexts per cluster) and one per component. */
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { contextName, ports, viewerContextName } from './layout.js';
import type { Tokens } from './pki.js';

interface Entry {
  cluster: string;
  server: string;
  user: string;
  token: string;
  context: string;
}

function render(caCertFile: string, entries: Entry[], current: string): string {
  const ca = readFileSync(caCertFile).toString('base64');
  const unique = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: unique(entries, (e) => e.cluster).map((e) => ({
      name: e.cluster,
      cluster: { server: e.server, 'certificate-authority-data': ca },
    })),
    users: unique(entries, (e) => e.user).map((e) => ({ name: e.user, user: { token: e.token } })),
    contexts: entries.map((e) => ({
      name: e.context,
      context: { cluster: e.cluster, user: e.user, namespace: 'default' },
    })),
    'current-context': current,
  });
}

const server = (n: number) => `https://127.0.0.1:${ports.apiserver(n)}`;

/** Writes the kubeconfig users and tests read: `testbed-N` (admin) and `testbed-N-viewer` per cluster. */
export function writeUserKubeconfig(
  file: string,
  caCertFile: string,
  tokens: Tokens,
  clusters: number,
): void {
  const entries: Entry[] = [];
  for (let n = 1; n <= clusters; n++) {
    entries.push({
      cluster: contextName(n),
      server: server(n),
      user: 'testbed-admin',
      token: tokens.admin,
      context: contextName(n),
    });
  }
  for (let n = 1; n <= clusters; n++) {
    entries.push({
      cluster: contextName(n),
      server: server(n),
      user: 'testbed-viewer',
      token: tokens.viewer,
      context: viewerContextName(n),
    });
  }
  writeFileSync(file, render(caCertFile, entries, contextName(1)), { mode: 0o600 });
}

/** Writes the kubeconfig of cluster N's own components (controller-manager, scheduler, kwok). */
export function writeSystemKubeconfig(file: string, caCertFile: string, tokens: Tokens, n: number): void {
  const entry = {
    cluster: contextName(n),
    server: server(n),
    user: 'testbed-system',
    token: tokens.system,
    context: contextName(n),
  };
  writeFileSync(file, render(caCertFile, [entry], entry.context), { mode: 0o600 });
}
