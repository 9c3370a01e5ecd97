/** The user's kubeconfig files ($KUBECONFIG, else ~/.kube/config), read as kubectl merges them. */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';

/** Paths of the kubeconfig files in effect for `env`. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  return fromEnv.length > 0 ? fromEnv : [join(env.HOME ?? homedir(), '.kube', 'config')];
}

/** Every context name in those files; unreadable files contribute none (the fleet loader then says
 * which context is missing, which is the more useful message). */
export async function kubeContexts(env: NodeJS.ProcessEnv): Promise<string[]> {
  const names: string[] = [];
  for (const path of kubeconfigPaths(env)) {
    try {
      const doc = parse(await readFile(path, 'utf8')) as { contexts?: { name?: unknown }[] } | null;
      for (const ctx of doc?.contexts ?? [])
        if (typeof ctx.name === 'string' && !names.includes(ctx.name)) names.push(ctx.name);
    } catch {
      continue;
    }
  }
  return names;
}

/** Loads a kubeconfig file, or the user's (every file of $KUBECONFIG, merged as kubectl does). */
export function userKubeConfig(env: NodeJS.ProcessEnv): (path?: string) => KubeConfig {
  return (path) => {
    const kc = new KubeConfig();
    const [first, ...rest] = path ? [path] : kubeconfigPaths(env);
    if (first) kc.loadFromFile(first);
    for (const more of rest) {
      const other = new KubeConfig();
      other.loadFromFile(more);
      kc.mergeConfig(other);
    }
    return kc;
  };
}
