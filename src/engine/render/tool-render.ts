/** What the kustomize and helm renderers share: the app's context, and a temporary copy of its files. */
import { join } from 'node:path';
import { fail } from '../problem.js';
import type { Result } from '../problem.js';
import type { FileTree, TreeFile } from '../source.js';
import { makeTempRoot, materialise, removeTempRoot } from './materialise.js';
import type { ReadText } from './closure.js';
import type { ToolPaths } from './types.js';

/** Everything a tool-based renderer needs for one app. */
export interface ToolRenderContext {
  tree: FileTree;
  /** Normalised app path ('' for the repository root). */
  appPath: string;
  namespace: string;
  appName?: string;
  tools: ToolPaths;
  /** flotilla's environment, to find the tools on its PATH. */
  env: Record<string, string | undefined>;
  /** The environment the tools run with (see tool-env.ts). */
  toolEnv: Record<string, string>;
  /** True when the app lets the tools fetch remote bases and charts. */
  allowRemote: boolean;
  maxOutputBytes: number;
  tmpParent: string;
  signal: AbortSignal;
  /** Receives the repository paths the tool is given, so callers know what the output depends on. */
  inputs?: string[];
}

/** The temporary layout: the repository's files below `repo/`, flotilla's own files beside it. */
export interface Workspace {
  root: string;
  repo: string;
}

/** Reads a file of the context's tree as UTF-8 text. */
export function textReader(tree: FileTree): ReadText {
  return async (path) => new TextDecoder().decode(await tree.readFile(path));
}

/** Writes `files` to a fresh temporary folder, runs `work` on it, and always removes the folder. */
export async function withWorkspace<T>(
  context: ToolRenderContext,
  files: Iterable<TreeFile>,
  work: (workspace: Workspace) => Promise<Result<T>>,
): Promise<Result<T>> {
  const list = [...files];
  context.inputs?.push(...list.map((f) => f.path));
  const root = await makeTempRoot(context.tmpParent);
  try {
    const workspace = { root, repo: join(root, 'repo') };
    const problems = await materialise(context.tree, list, workspace.repo, context.signal);
    if (problems.length > 0) return fail(...problems);
    return await work(workspace);
  } finally {
    await removeTempRoot(root);
  }
}

/** The app folder inside a workspace. */
export function appDir(workspace: Workspace, appPath: string): string {
  return appPath ? join(workspace.repo, appPath) : workspace.repo;
}
