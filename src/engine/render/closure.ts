/** Which files kustomize or helm need for one app: the app folder plus everything it references.
 *
 * Materialising the whole repository would always work but costs a read per file of a monorepo on
 * every render; the app's top-level folder misses references across the repository (a shared
 * `components/` folder). So the referenced folders are followed instead:
 *   - Kustomize: every string value of every kustomization file that names an existing file or
 *     folder of the repository (relative to that kustomization) is taken in, folders whole, and
 *     kustomizations inside taken-in folders are followed the same way. No list of kustomization
 *     fields to keep up to date; a string that happens to name a folder only costs a few writes.
 *   - Helm: the chart folder, the values files, and `file://` dependencies (recursively).
 * References that are not in the repository (remote bases, chart repositories) are refused unless the
 * app allows them (see remote.ts), and then left to the tool.
 */
import type { Problem } from '../problem.js';
import { parseWithinLimits } from '../yaml-limits.js';
import type { TreeFile } from '../source.js';
import { kustomizationNames } from './detect.js';
import { parentOf, relativeInside, resolveInRepo } from './paths.js';
import { kustomizeRemoteReferences, remoteRefused } from './remote.js';
import type { RepoIndex } from './repo-index.js';
import { tooDeepProblem } from './yaml-reader.js';

/** Reads a repository file as text. */
export type ReadText = (path: string) => Promise<string>;

/** Files to write, and problems found on the way. */
interface Closure {
  files: Map<string, TreeFile>;
  problems: Problem[];
}

/** Collects folders whole and single files, skipping what an included folder already holds. */
class Collector {
  readonly files = new Map<string, TreeFile>();
  private readonly dirs: string[] = [];

  constructor(private readonly index: RepoIndex) {}

  /** Adds a folder with all its files; returns the files newly added. */
  addDir(dir: string): TreeFile[] {
    if (this.dirs.some((taken) => taken === dir || relativeInside(taken, dir) !== null)) return [];
    this.dirs.push(dir);
    const added = this.index.filesUnder(dir).filter((file) => !this.files.has(file.path));
    for (const file of added) this.files.set(file.path, file);
    return added;
  }

  /** Adds one file if the repository has it. */
  addFile(path: string): boolean {
    const file = this.index.files.get(path);
    if (file) this.files.set(path, file);
    return file !== undefined;
  }
}

/** The files `kustomize build` of `appPath` reads from this repository; remote references are problems
 * unless `allowRemote`. */
export async function kustomizeClosure(
  index: RepoIndex,
  appPath: string,
  readText: ReadText,
  allowRemote = false,
): Promise<Closure> {
  const collector = new Collector(index);
  const problems: Problem[] = [];
  const pending = kustomizationsIn(collector.addDir(appPath));
  const scanned = new Set<string>();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (scanned.has(next)) continue;
    scanned.add(next);
    const parsed = await parseLeniently(readText, next, problems);
    if (!allowRemote)
      problems.push(
        ...kustomizeRemoteReferences(next, parsed, index).map((r) => remoteRefused(r, 'kustomize')),
      );
    for (const value of stringValues(parsed)) {
      const target = resolveInRepo(parentOf(next), value.split('?')[0] ?? '');
      if (target === null) continue;
      if (index.dirs.has(target)) pending.push(...kustomizationsIn(collector.addDir(target)));
      else collector.addFile(target);
    }
  }
  return { files: collector.files, problems };
}

function kustomizationsIn(files: TreeFile[]): string[] {
  return files
    .filter((file) => kustomizationNames.includes(file.path.slice(file.path.lastIndexOf('/') + 1)))
    .map((file) => file.path);
}

/** The files `helm template` of the chart at `chartPath` reads, with `valueFiles` relative to the chart. */
export async function helmClosure(
  index: RepoIndex,
  chartPath: string,
  valueFiles: string[],
  readText: ReadText,
): Promise<Closure> {
  const collector = new Collector(index);
  const problems: Problem[] = [];
  const charts = [chartPath];
  const seen = new Set<string>();
  for (let chart = charts.pop(); chart !== undefined; chart = charts.pop()) {
    if (seen.has(chart)) continue;
    seen.add(chart);
    collector.addDir(chart);
    for (const dependency of await localDependencies(readText, index, chart, problems))
      charts.push(dependency);
  }
  for (const valueFile of valueFiles) {
    const path = resolveInRepo(chartPath, valueFile);
    if (path !== null && collector.addFile(path)) continue;
    problems.push({
      code: 'render.value-file-missing',
      message:
        path === null
          ? `values file ${valueFile} is outside the repository`
          : `values file ${valueFile} does not exist (looked for ${path})`,
      hint: 'Values files are relative to the chart folder and must be in the same repository.',
      source: { file: `${chartPath ? `${chartPath}/` : ''}Chart.yaml`, field: 'helm.valueFiles' },
    });
  }
  return { files: collector.files, problems };
}

/** Folders of a chart's `file://` dependencies (Chart.yaml, or requirements.yaml of v1 charts). */
async function localDependencies(
  readText: ReadText,
  index: RepoIndex,
  chart: string,
  problems: Problem[],
): Promise<string[]> {
  const found: string[] = [];
  for (const name of ['Chart.yaml', 'requirements.yaml']) {
    const path = chart ? `${chart}/${name}` : name;
    if (!index.files.has(path)) continue;
    const parsed = (await parseLeniently(readText, path, problems)) as {
      dependencies?: Array<{ repository?: unknown }>;
    } | null;
    for (const dependency of Array.isArray(parsed?.dependencies) ? parsed.dependencies : []) {
      const repository = dependency?.repository;
      if (typeof repository !== 'string' || !repository.startsWith('file://')) continue;
      const dir = resolveInRepo(chart, repository.slice('file://'.length));
      if (dir !== null && index.dirs.has(dir)) found.push(dir);
    }
  }
  return found;
}

/** Parsed YAML, or null when it does not parse: the tool reports syntax errors in its own words. Nesting
 * too deep to parse safely is reported here, since the file is then never given to the tool. */
export async function parseLeniently(
  readText: ReadText,
  path: string,
  problems: Problem[],
): Promise<unknown> {
  const parsed = parseWithinLimits(await readText(path));
  if (parsed.ok) return parsed.value;
  if (parsed.tooDeep) problems.push(tooDeepProblem(path, parsed.tooDeep));
  return null;
}

/** Every string that could be a path, at any depth of a parsed value. */
function stringValues(value: unknown): string[] {
  if (typeof value === 'string')
    return value.length > 0 && value.length < 1024 && !value.includes('\n') && !value.includes('://')
      ? [value]
      : [];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringValues);
  return [];
}
