/** `flotilla render APP`: prints the desired objects of one app, as `argocd app manifests` does. */
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { describeSource } from '../engine/render/index.js';
import type { CliCommand, CliIo } from './command.js';
import { loadFleetOrReport, printProblems, withEngine } from './fleet.js';
import { ExitCode } from './exit-codes.js';

const usage = `usage: flotilla render APP [--revision REV] [--config FILE] [-o yaml|json]

Prints the objects APP renders to: its path in its repository at its revision (or at REV: a
branch, tag or commit), through plain YAML, Kustomize or Helm. Namespaces are filled in as they
will be applied. Nothing is sent to any cluster.

options:
  --revision REV       render this branch, tag or commit instead of the app's revision
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  -o, --output FORMAT  yaml (default: a multi-document stream, each object preceded by its source)
                       or json (an array of {source, identity, hash, object})

exit status: 0 when the app rendered, 1 when it did not, 2 a usage or configuration error (unknown
app, invalid fleet file).`;

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      revision: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'yaml' },
    },
  });
  if (positionals.length !== 1 || (values.output !== 'yaml' && values.output !== 'json')) {
    io.stderr.write(`${usage}\n`);
    return ExitCode.UsageOrConfig;
  }
  const fleet = await loadFleetOrReport(values.config, io);
  if (!fleet) return ExitCode.UsageOrConfig;
  const name = positionals[0] ?? '';
  const app = fleet.apps.find((a) => a.name === name);
  if (!app) {
    io.stderr.write(
      `flotilla render: there is no app named "${name}" in ${fleet.file}\n  Apps: ${fleet.apps.map((a) => a.name).join(', ') || '(none)'}\n`,
    );
    return ExitCode.UsageOrConfig;
  }
  const result = await withEngine(fleet, io, {}, (engine) => engine.render(app, values.revision));
  if (!result.ok) {
    printProblems(io, result.problems);
    return ExitCode.Negative;
  }
  const d = result.value;
  printProblems(io, [...d.stale, ...d.warnings]);
  const objects = d.output.objects;
  if (values.output === 'json') {
    io.stdout.write(
      JSON.stringify(
        objects.map((o) => ({ source: o.source, identity: o.identity, hash: o.hash, object: o.object })),
        null,
        2,
      ) + '\n',
    );
  } else {
    const header = `# app ${app.name}: ${app.repo} ${app.path || '.'} at ${d.revision} (${d.sha}), ${d.output.renderer}, ${objects.length} objects\n`;
    io.stdout.write(
      header +
        objects
          .map((o) => `---\n# Source: ${describeSource(o.source)}\n${stringify(o.object, { lineWidth: 0 })}`)
          .join(''),
    );
  }
  return ExitCode.Ok;
}

/** The `render` command. */
export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'print the objects an app renders to (no cluster needed)',
  usage,
  run,
};
