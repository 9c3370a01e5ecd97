/** The Helm renderer: `helm template`, hooks included and their annotations kept for the sync engine. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok } from '../problem.js';
import type { Problem, Result } from '../problem.js';
import { helmClosure, parseLeniently } from './closure.js';
import { joinRepoPath, resolveInRepo } from './paths.js';
import { helmRemoteDependencies, remoteRefused } from './remote.js';
import { indexTree } from './repo-index.js';
import type { RepoIndex } from './repo-index.js';
import { appDir, textReader, withWorkspace } from './tool-render.js';
import type { ToolRenderContext, Workspace } from './tool-render.js';
import { findTool, runTool, toolMissing } from './tools.js';
import type { HelmOptions, ObjectSource } from './types.js';
import { readManifests } from './yaml-reader.js';
import type { RawDocument } from './yaml-reader.js';

/** Renders the chart at the app path; objects point at their template file in the repository. */
export async function renderHelm(
  context: ToolRenderContext,
  options: HelmOptions = {},
): Promise<Result<RawDocument[]>> {
  const helm = await findTool('helm', context.tools, context.env);
  if (!helm)
    return fail(
      toolMissing(['helm'], `${context.appPath || 'the repository root'} is a Helm chart`, context.tools),
    );
  const index = await indexTree(context.tree);
  const valueFiles = options.valueFiles ?? [];
  const closure = await helmClosure(index, context.appPath, valueFiles, textReader(context.tree));
  if (closure.problems.length > 0) return fail(...closure.problems);
  const dependencies = await unvendoredDependencies(context, index);
  if (!dependencies.ok) return dependencies;
  const needsDependencyBuild = dependencies.value;
  return withWorkspace(context, closure.files.values(), async (workspace) => {
    const chartDir = appDir(workspace, context.appPath);
    const run = (args: string[], title: string) =>
      runTool(helm, args, {
        cwd: workspace.repo,
        env: context.toolEnv,
        signal: context.signal,
        maxBuffer: context.maxOutputBytes,
        tmpRoots: [workspace.repo, workspace.root],
        title,
      });
    if (needsDependencyBuild) {
      // Vendors file:// dependencies into charts/, as Argo CD does before templating
      const built = await run(
        ['dependency', 'build', '--skip-refresh', chartDir],
        `helm dependency build ${context.appPath || '.'}`,
      );
      if (!built.ok) return built;
    }
    const args = await templateArgs(context, options, workspace, chartDir);
    const output = await run(args, `helm template ${context.appPath || '.'}`);
    if (!output.ok) return output;
    const read = readManifests(output.value, `helm template ${context.appPath || '.'} output`, {
      helmSources: true,
    });
    if (read.problems.length > 0) return fail(...read.problems);
    return ok(
      read.documents.map((document) => ({
        value: document.value,
        source: templateSource(document.source, context.appPath),
      })),
    );
  });
}

async function templateArgs(
  context: ToolRenderContext,
  options: HelmOptions,
  workspace: Workspace,
  chartDir: string,
): Promise<string[]> {
  const releaseName = options.releaseName || context.appName || context.appPath.split('/').pop() || 'release';
  const args = ['template', releaseName, chartDir, '--namespace', options.namespace || context.namespace];
  if (!options.skipCrds) args.push('--include-crds');
  if (options.kubeVersion) args.push('--kube-version', options.kubeVersion);
  for (const apiVersion of options.apiVersions ?? []) args.push('--api-versions', apiVersion);
  for (const valueFile of options.valueFiles ?? []) {
    const path = resolveInRepo(context.appPath, valueFile);
    if (path !== null) args.push('--values', join(workspace.repo, path));
  }
  if (options.values !== undefined) {
    // Beside the repository copy, not inside the chart, so `.Files` never sees it
    const inline = join(workspace.root, 'inline-values.yaml');
    await writeFile(
      inline,
      typeof options.values === 'string' ? options.values : JSON.stringify(options.values),
    );
    args.push('--values', inline);
  }
  return args;
}

/** True when the chart lists dependencies (Chart.yaml, or requirements.yaml of v1 charts) and has no
 * charts/ folder to find them in, so `helm dependency build` must fetch them; refused when one comes from
 * a repository and the app does not allow network fetches. */
async function unvendoredDependencies(
  context: ToolRenderContext,
  index: RepoIndex,
): Promise<Result<boolean>> {
  if (index.dirs.has(joinRepoPath(context.appPath, 'charts'))) return ok(false);
  const problems: Problem[] = [];
  let listed = false;
  for (const name of ['Chart.yaml', 'requirements.yaml']) {
    const file = joinRepoPath(context.appPath, name);
    if (!index.files.has(file)) continue;
    // A broken file reads as null: helm template reports it in its own words.
    const parsed = await parseLeniently(textReader(context.tree), file, problems);
    const dependencies = (parsed as { dependencies?: unknown } | null)?.dependencies;
    listed ||= Array.isArray(dependencies) && dependencies.length > 0;
    if (!context.allowRemote)
      problems.push(...helmRemoteDependencies(file, parsed).map((r) => remoteRefused(r, 'helm')));
  }
  return problems.length > 0 ? fail(...problems) : ok(listed);
}

/** `# Source: web/templates/job.yaml` → `apps/web/templates/job.yaml` (the chart's name is replaced by its folder). */
function templateSource(source: ObjectSource, chartPath: string): ObjectSource {
  const template = source.template;
  if (!template) return { file: joinRepoPath(chartPath, 'Chart.yaml') };
  return { file: joinRepoPath(chartPath, template.slice(template.indexOf('/') + 1)), template };
}
