/** `flotilla status`: per app, cluster, revision, sync and health, from Git and the live clusters. */
import { parseArgs } from 'node:util';
import { jsonForTerminal } from '../engine/safe-output.js';
import type { AppStatus } from '../engine/status/index.js';
import type { CliCommand, CliIo } from './command.js';
import { loadApps, printProblems, withEngine } from './fleet.js';
import { ExitCode } from './exit-codes.js';
import { historyJson, historyNotes, readRecords } from './status-history.js';
import { formatTable } from './table.js';

const usage = `usage: flotilla status [APP…] [--config FILE] [-o table|json] [--readonly]

For each app (all, or those named): its cluster and namespace, the commit its revision resolves
to, sync status (Synced, OutOfSync, Unknown) and health (Healthy, Progressing, Degraded, Suspended,
Missing, Unknown), from a server-side dry-run comparison with the live cluster. Nothing is changed.
An identity that may not write is compared client-side, without any write request.
Under the table, per app: the auto-sync pause and a failed last sync, from the app's history on
its cluster (see \`flotilla history\`).

options:
  --config FILE        the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  -o, --output FORMAT  table (default) or json (with every resource:
                       {group, kind, namespace, name, sync, health, message}, and autoSyncPause,
                       lastSync {id, kind, result, message, finishedAt, attempts}, historyProblems)
  --readonly           never send a mutating request, not even a dry run

exit status: 0 when every app's status was determined, 1 when some are Unknown (unreachable
cluster, render error…), 2 a usage or configuration error (unknown app, invalid fleet file).`;

function resourceCounts(s: AppStatus): string {
  const c = s.diff?.counts;
  if (!c) return '-';
  const parts = [`${c.Synced} synced`];
  if (c.OutOfSync) parts.push(`${c.OutOfSync} out of sync`);
  if (c.Missing) parts.push(`${c.Missing} missing`);
  if (c.Extraneous) parts.push(`${c.Extraneous} extraneous`);
  if (c.Unknown) parts.push(`${c.Unknown} unknown`);
  return parts.join(', ');
}

function row(s: AppStatus): string[] {
  const rev = s.sha ? `${s.revision}@${s.sha.slice(0, 7)}` : s.revision;
  return [
    s.app.name,
    s.app.destination.cluster,
    s.app.destination.namespace,
    rev,
    s.sync,
    s.health.status,
    resourceCounts(s),
  ];
}

/** JSON shape of one app. */
function toJson(s: AppStatus, history: ReturnType<typeof historyJson>) {
  return {
    name: s.app.name,
    cluster: s.app.destination.cluster,
    namespace: s.app.destination.namespace,
    revision: s.revision,
    sha: s.sha ?? null,
    sync: s.sync,
    health: s.health.status,
    healthMessage: s.health.message,
    compareMode: s.diff?.mode ?? null,
    counts: s.diff?.counts ?? null,
    resources: s.resources,
    problems: s.problems,
    ...history,
  };
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'table' },
      readonly: { type: 'boolean', default: false },
    },
  });
  if (values.output !== 'table' && values.output !== 'json') {
    io.stderr.write(`flotilla status: -o must be table or json, not "${values.output}"\n`);
    return ExitCode.UsageOrConfig;
  }
  const loaded = await loadApps(values.config, positionals, io);
  if (!loaded) return ExitCode.UsageOrConfig;
  const { fleet } = loaded;
  const [statuses, records] = await withEngine(fleet, io, { readOnly: values.readonly }, (engine) =>
    Promise.all([engine.statuses(loaded.apps), readRecords(engine, loaded.apps)]),
  );
  if (values.output === 'json') {
    const docs = statuses.map((s) => toJson(s, historyJson(records.get(s.app.name))));
    io.stdout.write(jsonForTerminal(docs) + '\n');
  } else {
    io.stdout.write(
      formatTable(
        ['APP', 'CLUSTER', 'NAMESPACE', 'REVISION', 'SYNC', 'HEALTH', 'RESOURCES'],
        statuses.map(row),
      ),
    );
    const notes = statuses.flatMap((s) => historyNotes(s.app.name, records.get(s.app.name)));
    if (notes.length > 0) io.stdout.write(`\n${notes.join('\n')}\n`);
    for (const s of statuses) {
      if (s.problems.length === 0) continue;
      io.stderr.write(`\n${s.app.name}:\n`);
      printProblems(io, s.problems, '  ');
    }
  }
  return statuses.some((s) => s.sync === 'Unknown') ? ExitCode.Negative : ExitCode.Ok;
}

/** The `status` command. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'sync and health of each app against its live cluster',
  usage,
  run,
};
