/** The plain-directory renderer: every `.yaml`, `.yml` and `.json` file below the app folder. */
import picomatch from 'picomatch';
import { fail, ok } from '../problem.js';
import type { Problem, Result } from '../problem.js';
import type { FileTree, TreeFile } from '../source.js';
import { relativeInside } from './paths.js';
import { followSymlink, symlinkMode } from './symlinks.js';
import type { DirectoryOptions } from './types.js';
import { readManifests } from './yaml-reader.js';
import type { RawDocument } from './yaml-reader.js';
import { mapLimit } from '../concurrency.js';

const manifestExtension = /\.(ya?ml|json)$/i;
/** Files read at once: enough to hide a Git object store's latency, few enough to stay polite. */
const readConcurrency = 8;

/** The app's manifest files in path order, after `recurse`, include and exclude. */
export function selectManifestFiles(
  appPath: string,
  files: TreeFile[],
  options: DirectoryOptions = {},
): TreeFile[] {
  const included = matcher(options.include);
  const excluded = matcher(options.exclude);
  return files.filter((file) => {
    const relative = relativeInside(appPath, file.path);
    if (relative === null || !manifestExtension.test(relative)) return false;
    if (options.recurse === false && relative.includes('/')) return false;
    if (included && !included(relative)) return false;
    return !excluded?.(relative);
  });
}

function matcher(globs: string | string[] | undefined): ((path: string) => boolean) | null {
  const list = (Array.isArray(globs) ? globs : globs ? [globs] : [])
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
  if (list.length === 0) return null;
  // A pattern without a slash (`*.yaml`) matches the file name at any depth, as in .gitignore;
  // one with a slash matches the whole path relative to the app folder.
  const byName = list.filter((glob) => !glob.includes('/'));
  const byPath = list.filter((glob) => glob.includes('/'));
  const nameMatches = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatches = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (path) => pathMatches(path) || nameMatches(path.slice(path.lastIndexOf('/') + 1));
}

/** Reads and parses every selected file; all syntax errors are reported together. */
export async function readDirectory(
  tree: FileTree,
  files: TreeFile[],
  signal: AbortSignal,
): Promise<Result<RawDocument[]>> {
  const perFile = await mapLimit(files, readConcurrency, (file) => readOne(tree, file), signal);
  const problems: Problem[] = perFile.flatMap((r) => r.problems);
  return problems.length > 0 ? fail(...problems) : ok(perFile.flatMap((r) => r.documents));
}

async function readOne(
  tree: FileTree,
  file: TreeFile,
): Promise<{ documents: RawDocument[]; problems: Problem[] }> {
  let path = file.path;
  if (file.mode === symlinkMode) {
    const target = await followSymlink(tree, file.path);
    if (!target.ok) return { documents: [], problems: [target.problem] };
    if (target.path === null) return { documents: [], problems: [] }; // dangling, or a link to a folder
    path = target.path;
  }
  let bytes: Uint8Array;
  try {
    bytes = await tree.readFile(path);
  } catch (error) {
    return {
      documents: [],
      problems: [readProblem(file.path, `cannot be read: ${(error as Error).message}`)],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { documents: [], problems: [readProblem(file.path, 'is not UTF-8 text')] };
  }
  return readManifests(text, file.path);
}

function readProblem(file: string, what: string): Problem {
  return { code: 'render.read-failed', message: `${file} ${what}`, source: { file } };
}
