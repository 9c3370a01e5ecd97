/** References in kustomizations and Chart.yaml files that would make the tool fetch from the network.
 *
 * Rendering reads the repository at a commit; a remote base or chart repository would make the output
 * depend on whatever a server answers today, and would reach the network with the host's identity. So
 * such references are refused unless the app opts in with `render.allowRemote: true`.
 */
import type { Problem } from '../problem.js';
import { parentOf, resolveInRepo } from './paths.js';
import type { RepoIndex } from './repo-index.js';

/** One reference to something outside the repository. */
interface RemoteReference {
  /** Repository path of the kustomization or Chart.yaml. */
  file: string;
  /** Where in that file: `resources[1]`, `dependencies[0].repository`. */
  field: string;
  value: string;
}

/** Kustomization fields whose list entries kustomize loads as files, folders or URLs. */
const kustomizeListFields = [
  'resources',
  'bases',
  'components',
  'crds',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'patchesStrategicMerge',
];

/** Kustomization fields holding a list of objects with one loadable field each. */
const kustomizeObjectFields: [list: string, key: string][] = [
  ['patches', 'path'],
  ['helmCharts', 'repo'],
];

/** `https://…`, `ssh://…`, `git::…`, `git@host:…`, or `host.tld/org/repo` as kustomize accepts for remote bases. */
function looksRemote(value: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ||
    /^git(::|@)/i.test(value) ||
    /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?\//i.test(value)
  );
}

/** Remote references of one parsed kustomization at `file`; entries naming a file or folder of the repository are local. */
export function kustomizeRemoteReferences(
  file: string,
  parsed: unknown,
  index: RepoIndex,
): RemoteReference[] {
  if (!isRecord(parsed)) return [];
  const dir = parentOf(file);
  const isLocal = (value: string) => {
    const path = resolveInRepo(dir, value.split('?')[0] ?? '');
    return path !== null && (index.files.has(path) || index.dirs.has(path));
  };
  const found: RemoteReference[] = [];
  const consider = (field: string, value: unknown) => {
    if (typeof value === 'string' && looksRemote(value) && !isLocal(value))
      found.push({ file, field, value });
  };
  for (const field of kustomizeListFields) {
    const list = parsed[field];
    if (Array.isArray(list)) list.forEach((value, i) => consider(`${field}[${i}]`, value));
  }
  for (const [field, key] of kustomizeObjectFields) {
    const list = parsed[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      if (!isRecord(entry)) return;
      // Any chart repository is remote, whatever its form.
      if (field === 'helmCharts' && typeof entry[key] === 'string' && entry[key] !== '')
        found.push({ file, field: `${field}[${i}].${key}`, value: entry[key] });
      else consider(`${field}[${i}].${key}`, entry[key]);
    });
  }
  const openapi = parsed.openapi;
  if (isRecord(openapi)) consider('openapi.path', openapi.path);
  return found;
}

/** Chart dependencies fetched from a repository (`https://`, `oci://`, a repository name), not `file://`. */
export function helmRemoteDependencies(file: string, parsed: unknown): RemoteReference[] {
  if (!isRecord(parsed) || !Array.isArray(parsed.dependencies)) return [];
  const found: RemoteReference[] = [];
  parsed.dependencies.forEach((dependency: unknown, i) => {
    const repository = isRecord(dependency) ? dependency.repository : undefined;
    if (typeof repository === 'string' && repository !== '' && !repository.startsWith('file://'))
      found.push({ file, field: `dependencies[${i}].repository`, value: repository });
  });
  return found;
}

/** The per-app Problem for a remote reference the app has not opted in to. */
export function remoteRefused(reference: RemoteReference, tool: 'kustomize' | 'helm'): Problem {
  const what = tool === 'helm' ? 'a chart dependency from' : 'a remote resource at';
  return {
    code: 'render.remote-refused',
    message: `${reference.field} asks ${tool} for ${what} ${reference.value}, and this app does not allow network fetches`,
    hint:
      'Vendor it into the repository (helm dependency update, then commit charts/; or copy the base), ' +
      'or set render.allowRemote: true on the app in the fleet file (see docs/config.md).',
    source: { file: reference.file, field: reference.field },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
