/**
 * The program the tui-pty benchmark runs in a pseudo-terminal: the preview's fake fleet in the TUI of
 * the checkout at `--root` (this tree, or a copy of main to compare with), optionally with the engine
 * busy — `--churn N` changes N apps every 50 ms through the same 100 ms coalescer the bridge uses.
 * The same driver runs against both checkouts, so only their src/ differs.
 *
 *     node --import tsx test/bench/tui-pty-program.ts --root DIR --apps 5000 --churn 50
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type * as Coalescer from '../../src/state/coalescer.js';
import type * as Store from '../../src/state/store.js';
import type * as Run from '../../src/ui/run.js';
import type * as FakeEngine from '../preview/fake-engine.js';

// React and Ink read NODE_ENV when first imported; flotilla's launcher runs the production build.
process.env.NODE_ENV = 'production';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: '.' },
    apps: { type: 'string', default: '5000' },
    churn: { type: 'string', default: '0' },
  },
});
const root = resolve(values.root);
const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(root, path)).href) as Promise<T>;

const { createFlotillaStore } = await load<typeof Store>('src/state/store.ts');
const { createPatchCoalescer } = await load<typeof Coalescer>('src/state/coalescer.ts');
const { startFakeEngine } = await load<typeof FakeEngine>('test/preview/fake-engine.ts');
const { runTui } = await load<typeof Run>('src/ui/run.tsx');

const store = createFlotillaStore();
const engine = startFakeEngine(store, { apps: Number(values.apps), outageAtS: 0 });
const churn = Number(values.churn);
const coalescer = createPatchCoalescer(store, { intervalMs: 100 });
let turn = 0;
const churner =
  churn > 0
    ? setInterval(() => {
        // Apps off screen and on it alike: every flush is a new fleet for the selectors.
        const apps = Object.values(store.getState().apps);
        const upsert = [];
        for (let i = 0; i < churn; i++) {
          const app = apps[(turn * 7919 + i * 104_729) % apps.length];
          if (app === undefined) continue;
          upsert.push({ ...app, sync: app.sync === 'Synced' ? ('OutOfSync' as const) : ('Synced' as const) });
        }
        turn++;
        coalescer.push({ kind: 'apps', upsert });
      }, 50)
    : undefined;
await runTui({ store, intents: engine.intents });
if (churner !== undefined) clearInterval(churner);
coalescer.dispose();
engine.stop();
process.exit(0);
