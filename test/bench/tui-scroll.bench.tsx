/** The fleet table with 5,000 apps: first frame, then the latency of each cursor move and of a
 * 1,000-app status update, through the real App component (ink-testing-library, 160x50). */
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { applyPatch, createFlotillaStore } from '../../src/state/index.js';
import { noopIntents } from '../../src/state/intents.js';
import { App } from '../../src/ui/App.js';
import { BUILTIN_HANDLERS } from '../../src/ui/commands/builtin.js';
import { UNICODE_GLYPHS } from '../../src/ui/glyphs.js';
import { createDefaultRegistry } from '../../src/ui/keys/default-registry.js';
import { demoApps, demoClusters } from '../preview/demo-fleet.js';
import { ThemeCatalog } from '../../src/ui/themes/loader.js';
import type { Bench, Row } from './run.js';

const APPS = Number(process.env.FLOTILLA_BENCH_APPS ?? 5000);
const MOVES = 300;
const COLUMNS = 160;

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error('frame did not change in time');
    await new Promise((r) => setImmediate(r));
  }
}

/** The benchmark. */
export const bench: Bench = {
  name: 'tui-scroll',
  description: `fleet table with ${APPS} apps at ${COLUMNS}x50: first frame, ${MOVES} cursor moves, one 1,000-app update`,
  needsTestbed: false,
  async run() {
    const now = Date.now();
    const store = createFlotillaStore();
    applyPatch(store, [
      { kind: 'clusters', upsert: demoClusters(now) },
      { kind: 'apps', upsert: demoApps(now, APPS) },
    ]);
    const started = performance.now();
    const r = render(
      <App
        store={store}
        intents={noopIntents}
        registry={createDefaultRegistry()}
        handlers={BUILTIN_HANDLERS}
        themes={new ThemeCatalog()}
        glyphs={UNICODE_GLYPHS}
        clock={{ now: () => now, tickMs: 0 }}
        size={{ columns: COLUMNS, rows: 50 }}
      />,
    );
    Object.defineProperty(r.stdout, 'columns', { get: () => COLUMNS, configurable: true });
    r.stdout.emit('resize');
    const frame = () => stripVTControlCharacters(r.lastFrame() ?? '');
    await until(() => /›/.test(frame()));
    const firstFrame = performance.now() - started;

    const moves: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      const before = r.frames.length;
      const t = performance.now();
      r.stdin.write('\u001B[B');
      await until(() => r.frames.length > before);
      moves.push(performance.now() - t);
    }

    const apps = Object.values(store.getState().apps).slice(0, 1000);
    const before = r.frames.length;
    const t = performance.now();
    applyPatch(store, {
      kind: 'apps',
      upsert: apps.map((a) => ({ ...a, sync: a.sync === 'Synced' ? 'OutOfSync' : 'Synced' })),
    });
    await until(() => r.frames.length > before);
    const update = performance.now() - t;
    const mountedRows = frame().split('\n').length;
    r.unmount();
    const rows: Row[] = [
      {
        measure: `first frame with ${APPS} apps`,
        ms: round(firstFrame),
        note: `${mountedRows} lines on screen`,
      },
      {
        measure: 'cursor move (median)',
        ms: round(percentile(moves, 0.5)),
        note: `${MOVES} moves, Down key`,
      },
      { measure: 'cursor move (p95)', ms: round(percentile(moves, 0.95)), note: '' },
      { measure: 'cursor move (max)', ms: round(Math.max(...moves)), note: '' },
      { measure: '1,000 apps change status', ms: round(update), note: 'one patch, next frame' },
    ];
    return rows;
  },
};
