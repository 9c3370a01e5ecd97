/** `flotilla` with no command: the terminal UI on the fleet, fed by the monitor in a worker thread. */
import { parseArgs } from 'node:util';
import { connectStore } from '../bridge/bridge.js';
import { startMonitorWorker } from '../engine/workers/index.js';
import { createFlotillaStore } from '../state/index.js';
import type { NotifyMode } from '../ui/attention.js';
import { runTui } from '../ui/run.js';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { loadFleetOrReport } from './fleet.js';

const usage = `usage: flotilla [--config FILE] [--theme NAME] [--readonly] [--no-auto-sync] [--ascii]
                [--notify off|bell|osc9]

Opens the terminal UI on the fleet: clusters, apps, resources, drift and health, live. Press ? for
the keys of the focused pane, :q or Ctrl-c to quit. While it is open, apps with
syncPolicy.automated are auto-synced and self-healed (docs/automation.md); the AUTO column and each
app's header show a pause, a sync error and the next attempt.

options:
  --config FILE     the fleet file (default: $FLOTILLA_CONFIG, else ./flotilla.yaml)
  --theme NAME      a theme from themes/ or $XDG_CONFIG_HOME/flotilla/themes (NO_COLOR is honoured)
  --readonly        never send a mutating request, not even a dry run (no auto-sync either)
  --no-auto-sync    only observe: show what automation would do, never sync by itself
  --ascii           ASCII glyphs only (the default when the locale is not UTF-8)
  --notify MODE     on a new alert: off (default), bell, or osc9 (a desktop notification)

The same engine runs without a screen: see flotilla status, flotilla diff.`;

const notifyModes: NotifyMode[] = ['off', 'bell', 'osc9'];

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      theme: { type: 'string' },
      readonly: { type: 'boolean', default: false },
      'no-auto-sync': { type: 'boolean', default: false },
      ascii: { type: 'boolean', default: false },
      notify: { type: 'string', default: 'off' },
    },
  });
  if (!notifyModes.includes(values.notify as NotifyMode)) {
    io.stderr.write(`flotilla: --notify must be one of ${notifyModes.join(', ')}\n`);
    return ExitCode.UsageOrConfig;
  }
  if (!io.stdout.isTTY) {
    io.stderr.write(
      'flotilla: the terminal UI needs a terminal; in a pipeline use `flotilla status` or `flotilla diff`.\n',
    );
    return ExitCode.UsageOrConfig;
  }
  const fleet = await loadFleetOrReport(values.config, io);
  if (!fleet) return ExitCode.UsageOrConfig;
  const readOnly = values.readonly || fleet.settings.readOnly;
  const store = createFlotillaStore();
  const worker = startMonitorWorker({
    fleet,
    env: { ...io.env },
    readOnly,
    autoSync: !values['no-auto-sync'],
  });
  try {
    const intents = connectStore(worker, store);
    await runTui({
      store,
      intents,
      env: io.env,
      ascii: values.ascii,
      notify: values.notify as NotifyMode,
      readOnly,
      ...(values.theme ? { theme: values.theme } : {}),
    });
  } finally {
    await worker.stop();
  }
  return ExitCode.Ok;
}

/** The terminal UI, run when flotilla gets no command. */
export const tuiCommand: CliCommand = {
  name: 'ui',
  summary: 'the terminal UI (also what `flotilla` with no command opens)',
  usage,
  run,
};
