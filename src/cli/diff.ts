/** `flotilla diff APP…`: what syncing would change, as a unified diff per resource (Secret values masked). */
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { diffText, type ResourceDiff } from '../engine/diff/index.js';
import { describeIdentity } from '../engine/objects.js';
import { terminalSafeLines } from '../engine/safe-text.js';
import type { AppStatus } from '../engine/status/index.js';
import type { CliCommand, CliIo } from './command.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { ExitCode } from './exit-codes.js';

const usage = `usage: flotilla diff APP… [--config FILE] [--exit-code] [--full] [--color auto|always|never] [--readonly]

Shows, for each named app, how its live objects differ from Git: a unified diff (live → Git) per
out-of-sync resource, objects Git has that the cluster lacks (would be created) and tracked objects
the cluster has that Git no longer does (would be pruned). Secret values are masked. Nothing is
changed.

options:
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  --exit-code          exit 1 when anything differs, 0 when in sync (as kubectl diff)
  --full               diff large changes too: by default a resource with more than 1,000 changed
                       lines (or over 1 MB of YAML, or 0.5 s of diffing) shows only its size;
                       --full raises that to 200,000 lines, 64 MB and 60 s
  --color WHEN         colour the diff: auto (default: when standard output is a terminal), always, never
  --readonly           never send a mutating request, not even a dry run

exit status: 0 done (with --exit-code: everything in sync), 1 an app could not be compared (with
--exit-code: or something differs), 2 a usage or configuration error (unknown app, invalid fleet file).`;

const colours = { add: '\x1b[32m', del: '\x1b[31m', hunk: '\x1b[36m', head: '\x1b[1m', reset: '\x1b[0m' };

function paint(text: string, colour: boolean): string {
  if (!colour) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return `${colours.head}${line}${colours.reset}`;
      if (line.startsWith('+')) return `${colours.add}${line}${colours.reset}`;
      if (line.startsWith('-')) return `${colours.del}${line}${colours.reset}`;
      if (line.startsWith('@@')) return `${colours.hunk}${line}${colours.reset}`;
      return line;
    })
    .join('\n');
}

function whole(obj: unknown, sign: '+' | '-'): string {
  return stringify(obj, { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((l) => `${sign}${l}`)
    .join('\n');
}

function resourceText(app: string, r: ResourceDiff, full: boolean): string | undefined {
  const title = `${app}: ${describeIdentity(r.identity)}`;
  switch (r.status) {
    case 'OutOfSync':
      return `# ${title} (out of sync${r.mode ? `, compared ${r.mode}` : ''})\n${diffText(r, { app, full }) ?? ''}`.trimEnd();
    case 'Missing':
      return `# ${title} (missing: would be created)\n${whole(r.target ?? {}, '+')}`;
    case 'Extraneous':
      return r.ignoreExtraneous
        ? undefined
        : `# ${title} (extraneous: would be pruned)\n${whole(r.live ?? {}, '-')}`;
    default:
      return undefined;
  }
}

function differs(s: AppStatus): boolean {
  return (s.diff?.resources ?? []).some(
    (r) =>
      r.status === 'OutOfSync' ||
      r.status === 'Missing' ||
      (r.status === 'Extraneous' && !r.ignoreExtraneous),
  );
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'exit-code': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      color: { type: 'string', default: 'auto' },
      readonly: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0 || !['auto', 'always', 'never'].includes(values.color)) {
    io.stderr.write(`${usage}\n`);
    return ExitCode.UsageOrConfig;
  }
  const colour =
    values.color === 'always' || (values.color === 'auto' && io.stdout.isTTY === true && !io.env.NO_COLOR);
  const loaded = await loadApps(values.config, positionals, io);
  if (!loaded) return ExitCode.UsageOrConfig;
  const { fleet } = loaded;
  const statuses = await withEngine(fleet, io, { readOnly: values.readonly }, (engine) =>
    engine.statuses(loaded.apps),
  );
  let failed = false;
  for (const s of statuses) {
    if (s.sync === 'Unknown' && !s.diff) {
      failed = true;
      io.stderr.write(`${s.app.name}: the comparison could not be made:\n`);
      printProblems(io, s.problems, '  ');
      continue;
    }
    const texts = (s.diff?.resources ?? [])
      .map((r) => resourceText(s.app.name, r, values.full))
      .filter((t): t is string => t !== undefined);
    // Names and values come from Git and the cluster: made safe before our own colours are added.
    if (texts.length > 0) io.stdout.write(paint(terminalSafeLines(texts.join('\n\n')), colour) + '\n\n');
    if (s.problems.length > 0) printProblems(io, s.problems);
  }
  if (failed) return ExitCode.Negative;
  return values['exit-code'] && statuses.some(differs) ? ExitCode.Negative : ExitCode.Ok;
}

/** The `diff` command. */
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'show how live objects differ from Git (Secret values masked)',
  usage,
  run,
};
