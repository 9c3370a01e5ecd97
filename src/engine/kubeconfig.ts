/** The user's kubeconfig files ($KUBECONFIG, else ~/.kube/config), read as kubectl merges them. */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { ProblemError, type Problem } from './problem.js';
import { redact } from './redact.js';

/** Paths of the kubeconfig files in effect for `env`. */
function kubeconfigPaths(env: NodeJS.ProcessEnv): string[] {
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
    const [first, ...rest] = path ? [path] : kubeconfigPaths(env);
    const kc = first ? loadKubeConfigFile(first) : new KubeConfig();
    for (const more of rest) kc.mergeConfig(loadKubeConfigFile(more));
    return kc;
  };
}

/**
 * Loads one kubeconfig file. A file that cannot be read or parsed throws a ProblemError that names
 * the path, the line and the reason only: the YAML parser's own message quotes the lines around the
 * error, and in a kubeconfig those lines hold tokens and keys.
 */
export function loadKubeConfigFile(path: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (err) {
    throw new ProblemError([kubeconfigProblem(path, err)]);
  }
  return kc;
}

/** The parts of a js-yaml error (client-node parses kubeconfigs with js-yaml) that are safe to show. */
interface YamlErrorParts {
  reason: string;
  /** 0-based, as js-yaml counts. */
  mark?: { line?: unknown; column?: unknown };
}

function yamlErrorParts(err: unknown): YamlErrorParts | undefined {
  if (!(err instanceof Error) || err.name !== 'YAMLException') return undefined;
  const { reason, mark } = err as Error & Partial<YamlErrorParts>;
  return typeof reason === 'string' ? { reason, ...(mark ? { mark } : {}) } : undefined;
}

const fileErrorWords: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/** Plain words for a kubeconfig that failed to load; never the file's content. */
function kubeconfigProblem(path: string, err: unknown): Problem {
  const hint = `Fix ${path} (\`kubectl config view --kubeconfig ${path}\` shows how kubectl reads it), or point KUBECONFIG or the cluster's kubeconfig field at another file.`;
  const yaml = yamlErrorParts(err);
  if (yaml) {
    const message = `The kubeconfig file is not valid YAML: ${redact(yaml.reason)}.`;
    return { code: 'kubeconfig.invalid', message, hint, source: { file: path, ...positionOf(yaml) } };
  }
  const code = (err as { code?: unknown } | null)?.code;
  const words = typeof code === 'string' ? fileErrorWords[code] : undefined;
  if (words) {
    const message = `Cannot read the kubeconfig file: ${words}.`;
    return { code: 'kubeconfig.unreadable', message, hint, source: { file: path } };
  }
  // Anything else (client-node's own checks): its first line only, as the rest may quote the file.
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  const message = `The kubeconfig file cannot be used: ${redact(first)}.`;
  return { code: 'kubeconfig.invalid', message, hint, source: { file: path } };
}

/** 1-based line and column of a js-yaml error, as far as it has them. */
function positionOf(yaml: YamlErrorParts): { line?: number; column?: number } {
  const { line, column } = yaml.mark ?? {};
  return {
    ...(typeof line === 'number' ? { line: line + 1 } : {}),
    ...(typeof column === 'number' ? { column: column + 1 } : {}),
  };
}
