/** `flotilla validate`: checks the fleet file, resolves every repo revision and renders every app. */
import { parseArgs } from 'node:util';
import type { App } from '../engine/config/index.js';
import type { DesiredState } from '../engine/desired/index.js';
import type { Problem, Result } from '../engine/problem.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import type { CliCommand, CliIo } from './command.js';
import { loadFleetOrReport, printProblems, withEngine } from './fleet.js';
import { ExitCode } from './exit-codes.js';
import { formatTable } from './table.js';

const usage = `usage: flotilla validate [--config FILE] [-o text|json]

Checks the fleet file (every error with its file, line and field), then resolves each app's
revision in its repository and renders the app (plain YAML, Kustomize or Helm). Reports, per app,
the commit, the renderer and the number of objects, or what is wrong and where.

options:
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  -o, --output FORMAT  text (default) or json

exit status: 0 when everything is valid, 1 when anything is not (the fleet file included: saying so
is this command's answer), 2 on a usage error.`;

interface AppReport {
  app: App;
  result: Result<DesiredState>;
}

/** JSON shape of one app in `-o json`. */
function appJson({ app, result }: AppReport) {
  const base = {
    name: app.name,
    cluster: app.destination.cluster,
    namespace: app.destination.namespace,
    repo: app.repo,
    revision: app.revision,
  };
  if (!result.ok) return { ...base, valid: false, problems: result.problems };
  const d = result.value;
  return {
    ...base,
    valid: d.stale.length === 0,
    sha: d.sha,
    renderer: d.output.renderer,
    objects: d.output.objects.length,
    problems: d.stale,
    warnings: d.warnings,
  };
}

function textRow({ app, result }: AppReport): string[] {
  const cells = [app.name, app.destination.cluster, app.destination.namespace];
  if (!result.ok)
    return [
      ...cells,
      app.revision,
      '-',
      '-',
      `invalid (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`,
    ];
  const d = result.value;
  const state = d.stale.length > 0 ? 'stale: newest commit unavailable' : 'ok';
  return [
    ...cells,
    `${d.revision}@${d.sha.slice(0, 7)}`,
    d.output.renderer,
    String(d.output.objects.length),
    state,
  ];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function appProblems({ result }: AppReport): Problem[] {
  return result.ok ? [...result.value.stale, ...result.value.warnings] : result.problems;
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string' }, output: { type: 'string', short: 'o', default: 'text' } },
  });
  if (values.output !== 'text' && values.output !== 'json') {
    io.stderr.write(`flotilla validate: -o must be text or json, not "${values.output}"\n`);
    return ExitCode.UsageOrConfig;
  }
  const fleet = await loadFleetOrReport(values.config, io);
  if (!fleet) {
    if (values.output === 'json') io.stdout.write(JSON.stringify({ valid: false, apps: [] }, null, 2) + '\n');
    return ExitCode.Negative;
  }
  const reports = await withEngine(fleet, io, {}, async (engine) => {
    const done: AppReport[] = [];
    for (const app of fleet.apps) done.push({ app, result: await engine.render(app) });
    return done;
  });
  const valid = reports.every((r) => r.result.ok && r.result.value.stale.length === 0);

  if (values.output === 'json') {
    io.stdout.write(jsonForTerminal({ valid, file: fleet.file, apps: reports.map(appJson) }) + '\n');
    return valid ? ExitCode.Ok : ExitCode.Negative;
  }
  const appSets = fleet.appSets.length;
  const counts = [
    count(fleet.clusters.length, 'cluster'),
    count(fleet.repos.length, 'repo'),
    count(fleet.apps.length, 'app'),
  ].join(', ');
  io.stdout.write(`${fleet.file}: ${counts}${appSets ? ` (${count(appSets, 'app set')})` : ''}\n\n`);
  io.stdout.write(
    formatTable(
      ['APP', 'CLUSTER', 'NAMESPACE', 'REVISION', 'RENDERER', 'OBJECTS', 'RESULT'],
      reports.map(textRow),
    ),
  );
  for (const report of reports) {
    const problems = appProblems(report);
    if (problems.length === 0) continue;
    io.stderr.write(`\n${report.app.name}:\n`);
    printProblems(io, problems, '  ');
  }
  io.stdout.write(valid ? '\nvalid\n' : '\ninvalid: see the problems above\n');
  return valid ? ExitCode.Ok : ExitCode.Negative;
}

/** The `validate` command. */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check the fleet file, resolve every revision and render every app',
  usage,
  run,
};
