/**
 * Runs the TUI on a fake fleet (3 clusters, ~40 apps) so it can be seen before the engine is wired:
 *
 *     npm run preview -- [--theme NAME] [--ascii] [--apps N] [--notify bell|osc9] [--readonly]
 */
import { parseArgs } from 'node:util';

// React and Ink read NODE_ENV when first imported; development mode is several times slower.
process.env.NODE_ENV ??= 'production';

const { values } = parseArgs({
  options: {
    theme: { type: 'string' },
    ascii: { type: 'boolean', default: false },
    apps: { type: 'string', default: '40' },
    notify: { type: 'string', default: 'off' },
    readonly: { type: 'boolean', default: false },
    outage: { type: 'string', default: '25' },
  },
});

const { createFlotillaStore } = await import('../../src/state/store.js');
const { startFakeEngine } = await import('./fake-engine.js');
const { runTui } = await import('../../src/ui/run.js');

const store = createFlotillaStore();
const engine = startFakeEngine(store, { apps: Number(values.apps), outageAtS: Number(values.outage) });
const notify = values.notify === 'bell' || values.notify === 'osc9' ? values.notify : 'off';
const result = await runTui({
  store,
  intents: engine.intents,
  theme: values.theme,
  ascii: values.ascii,
  notify,
  readOnly: values.readonly,
});
engine.stop();
for (const w of result.warnings) process.stderr.write(`flotilla preview: ${w}\n`);
process.exit(0);
