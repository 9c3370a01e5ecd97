/** The Kustomize renderer: `kustomize build`, or `kubectl kustomize` when only kubectl is installed. */
import { fail, ok } from '../problem.js';
import type { Result } from '../problem.js';
import { kustomizeClosure } from './closure.js';
import { kustomizationNames } from './detect.js';
import { joinRepoPath, resolveInRepo } from './paths.js';
import { indexTree } from './repo-index.js';
import { appDir, textReader, withWorkspace } from './tool-render.js';
import type { ToolRenderContext } from './tool-render.js';
import { findTool, runTool, toolMissing } from './tools.js';
import { readManifests } from './yaml-reader.js';
import type { RawDocument } from './yaml-reader.js';

/** Builds the kustomization at the app path; objects point at the kustomization (or their origin). */
export async function renderKustomize(context: ToolRenderContext): Promise<Result<RawDocument[]>> {
  const command = await kustomizeCommand(context);
  if (!command) {
    const tools = context.tools.kustomize ? (['kustomize'] as const) : (['kustomize', 'kubectl'] as const);
    return fail(
      toolMissing(
        [...tools],
        `${context.appPath || 'the repository root'} has a kustomization`,
        context.tools,
      ),
    );
  }
  const index = await indexTree(context.tree);
  const closure = await kustomizeClosure(
    index,
    context.appPath,
    textReader(context.tree),
    context.allowRemote,
  );
  if (closure.problems.length > 0) return fail(...closure.problems);
  const entry =
    kustomizationNames
      .map((name) => joinRepoPath(context.appPath, name))
      .find((path) => index.files.has(path)) ?? joinRepoPath(context.appPath, 'kustomization.yaml');
  return withWorkspace(context, closure.files.values(), async (workspace) => {
    const title = `${command.name} ${context.appPath || '.'}`;
    const run = await runTool(command.file, [...command.args, appDir(workspace, context.appPath)], {
      cwd: workspace.repo,
      env: context.toolEnv,
      signal: context.signal,
      maxBuffer: context.maxOutputBytes,
      tmpRoots: [workspace.repo, workspace.root],
      title,
    });
    if (!run.ok) return run;
    const read = readManifests(run.value, `${title} output`);
    if (read.problems.length > 0) return fail(...read.problems);
    return ok(
      read.documents.map((document) => ({
        value: document.value,
        source: { file: originOf(document.value, context.appPath) ?? entry },
      })),
    );
  });
}

async function kustomizeCommand(
  context: ToolRenderContext,
): Promise<{ name: string; file: string; args: string[] } | null> {
  const kustomize = await findTool('kustomize', context.tools, context.env);
  if (kustomize) return { name: 'kustomize build', file: kustomize, args: ['build'] };
  if (context.tools.kustomize) return null; // a configured but broken kustomize is reported, not papered over
  const kubectl = await findTool('kubectl', context.tools, context.env);
  return kubectl ? { name: 'kubectl kustomize', file: kubectl, args: ['kustomize'] } : null;
}

/** The file an object came from, when the kustomization asks for `buildMetadata: [originAnnotations]`. */
function originOf(value: unknown, appPath: string): string | null {
  const origin = (value as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata
    ?.annotations?.['config.kubernetes.io/origin'];
  if (typeof origin !== 'string') return null;
  const path = /^path: *(.+)$/m
    .exec(origin)?.[1]
    ?.trim()
    .replace(/^['"]|['"]$/g, '');
  if (!path || /^repo: /m.test(origin)) return null; // from a remote base: not a file of this repository
  return resolveInRepo(appPath, path);
}
