/** `flotilla render APP`: prints the desired objects of one app, as `argocd app manifests` does. */
import { parseArgs } from 'node:util';
import { describeSource } from '../engine/render/index.js';
import { jsonForTerminal, yamlForTerminal } from '../engine/safe-output.js';
import { terminalSafe } from '../engine/safe-text.js';
import type { CliCommand, CliIo } from './command.js';
import { desiredStates, loadFleetOrReport, printProblems } from './fleet.js';

const usage = `usage: flotilla render APP [--revision REV] [--config FILE] [-o yaml|json]

Prints the objects APP renders to: its path in its repository at its revision (or at REV: a
branch, tag or commit), through plain YAML, Kustomize or Helm. Namespaces are filled in as they
will be applied. Nothing is sent to any cluster.

options:
  --revision REV       render this branch, tag or commit instead of the app's revision
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  -o, --output FORMAT  yaml (default: a multi-document stream, each object preceded by its source)
                       or json (an array of {source, identity, hash, object})

exit status: 0 when the app rendered, 1 when it did not, 2 on a usage error.`;

async function run(args: string[], io: CliIo): Promise<number> {
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
    return 2;
  }
  const fleet = await loadFleetOrReport(values.config, io);
  if (!fleet) return 1;
  const states = desiredStates(fleet, io);
  const name = positionals[0] ?? '';
  const app = states.app(name);
  if (!app) {
    io.stderr.write(
      `flotilla render: there is no app named "${name}" in ${fleet.file}\n  Apps: ${fleet.apps.map((a) => a.name).join(', ') || '(none)'}\n`,
    );
    return 1;
  }
  const result = await states.render(app, values.revision);
  if (!result.ok) {
    printProblems(io, result.problems);
    return 1;
  }
  const d = result.value;
  printProblems(io, [...d.stale, ...d.warnings]);
  const objects = d.output.objects;
  if (values.output === 'json') {
    io.stdout.write(
      jsonForTerminal(
        objects.map((o) => ({ source: o.source, identity: o.identity, hash: o.hash, object: o.object })),
      ) + '\n',
    );
  } else {
    // Comments hold paths from Git, the objects strings from it: escaped so the terminal never acts on
    // them, and the stream still parses to the same objects.
    const header = `# app ${app.name}: ${terminalSafe(`${app.repo} ${app.path || '.'} at ${d.revision}`)} (${d.sha}), ${d.output.renderer}, ${objects.length} objects\n`;
    io.stdout.write(
      header +
        objects
          .map(
            (o) => `---\n# Source: ${terminalSafe(describeSource(o.source))}\n${yamlForTerminal(o.object)}`,
          )
          .join(''),
    );
  }
  return 0;
}

/** The `render` command. */
export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'print the objects an app renders to (no cluster needed)',
  usage,
  run,
};
