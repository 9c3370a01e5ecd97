/** The Helm renderer: `helm template`, hooks included and their annotations kept for the sync engine. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fail, ok } from '../problem.js';
import type { Result } from '../problem.js';
import { helmClosure } from './closure.js';
import { joinRepoPath, resolveInRepo } from './paths.js';
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
  const needsDependencyBuild = await hasUnvendoredDependencies(context, index);
  return withWorkspace(context, closure.files.values(), async (workspace) => {
    const chartDir = appDir(workspace, context.appPath);
    const run = (args: string[], title: string) =>
      runTool(helm, args, {
        cwd: workspace.repo,
        env: context.env,
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

/** True when Chart.yaml lists dependencies and the chart has no charts/ folder to find them in. */
async function hasUnvendoredDependencies(context: ToolRenderContext, index: RepoIndex): Promise<boolean> {
  const chartFile = joinRepoPath(context.appPath, 'Chart.yaml');
  if (!index.files.has(chartFile)) return false;
  let chart: { dependencies?: unknown };
  try {
    chart = (parse(new TextDecoder().decode(await context.tree.readFile(chartFile))) ?? {}) as {
      dependencies?: unknown;
    };
  } catch {
    return false; // helm template reports a broken Chart.yaml in its own words
  }
  return (
    Array.isArray(chart.dependencies) &&
    chart.dependencies.length > 0 &&
    !index.dirs.has(joinRepoPath(context.appPath, 'charts'))
  );
}

/** `# Source: web/templates/job.yaml` → `apps/web/templates/job.yaml` (the chart's name is replaced by its folder). */
function templateSource(source: ObjectSource, chartPath: string): ObjectSource {
  const template = source.template;
  if (!template) return { file: joinRepoPath(chartPath, 'Chart.yaml') };
  return { file: joinRepoPath(chartPath, template.slice(template.indexOf('/') + 1)), template };
}
