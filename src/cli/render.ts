/** `flotilla render APP`: prints the desired objects of one app, as `argocd app manifests` does. */
import { parseArgs } from 'node:util';
import { isSecret, maskSecret } from '../engine/diff/index.js';
import { describeSource } from '../engine/render/index.js';
import type { RenderedObject } from '../engine/render/index.js';
import { jsonForTerminal, yamlForTerminal } from '../engine/safe-output.js';
import { terminalSafe } from '../engine/safe-text.js';
import type { CliCommand, CliIo } from './command.js';
import { loadFleetOrReport, printProblems, withEngine } from './fleet.js';
import { ExitCode } from './exit-codes.js';

const usage = `usage: flotilla render APP [--revision REV] [--config FILE] [-o yaml|json] [--show-secrets] [--readonly]

Prints the objects APP renders to: its path in its repository at its revision (or at REV: a
branch, tag or commit), through plain YAML, Kustomize or Helm. Namespaces are filled in as they
will be applied. Nothing is sent to any cluster. The values of Secrets are masked as in
\`flotilla diff\` (equal values share a token of plus signs), and their hash is null.

options:
  --revision REV       render this branch, tag or commit instead of the app's revision
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  -o, --output FORMAT  yaml (default: a multi-document stream, each object preceded by its source)
                       or json (an array of {source, identity, hash, object})
  --show-secrets       print Secret values as they are; refused in read-only mode
  --readonly           read-only mode (also set by settings.readOnly in the fleet file)

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
      'show-secrets': { type: 'boolean', default: false },
      readonly: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1 || (values.output !== 'yaml' && values.output !== 'json')) {
    io.stderr.write(`${usage}\n`);
    return ExitCode.UsageOrConfig;
  }
  const showSecrets = values['show-secrets'];
  if (showSecrets && values.readonly) return refuseShowSecrets(io, 'with --readonly');
  const fleet = await loadFleetOrReport(values.config, io);
  if (!fleet) return ExitCode.UsageOrConfig;
  if (showSecrets && fleet.settings.readOnly)
    return refuseShowSecrets(io, `while ${fleet.file} sets settings.readOnly`);
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
  const objects = d.output.objects.map((o) => (showSecrets ? o : masked(o)));
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
  return ExitCode.Ok;
}

/** A Secret with its values replaced by tokens and no hash (a hash of a short value can be guessed back). */
function masked(o: RenderedObject): Omit<RenderedObject, 'hash'> & { hash: string | null } {
  return isSecret(o.object) ? { ...o, object: maskSecret(o.object), hash: null } : o;
}

function refuseShowSecrets(io: CliIo, why: string): ExitCode {
  io.stderr.write(
    `flotilla render: --show-secrets is refused ${why}: read-only mode never prints Secret values\n`,
  );
  return ExitCode.UsageOrConfig;
}

/** The `render` command. */
export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'print the objects an app renders to (no cluster needed)',
  usage,
  run,
};
